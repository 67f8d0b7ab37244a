"""One file, one verdict: `pytest` in the workspace, `pytest` from the folder above and `practice check` agree."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest
from practice_wrong import FONT_NOT_REGISTERED

from attn_teach.cli import main
from attn_teach.practice import solution_source, workspace
from attn_teach.practice.stages import get_stage


def solve(folder: pathlib.Path, number: int) -> None:
    stage = get_stage(number)
    path = folder / stage.file
    starter = path.read_text(encoding="utf-8")
    path.write_text(starter[: starter.index(f"def {stage.function}(")] + solution_source(number), encoding="utf-8")


def pytest_in(folder: pathlib.Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ATTN_TEACH_LANG": "en", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pytest"], cwd=folder, capture_output=True, text=True, env=env, timeout=900
    )


@pytest.mark.heavy
def test_pytest_and_check_give_one_verdict(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ATTN_TEACH_LANG", "en")
    folder = tmp_path / "attn_practice"
    workspace.init(folder, "en")
    for number in range(1, 8):
        solve(folder, number)
    (folder / get_stage(8).file).write_text(FONT_NOT_REGISTERED, encoding="utf-8")
    under_pytest = pytest_in(folder)
    assert "7 passed" in under_pytest.stdout and "1 failed" in under_pytest.stdout, under_pytest.stdout[-3000:]
    assert main(["practice", "check", "8", "--dir", str(folder)]) == 1
    verdict = capsys.readouterr().out.splitlines()[0]
    assert verdict.startswith("stage 8 (Japanese labels):") and "done" not in verdict
    assert verdict in under_pytest.stdout


@pytest.mark.heavy
def test_pytest_from_the_folder_above_the_workspace(tmp_path):
    """Works from there too, in the workspace's chosen language."""
    folder = tmp_path / "attn_practice"
    workspace.init(folder, "ja")
    solve(folder, 1)
    run = pytest_in(tmp_path)
    assert "conftest" not in run.stdout + run.stderr and "Traceback" not in run.stdout, run.stdout[-3000:]
    assert "ステージ2（テンソルの形を読む）はまだ終わっていません" in run.stdout, run.stdout[-3000:]
    assert "1 passed" in run.stdout and "1 failed" in run.stdout and "9 skipped" in run.stdout
    assert "11ステージ中1ステージ完了" in run.stdout
