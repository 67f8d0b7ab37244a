"""The pytest side of a practice workspace: stages in order, stop at the first one not done.

A workspace's ``conftest.py`` loads this plugin. Each stage is one test; the first
stage that is not done fails with its message in plain words (no traceback), and the
stages after it are skipped with a note that they wait for it. The summary line says
how many stages are done and what to do next.
"""

from __future__ import annotations

import os
import pathlib

import pytest

from attn_teach.i18n import set_language
from attn_teach.practice.hints import tr
from attn_teach.practice.stages import NUMBERS

STAGE_NUMBERS = list(NUMBERS)
_progress = {"done": [], "blocked": None, "message": None}


def pytest_addoption(parser):
    parser.addoption("--lang", choices=["en", "ja"], default=None, help="language of the practice messages")


def pytest_configure(config):
    # checks draw into files, never windows: a backend default for this pytest run only,
    # which a learner's own MPLBACKEND setting still overrides
    os.environ.setdefault("MPLBACKEND", "Agg")
    from attn_teach.practice.workspace import load_state

    lang = config.getoption("--lang") or load_state(pathlib.Path(str(config.rootpath))).get("lang")
    if lang:
        set_language(lang)


def check_stage(number: int, test_file: str) -> None:
    """Run stage ``number`` of the workspace holding ``test_file``; fail or skip in plain words."""
    from attn_teach.practice.runner import run_stage

    if _progress["blocked"] is not None:
        pytest.skip(tr("waits for stage {n}", n=_progress["blocked"]))
    outcome = run_stage(number, workspace=pathlib.Path(test_file).parent)
    if outcome.passed:
        _progress["done"].append(number)
        print(outcome.text())
        return
    _progress["blocked"] = number
    _progress["message"] = outcome.text()
    pytest.fail(outcome.text(), pytrace=False)


def pytest_terminal_summary(terminalreporter):
    if not _progress["done"] and _progress["blocked"] is None:
        return
    terminalreporter.write_line(tr("{done}/{total} stages done", done=len(_progress["done"]),
                                   total=len(STAGE_NUMBERS)))
    if _progress["blocked"] is not None:
        terminalreporter.write_line(tr("next: stage {n}. Stuck? attn-teach practice hint {n}", n=_progress["blocked"]))
