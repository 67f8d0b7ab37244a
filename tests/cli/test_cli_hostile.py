"""The command line under hostile and careless use: invalid UTF-8, legacy terminals, a closed pipe,
odd suffixes, dangling links.

First written in a reliability review; each refusal is one line and exit 2.
"""

import os
import subprocess
import sys

import pytest

from attn_teach import Attention

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "MPLBACKEND": "Agg"}


def _cli(*args, env=None, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "attn_teach", *args], env={**ENV, **(env or {})}, capture_output=True, **kwargs
    )


# -- 6. one line where there were tracebacks --------------------------------------------------------
def test_invalid_utf8_text_argument(tmp_path):
    done = _cli("extract", b"caf\xe9 au lait", "-o", str(tmp_path / "a.npz"))
    assert done.returncode == 2
    assert (
        done.stderr.decode().strip() == "attn-teach: error: the text is not valid UTF-8; save or type it "
        "as UTF-8 and try again"
    )


@pytest.mark.parametrize("encoding", ["cp932", "cp1252"])
def test_stdout_in_a_legacy_encoding(tmp_path, encoding):
    out = tmp_path / "a.npz"
    done = _cli(
        "extract",
        "今日はカレーライスを食べました。",
        "--model",
        "tiny-gpt2-ja",
        "-o",
        str(out),
        env={"PYTHONIOENCODING": encoding},
    )
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    assert b"Traceback" not in done.stderr
    assert Attention.load(out).text == "今日はカレーライスを食べました。"


def test_a_broken_pipe_after_the_write_exits_quietly(tmp_path):
    out = tmp_path / "a.npz"
    reader, writer = os.pipe()
    os.close(reader)  # like `| head` that has already exited
    try:
        done = subprocess.run(
            [sys.executable, "-m", "attn_teach", "extract", "I love it", "-o", str(out)],
            env=ENV,
            stdout=writer,
            stderr=subprocess.PIPE,
        )
    finally:
        os.close(writer)
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr and b"error" not in done.stderr
    assert Attention.load(out).tokens[1] == "i"


# -- 8. messages that name the real cause -------------------------------------------------------------


@pytest.mark.parametrize("command, suffix", [("extract", ".NPZ"), ("plot", ".PNG")])
def test_upper_case_suffixes_are_accepted(tmp_path, command, suffix):
    out = tmp_path / f"out{suffix}"
    done = _cli(command, "I love it", "-o", str(out))
    assert done.returncode == 0, done.stderr.decode()
    assert out.stat().st_size > 100


def test_a_bad_suffix_is_refused_before_the_model_runs(tmp_path):
    done = _cli("extract", "I love it", "--model", str(tmp_path / "no-such-model"), "-o", str(tmp_path / "a.txt"))
    assert done.returncode == 2
    assert "the output must end in .npz" in done.stderr.decode()


def test_the_cli_never_follows_a_dangling_symlink(tmp_path):
    victim = tmp_path / "elsewhere" / "fig.png"
    (tmp_path / "fig.png").symlink_to(victim)
    done = _cli("plot", "I love it", "-o", str(tmp_path / "fig.png"))
    assert done.returncode == 2
    assert "is a symbolic link to nothing" in done.stderr.decode()
    assert not victim.parent.exists()


# -- argparse's own refusals: one line, escaped, exit 2 ----------------------------------------------
@pytest.mark.parametrize(
    "argv, line",
    [
        (  # argparse writes unrecognized arguments as they are: a title change, a cleared screen, a newline
            ["models", "\x1b]0;PWNED\x07\x1b[2J", "a\nb"],
            "attn-teach: error: unrecognized arguments: \\x1b]0;PWNED\\x07\\x1b[2J a\\nb (see attn-teach --help)",
        ),
        (
            ["extract", "hi", "-o", "x.npz", "--measure", "x\ny"],
            "attn-teach: error: argument --measure: invalid choice: 'x\\ny' (choose from 'weight', 'norm') "
            "(see attn-teach extract --help)",
        ),
        (
            ["extract", "hi"],
            "attn-teach: error: the following arguments are required: -o/--output (see attn-teach extract --help)",
        ),
        (
            ["practice", "hint", "\x1b[2J"],
            "attn-teach: error: argument stage: invalid int value: '\\x1b[2J' (see attn-teach practice hint --help)",
        ),
    ],
)
def test_argparse_refusals_are_one_escaped_line(capsys, argv, line):
    from attn_teach import cli

    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", line + "\n")


def test_argparse_refusals_speak_the_chosen_language(capsys):
    from attn_teach import cli

    with pytest.raises(SystemExit) as info:
        cli.main(["--lang", "ja", "models", "\x1b[2J"])
    assert info.value.code == 2
    assert capsys.readouterr().err == (
        "attn-teach: エラー: unrecognized arguments: \\x1b[2J（attn-teach --help を参照してください）\n"
    )
