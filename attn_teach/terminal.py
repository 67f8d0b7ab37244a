"""What the command line prints: one line per item, no control characters, and a stdout that may fail.

A file name, a token or a model path is the user's text, and it reaches a terminal:
``attn-teach extract hello -o $'\\e]0;title\\a\\e[2J.npz'`` would set the terminal's
title and clear its screen if its name were printed as it is, and a newline in a
name would split one printed line in two. :func:`printable` writes every control
character as its escape (``\\x1b``, ``\\n``), as Python's ``repr`` does; :func:`say`
prints through it.

A report on stdout can fail after the work is done (``> /dev/full``): :func:`say`
then raises :class:`StdoutLost`, which the command line turns into a note on stderr
that says the work was done.
"""

from __future__ import annotations

import os
import sys
import unicodedata

# characters that move the cursor, change the terminal or reorder the text shown, besides the C0/C1 controls
_INVISIBLE = {"Zl", "Zp"}  # line and paragraph separators
_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))  # embeddings, overrides, isolates


def _escape(char: str) -> str:
    if unicodedata.category(char) == "Cc" or unicodedata.category(char) in _INVISIBLE or ord(char) in _BIDI:
        return char.encode("unicode_escape").decode("ascii")
    return char


def printable(text: object) -> str:
    r"""``text`` with every control character written as its escape: safe on a terminal, on one line.

    Examples
    --------
    >>> printable("\x1b]0;PWNED\x07\x1b[2J.npz")
    '\\x1b]0;PWNED\\x07\\x1b[2J.npz'
    >>> printable("a\nb.png"), printable("今日は")
    ('a\\nb.png', '今日は')
    """
    text = str(text)
    if text.isprintable():  # the usual case: nothing to escape
        return text
    return "".join(_escape(c) for c in text)


class StdoutLost(Exception):
    """stdout could not be written (a full disk, a closed pipe): the work itself may well be done."""

    def __init__(self, reason: OSError) -> None:
        super().__init__(reason.strerror or str(reason))
        self.reason = reason


def say(text: object, *, err: bool = False) -> None:
    """Print ``text`` through :func:`printable` on stdout (or stderr when ``err``).

    A failure to write stdout raises :class:`StdoutLost` (a broken pipe stays a
    ``BrokenPipeError``: the reader left, which is not a failure).
    """
    line = printable(text)
    if err:
        print(line, file=sys.stderr)
        return
    try:
        print(line, file=sys.stdout)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StdoutLost(exc) from exc


def flush_stdout() -> None:
    """Write out what stdout holds now, raising :class:`StdoutLost` if it cannot be written."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StdoutLost(exc) from exc


def tolerant_streams() -> None:
    """Never fail on a character the terminal cannot show (cp932, cp1252 and Japanese tokens)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):  # not a text stream we can reconfigure
            pass


def silence_stdout() -> None:
    """Point stdout at the null device so that Python's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
