"""What the command line prints: control characters escaped, one line per item, a stdout that fails."""

from __future__ import annotations

import errno
import sys

import pytest

from attn_teach.terminal import StdoutLost, flush_stdout, printable, say


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;PWNED\x07\x1b[2J.npz", "\\x1b]0;PWNED\\x07\\x1b[2J.npz"),  # a title, then a cleared screen
        ("a\nb.png", "a\\nb.png"),  # one line, not two
        ("a\rb", "a\\rb"),
        ("tab\there", "tab\\there"),
        ("\x9b2J", "\\x9b2J"),  # the one-byte C1 form of ESC [
        ("\x7f", "\\x7f"),
        ("evil\u202egnp.exe", "evil\\u202egnp.exe"),  # a right-to-left override reorders what is shown
        ("line\u2028break", "line\\u2028break"),
    ],
)
def test_control_characters_are_written_as_escapes(text, shown):
    assert printable(text) == shown
    assert printable(text).isprintable()


@pytest.mark.parametrize("text", ["今日はカレーを食べました。", "▁今日", "[CLS] i love ##ing", "a\u3000b", "café"])
def test_ordinary_text_is_left_as_it_is(text):
    assert printable(text) == text


def test_say_prints_one_escaped_line(capsys):
    say("out/\x1b[2J\nx.npz: done")
    say("note \x07", err=True)
    captured = capsys.readouterr()
    assert captured.out == "out/\\x1b[2J\\nx.npz: done\n"
    assert captured.err == "note \\x07\n"


class Full:
    """A stream on a full disk."""

    def write(self, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_stdout_is_stdout_lost(monkeypatch):
    monkeypatch.setattr(sys, "stdout", Full())
    with pytest.raises(StdoutLost, match="No space left on device"):
        say("x.npz: done")
    with pytest.raises(StdoutLost):
        flush_stdout()
