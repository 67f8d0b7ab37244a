"""An in-process driver for the practice checks' own tests: the child's report, then the parent's verdict.

The kit's runner runs :func:`run_case_report` in a child process; the checks' tests
call both halves here, in the test process, to test the checks on their own.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pathlib
import time
from collections.abc import Iterator

import matplotlib
from matplotlib import font_manager
from transformers.utils import logging as hf_logging

from attn_teach import fonts
from attn_teach.practice.checks import judge
from attn_teach.practice.child import run_case_report
from attn_teach.practice.outcome import Outcome


@contextlib.contextmanager
def child_setup_undone() -> Iterator[None]:
    """Around ``run_case_report`` in the test process: what the child's setup changes, put back."""
    verbosity, font_level = hf_logging.get_verbosity(), logging.getLogger("matplotlib.font_manager").level
    font_list = list(font_manager.fontManager.ttflist)
    try:  # the child's setup quietens transformers; in this process, later tests must still hear it
        with matplotlib.rc_context():  # a learner's module may set rcParams (a wrong solution does)
            yield
    finally:
        hf_logging.set_verbosity(verbosity)
        logging.getLogger("matplotlib.font_manager").setLevel(font_level)
        # the child takes the kit's font out and forgets it registered it: the font list as it was,
        # with fonts.register() remembering (it adds the font again otherwise, a second entry)
        fonts.register()
        font_manager.fontManager.ttflist = font_list
        font_manager.FontManager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


def check(number: int, function=None, *, workspace: pathlib.Path, source: pathlib.Path | None = None) -> Outcome:
    """The verdict on stage ``number`` for ``function`` or the workspace's file."""
    with child_setup_undone():
        report = run_case_report(number, source=source, function=function, workspace=workspace)
    return judge(number, report, workspace=workspace)


def gone(pid: int, seconds: float) -> bool:
    """True once process ``pid`` has ended, waiting up to ``seconds`` (reaping the workers this process started)."""
    from attn_teach.practice import worker

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for proc in worker._spawned:
            proc.poll()
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False
