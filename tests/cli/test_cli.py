"""The ``attn-teach`` command line: what it writes, and how it refuses.

Every refusal is exit code 2 with exactly one line, ``attn-teach: error: ...``, on
stderr, no traceback, and nothing written or replaced. The commands run in-process
through :func:`attn_teach.cli.main`; ``--help`` also runs as a real subprocess.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
import sys

import numpy as np
import pytest
from offline_probe import slow_paths

from attn_teach import Attention, cli, extract
from attn_teach.models import DOWNLOAD_PATTERNS

EN = "I love natural language processing!"
UNCACHED = "attn-teach-tests/no-such-model"  # a hub id no cache holds


def refused(capsys, argv: list[str]) -> str:
    """Run the CLI expecting a refusal; return its one error line."""
    code = cli.main(argv)
    captured = capsys.readouterr()
    assert code == 2, captured
    assert "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("attn-teach: error: ")
    return lines[0]


def snapshot(folder):
    """Every file below ``folder`` with its bytes and modification time."""
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_help_runs_as_a_program():
    done = subprocess.run(
        [sys.executable, "-m", "attn_teach", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: attn-teach")
    for command in ["reproduce", "extract", "models", "download"]:
        assert command in done.stdout
    assert "Traceback" not in done.stderr


# -- extract ----------------------------------------------------------------------------
def test_extract_writes_a_loadable_file(tmp_path, capsys):
    out = tmp_path / "x.npz"
    assert cli.main(["extract", EN, "--model", "tiny-bert-en", "-o", str(out)]) == 0
    assert "(4, 4, 9, 9)" in capsys.readouterr().out
    a = Attention.load(out)
    assert a.model_name == "tiny-bert-en" and a.text == EN
    np.testing.assert_array_equal(a.weights, extract(EN, "tiny-bert-en").weights)


def test_extract_keeps_only_the_layers_asked_for(tmp_path, capsys):
    out = tmp_path / "last.npz"
    assert cli.main(["extract", EN, "--layers", "-1", "-o", str(out)]) == 0
    capsys.readouterr()
    assert Attention.load(out).layers == (3,)


def test_extract_refuses_to_replace_a_file_without_force(tmp_path, capsys):
    out = tmp_path / "x.npz"
    extract("today i ate curry.", "tiny-bert-en").save(out)
    before = out.read_bytes()
    line = refused(capsys, ["extract", EN, "-o", str(out)])
    # the command line's own check, not Attention.save's (which speaks of overwrite=True, after the model ran)
    assert f"{out} already exists; choose another name or add --force" in line and "overwrite" not in line
    assert out.read_bytes() == before
    assert cli.main(["extract", EN, "-o", str(out), "--force"]) == 0
    capsys.readouterr()
    assert out.read_bytes() != before
    assert Attention.load(out).text == EN


@pytest.mark.parametrize("text", ["", "   "])
def test_extract_refuses_empty_text(tmp_path, capsys, text):
    line = refused(capsys, ["extract", text, "-o", str(tmp_path / "x.npz")])
    assert "empty" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["--model", "no such model!"],
        ["--model", "./nope"],
        ["--layers", "4"],
        ["-o", "x.npy"],
        ["-o", "missing-folder/x.npz"],
    ],
)
def test_extract_refuses_bad_arguments(tmp_path, capsys, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    args = ["extract", EN, *argv] + ([] if "-o" in argv else ["-o", "x.npz"])
    refused(capsys, args)
    assert list(tmp_path.iterdir()) == []


def test_extract_with_an_uncached_hub_id_offline_fails_at_once(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    args = ["extract", EN, "--model", UNCACHED, "-o", str(tmp_path / "x.npz")]
    line = refused(capsys, args)
    # at once: no retry's sleep, and neither torch nor transformers is imported for the refusal
    assert slow_paths(f"from attn_teach import cli\ncli.main({args!r})") == "heavy imports: []"
    assert f"attn-teach download {UNCACHED}" in line and "tiny-bert-en" in line
    assert list(tmp_path.iterdir()) == []


def test_argparse_errors_also_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["extract", EN])  # -o is required
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


# -- models and download --------------------------------------------------------------------
def test_models_lists_the_embedded_models(capsys):
    assert cli.main(["models"]) == 0
    out = capsys.readouterr().out
    assert "tiny-bert-en" in out and "bert-base-uncased" in out
    assert "tiny-gpt2-ja" in out and "rinna/japanese-gpt2-medium" in out


def test_download_offline_is_refused(capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    line = refused(capsys, ["download", "bert-base-uncased"])
    assert "HF_HUB_OFFLINE" in line and "bert-base-uncased" in line


def test_download_of_an_embedded_model_does_nothing(capsys, monkeypatch):
    import huggingface_hub

    monkeypatch.setattr(huggingface_hub, "snapshot_download", pytest.fail)
    assert cli.main(["download", "tiny-gpt2-ja"]) == 0
    assert "embedded" in capsys.readouterr().out


@pytest.fixture
def online(monkeypatch):
    """Pretend the hub is reachable; record what would be downloaded."""
    import huggingface_hub

    from attn_teach.models import hub

    calls = []

    def fake_snapshot_download(repo_id, **kwargs):
        calls.append((repo_id, kwargs))
        return "/cache/models--x"

    monkeypatch.setattr(hub, "offline", lambda: False)
    monkeypatch.setattr(hub, "check_reachable", lambda name: None)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_snapshot_download)
    return calls


def test_download_asks_only_for_safe_files(capsys, online):
    assert cli.main(["download", "bert-base-uncased"]) == 0
    assert "bert-base-uncased" in capsys.readouterr().out
    [(repo, kwargs)] = online
    assert repo == "bert-base-uncased"
    patterns = kwargs["allow_patterns"]
    assert patterns == DOWNLOAD_PATTERNS

    def fetched(name):
        return any(fnmatch.fnmatch(name, p) for p in patterns)

    needed = [
        "config.json",
        "model.safetensors",
        "model-00001-of-00002.safetensors",
        "model.safetensors.index.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "vocab.txt",
        "vocab.json",
        "merges.txt",
        "spiece.model",
    ]
    unsafe = [
        "pytorch_model.bin",
        "pytorch_model-00001-of-00002.bin",
        "training_args.bin",
        "model.pt",
        "model.ckpt",
        "optimizer.pth",
        "tokenizer.pkl",
        "tokenizer.bin",
        "tokenizer.py",
        "modeling_custom.py",
        "tokenization_custom.py",
        "tf_model.h5",
        "flax_model.msgpack",
    ]
    assert [n for n in needed if not fetched(n)] == []
    assert [n for n in unsafe if fetched(n)] == []


def test_download_failure_is_one_line(capsys, online, monkeypatch):
    import huggingface_hub

    def broken(repo_id, **kwargs):
        raise OSError("connection reset by peer\nmore detail")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", broken)
    line = refused(capsys, ["download", "someone/model"])
    assert line == "attn-teach: error: could not download someone/model: connection reset by peer"


def test_download_refuses_names_that_are_not_hub_ids(capsys, online):
    refused(capsys, ["download", "no such model!"])
    assert online == []


# -- reproduce ------------------------------------------------------------------------------------
def test_reproduce_writes_figures_and_refuses_to_replace_them(tmp_path, capsys):
    out = tmp_path / "figures"
    assert cli.main(["reproduce", "--lesson", "4", "--out", str(out)]) == 0
    stdout = capsys.readouterr().out
    png = out / "plot_04_heatmap-figure_heatmap.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [line.split()[:2] for line in stdout.splitlines() if line.startswith(("lesson", "plot_04"))] == [
        ["lesson", "figures"],
        ["plot_04_heatmap", "1"],
    ]
    assert "total" in stdout

    before = snapshot(out)
    line = refused(capsys, ["reproduce", "--lesson", "4", "--out", str(out)])
    # reproduce's check of every planned figure, made before any is drawn (not a refusal of one file)
    assert f"{png} already exists (1 of 1 figures would be replaced); choose another --out or add --force" in line
    assert snapshot(out) == before

    png.write_bytes(b"stale")
    assert cli.main(["reproduce", "--lesson", "4", "--out", str(out), "--force"]) == 0
    capsys.readouterr()
    assert png.read_bytes() == before[png][0]  # redrawn, the same pixels


def test_reproduce_refuses_an_unknown_lesson(tmp_path, capsys):
    out = tmp_path / "figures"
    line = refused(capsys, ["reproduce", "--lesson", "99", "--out", str(out)])
    assert "no lesson 99" in line
    assert not out.exists()


def test_article_models_go_to_each_figure_by_its_own_default():
    """--models article: a Japanese figure gets rinna's model even in a lesson that also draws BERT."""
    from attn_teach.reproduce import load_lesson, model_argument

    lesson = load_lesson("plot_13_rollout")
    assert model_argument(lesson.figure_rollout, "article") == {"model": "bert-base-uncased"}
    assert model_argument(lesson.figure_rollout_ja, "article") == {"model": "rinna/japanese-gpt2-medium"}
    assert model_argument(lesson.figure_rollout_ja, "embedded") == {}
    assert model_argument(load_lesson("plot_00_getting_models").figure_model_sizes, "article") == {}


