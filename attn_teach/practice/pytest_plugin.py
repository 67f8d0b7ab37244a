"""The pytest side of a practice workspace: stages in order, stop at the first one not done.

A workspace's ``conftest.py`` imports these hooks, so they work whether pytest starts
in the workspace or in a folder above it. Each stage is one test, checked by the same
runner as ``attn-teach practice check`` (:func:`attn_teach.practice.runner.run_stage`:
a fresh child, the verdict decided here), so a file gets one verdict however it is
run. The first stage that is not done fails with its message in plain words (no
traceback), and the stages after it are skipped with a note that they wait for it.
The summary line says how many stages are done and what to do next.
"""

from __future__ import annotations

import os
import pathlib

import pytest

from attn_teach.i18n import set_language
from attn_teach.practice.hints import tr
from attn_teach.practice.stages import NUMBERS

STAGE_NUMBERS = list(NUMBERS)
_progress: dict = {"done": [], "blocked": None, "message": None, "lang": None}

__all__ = [
    "STAGE_NUMBERS",
    "check_stage",
    "pytest_addoption",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_terminal_summary",
]


def pytest_addoption(parser):
    parser.addoption("--lang", choices=["en", "ja"], default=None, help="language of the practice messages")


def pytest_configure(config):
    # checks draw into files, never windows: a backend default for this pytest run only,
    # which a learner's own MPLBACKEND setting still overrides
    os.environ.setdefault("MPLBACKEND", "Agg")
    _progress["lang"] = config.getoption("--lang", None)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The stages in their order, even where a plugin shuffled the tests (pytest started above the workspace)."""
    places = [i for i, item in enumerate(items) if _stage_of(item) is not None]
    ordered = sorted((items[i] for i in places), key=_stage_of)
    for place, item in zip(places, ordered):
        items[place] = item


def _stage_of(item) -> int | None:
    spec = getattr(item, "callspec", None)
    if (
        item.name.startswith("test_stage[")
        and spec is not None
        and pathlib.Path(str(item.path)).name == "test_practice.py"
    ):
        return int(spec.params.get("stage", 0))
    return None


def check_stage(number: int, test_file: str) -> None:
    """Run stage ``number`` of the workspace holding ``test_file``; fail or skip in plain words."""
    from attn_teach.practice.runner import run_stage
    from attn_teach.practice.workspace import load_state

    folder = pathlib.Path(test_file).resolve().parent
    set_language(_progress["lang"] or load_state(folder).get("lang"))
    if _progress["blocked"] is not None:
        pytest.skip(tr("waits for stage {n}", n=_progress["blocked"]))
    outcome = run_stage(number, workspace=folder)
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
    terminalreporter.write_line(tr("{done}/{total} stages done", done=len(_progress["done"]), total=len(STAGE_NUMBERS)))
    if _progress["blocked"] is not None:
        terminalreporter.write_line(tr("next: stage {n}. Stuck? attn-teach practice hint {n}", n=_progress["blocked"]))
