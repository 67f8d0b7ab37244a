"""A plain, non-editable install ships everything a practice workspace needs.

Building the wheel is what `pip install .` does first; its file list is what lands in
site-packages. Checking the list is cheap, unlike a fresh venv with torch.
"""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import zipfile

import pytest

from attn_teach.practice.checks import baseline_path
from attn_teach.practice.stages import STAGES

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    # a clean copy: an old build/ folder in the checkout would hide a file missing from the package data
    source = out / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv*",
            "build",
            "dist",
            "*.egg-info",
            "_build",
            "auto_lessons",
            "__pycache__",
            "baseline_images",
            "result_images",
            ".pytest_cache",
            ".ruff_cache",
        ),
    )
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    (wheel,) = out.glob("attn_teach-*.whl")
    with zipfile.ZipFile(wheel) as z:
        return set(z.namelist()), z.read(next(n for n in z.namelist() if n.endswith("METADATA"))).decode()


def test_wheel_ships_the_practice_package(wheel_files):
    names, _ = wheel_files
    for module in (
        "__init__",
        "stages",
        "checks",
        "hints",
        "runner",
        "workspace",
        "pytest_plugin",
        "cli",
        "inputs",
        "child",
        "outcome",
        "isolate",
        "wire",
        "worker",
    ):
        assert f"attn_teach/practice/{module}.py" in names
    for stage in STAGES:
        if stage.figure:
            assert f"attn_teach/practice/baselines/{baseline_path(stage.number).name}" in names
        assert any(n == f"attn_teach/lessons/{stage.lesson}.py" for n in names)  # the reference solutions
    assert {"attn_teach/practice/data/tiny-bert-en.npz", "attn_teach/practice/data/tiny-gpt2-ja.npz"} <= names
    assert "attn_teach/files.py" in names and "attn_teach/i18n.py" in names


def test_wheel_ships_the_catalogues(wheel_files):
    names, _ = wheel_files
    for domain in ("attn_teach", "practice"):
        assert f"attn_teach/locale/ja/LC_MESSAGES/{domain}.mo" in names
        assert f"attn_teach/locale/ja/LC_MESSAGES/{domain}.po" in names


def test_wheel_requires_the_file_watcher(wheel_files):
    _, metadata = wheel_files
    assert "Requires-Dist: watchdog" in metadata