def test_reproduce_article_models_offline_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    out = tmp_path / "figs"
    assert cli.main(["reproduce", "--models", "article", "--lesson", "0", "4", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "attn-teach download bert-base-uncased" in err and "Traceback" not in err
    assert not out.exists()  # lesson 0 has no model, yet nothing was written before the failure


def test_reproduce_out_must_be_a_folder(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("mine")
    assert cli.main(["reproduce", "--lesson", "4", "--out", str(afile)]) == 2
    assert "is a file" in capsys.readouterr().err
    assert afile.read_text() == "mine"


def test_output_that_is_a_folder_is_refused_even_with_force(tmp_path, capsys):
    folder = tmp_path / "x.png"
    folder.mkdir()
    assert cli.main(["plot", "hi", "-o", str(folder), "--force"]) == 2
    assert cli.main(["extract", "hi", "-o", str(tmp_path / "y.npz"), "--force"]) == 0
    (tmp_path / "z.npz").mkdir()
    assert cli.main(["extract", "hi", "-o", str(tmp_path / "z.npz"), "--force"]) == 2
    assert capsys.readouterr().err.count("is a folder") == 2


def test_truncation_is_one_note_line(tmp_path, capsys):
    assert cli.main(["extract", "a " * 600, "-o", str(tmp_path / "long.npz")]) == 0
    err = capsys.readouterr().err
    assert "attn-teach: note: the text has 602 tokens" in err
    assert "TruncationWarning" not in err


def test_lesson_ids_are_strings_with_a_letter_allowed():
    """Lesson 00a sorts between 00 and 01; --lesson accepts 4, 04, 0a and 00a."""
    from attn_teach.lesson import normalise_lesson_id
    from attn_teach.reproduce import lesson_modules

    ids = [n for n, _ in lesson_modules()]
    assert ids[:3] == ["00", "00a", "01"] and ids == sorted(ids)
    assert [normalise_lesson_id(t) for t in ("4", "04", "0a", "00a", "15")] == ["04", "04", "00a", "00a", "15"]


# -- what reaches the terminal -----------------------------------------------------------------
@pytest.mark.parametrize("name", ["\x1b]0;PWNED\x07\x1b[2J.npz", "two\nlines.npz"])
def test_printed_names_have_their_control_characters_escaped(tmp_path, capsys, name):
    """A name that would set the terminal's title, clear it, or split a line is shown escaped, on one line."""
    out = tmp_path / name
    assert cli.main(["extract", "hello", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert out.exists()  # the file has the name asked for; only what is printed is escaped
    shown = str(out).replace("\x1b", "\\x1b").replace("\x07", "\\x07").replace("\n", "\\n")
    assert captured.out.startswith(f"{shown}: Attention(") and captured.out.count("\n") == 1
    assert "\x1b" not in captured.out + captured.err and "\x07" not in captured.out + captured.err
    line = refused(capsys, ["extract", "hello", "-o", str(out)])  # the refusal names it the same way
    assert shown in line and "\x1b" not in line


@pytest.mark.heavy
def test_a_full_stdout_after_the_file_was_written_says_it_was_written(tmp_path):
    """`> /dev/full`: the file exists, so say so (a rerun would say it exists), not 'No space left', exit 2."""
    out = tmp_path / "df.npz"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ATTN_TEACH_LANG": "en"}
    with open(os.devnull if not os.path.exists("/dev/full") else "/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "attn_teach", "extract", "hello", "-o", str(out)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            env=env,
        )
    assert out.exists()
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(
        f"attn-teach: note: {out} was written, but its report could not be printed on stdout: No space left on device\n"
    ), done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_ctrl_c_exits_130_with_one_line(tmp_path, capsys, monkeypatch):
    import importlib

    def interrupted(text):
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib.import_module("attn_teach.extract"), "check_text", interrupted)
    assert cli.main(["extract", "hello", "-o", str(tmp_path / "x.npz")]) == 130
    assert capsys.readouterr().err == "attn-teach: interrupted\n"
    assert list(tmp_path.iterdir()) == []
