"""`attn-teach practice`: init, progress, check, hint, solution, watch; and plain pytest in a workspace."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import threading
import time

import pytest

from attn_teach.cli import main
from attn_teach.i18n import set_language
from attn_teach.practice import solution_source
from attn_teach.practice.cli import watch
from attn_teach.practice.stages import STAGES, get_stage


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("ATTN_TEACH_LANG", "en")
    yield
    set_language(None)


def solve(folder: pathlib.Path, number: int) -> None:
    """Paste the reference solution over the stub, as a learner copying `practice solution N` would."""
    stage = get_stage(number)
    path = folder / stage.file
    starter = path.read_text(encoding="utf-8")
    path.write_text(starter[: starter.index(f"def {stage.function}(")] + solution_source(number), encoding="utf-8")


def test_init_progress_check(tmp_path, capsys):
    folder = tmp_path / "my_practice"
    assert main(["practice", "init", str(folder)]) == 0
    assert "14 files written" in capsys.readouterr().out
    assert main(["practice", "--dir", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "stage 1 (Extract the attention) is not done yet" in out and "0/11 stages done" in out
    assert "outputs.attentions" in out  # the next task
    solve(folder, 2)
    assert main(["practice", "check", "2", "--dir", str(folder)]) == 0
    assert "stage 2 (Read the tensor's shape): done" in capsys.readouterr().out


def test_hint_one_more_per_call(tmp_path, capsys):
    main(["practice", "init", str(tmp_path)])
    capsys.readouterr()
    main(["practice", "hint", "4", "--dir", str(tmp_path)])
    assert capsys.readouterr().out.count("tip ") == 1
    main(["practice", "hint", "4", "--dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert out.count("tip ") == 2 and "last tip" in out


def test_solution_opens_once_the_stage_passes_or_on_giving_up(tmp_path, capsys):
    main(["practice", "init", str(tmp_path)])
    capsys.readouterr()
    assert main(["practice", "solution", "5", "--dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("attn-teach: error: stage 5 does not pass yet") and err.count("\n") == 1
    assert main(["practice", "solution", "5", "--give-up", "--dir", str(tmp_path)]) == 0
    assert "def head_mean(weights):" in capsys.readouterr().out
    solve(tmp_path, 2)
    assert main(["practice", "solution", "2", "--dir", str(tmp_path)]) == 0
    assert "def attention_shape(attentions):" in capsys.readouterr().out


def test_japanese(tmp_path, capsys):
    main(["practice", "init", str(tmp_path), "--lang", "ja"])
    capsys.readouterr()
    assert main(["practice", "check", "4", "--dir", str(tmp_path)]) == 1  # the workspace's language
    assert "ステージ4（ヒートマップ）はまだ終わっていません" in capsys.readouterr().out
    main(["practice", "hint", "3", "--dir", str(tmp_path), "--lang", "en"])
    assert "tip 1/2 for stage 3" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["practice", "check", "12"], "there is no stage 12; the stages are 1 to 11"),
        (["practice", "check", "1"], "no practice workspace in"),
    ],
)
def test_bad_input_is_one_line(tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    if "12" in argv:
        main(["practice", "init", "."])
        capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"attn-teach: error: {message}") and err.count("\n") == 1


def test_init_refuses_a_file(tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    assert main(["practice", "init", str(tmp_path / "f")]) == 2
    assert "is a file" in capsys.readouterr().err


def test_watch_checks_on_save(tmp_path, capsys):
    main(["practice", "init", str(tmp_path)])
    capsys.readouterr()

    def save_later():
        time.sleep(1.0)
        solve(tmp_path, 2)

    threading.Thread(target=save_later).start()
    assert watch(tmp_path, stop_after=6.0) == 0
    out = capsys.readouterr().out
    assert "watching" in out and "stage 2 (Read the tensor's shape): done" in out


@pytest.mark.heavy
def test_plain_pytest_in_the_workspace(tmp_path):
    """From init to every stage passing, by plain `pytest` in the workspace, as a learner runs it."""
    folder = tmp_path / "my_practice"
    assert main(["practice", "init", str(folder)]) == 0
    env = {**os.environ, "ATTN_TEACH_LANG": "en", "PYTHONDONTWRITEBYTECODE": "1"}
    first = subprocess.run([sys.executable, "-m", "pytest"], cwd=folder, capture_output=True, text=True, env=env)
    assert first.returncode == 1
    assert "stage 1 (Extract the attention) is not done yet: fill in get_attentions" in first.stdout
    assert "1 failed, 10 skipped" in first.stdout and "Traceback" not in first.stdout
    assert "0/11 stages done" in first.stdout
    for stage in STAGES:
        solve(folder, stage.number)
    final = subprocess.run([sys.executable, "-m", "pytest"], cwd=folder, capture_output=True, text=True, env=env)
    assert final.returncode == 0, final.stdout[-3000:]
    assert "11 passed" in final.stdout and "11/11 stages done" in final.stdout
