"""Run one stage: the one way ``pytest``, ``attn-teach practice check/watch`` and ``practice.check()`` check a file.

The learner's code never runs in this process. A fresh child does it (a fork of the
warm worker, :mod:`.worker`, or of this process when there is none, :mod:`.isolate`):
it starts from matplotlib's settings and fonts as installed, imports the learner's
file afresh, works in the workspace folder, and is killed at the stage's time limit
whatever it catches or ignores. It sends back plain data (:mod:`.wire`); the verdict
is decided here, so the learner's code cannot change the checks or the baselines.

How the child ended is itself a verdict when it did not report: the time ran out,
``os._exit()`` or a crash ended it early, a signal stopped it. Each is one message
in plain words.
"""

from __future__ import annotations

import errno
import os
import pathlib
import signal
import tempfile
import threading

from attn_teach.practice.hints import tr
from attn_teach.practice.outcome import Outcome
from attn_teach.practice.stages import Stage, get_stage

RESULTS = ".results"  # folder in the workspace for the learner's PNGs and difference images


def time_limit(stage: Stage) -> float:
    """Seconds the child may run for ``stage``."""
    return float(getattr(stage, "time_limit", None) or stage.timeout)


def _title(stage: Stage) -> str:
    return tr("stage {number} ({title})", number=stage.number, title=tr(stage.title))


def _unwritable(folder: pathlib.Path) -> OSError | None:
    """The error that writing into ``folder`` (and its results folder) gives, or None when it can be written."""
    try:
        for place in (folder, folder / RESULTS):
            if place.is_dir():
                with tempfile.TemporaryFile(dir=place):
                    pass
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return exc
        raise
    return None


def verdict(number: int, report, workspace: pathlib.Path) -> Outcome:
    """The outcome from the child's report, decided here in the parent."""
    from attn_teach.practice.checks import judge

    if not isinstance(report, dict):
        raise TypeError("the child's report is not a dict")
    return judge(number, report, workspace=workspace)


def ending_outcome(stage: Stage, ending, workspace: pathlib.Path, limit: float) -> Outcome:
    """The verdict from how the child ended: its report when it sent one, else what stopped it."""
    title = _title(stage)
    if ending.timed_out:
        return Outcome(
            stage.number,
            "error",
            tr(
                "{title}: your code took longer than {seconds:.0f} s, the limit of this stage, and was stopped: look "
                "for a loop that never ends or work done again and again, in {function} or in the code outside your "
                "functions (it runs at every check)",
                title=title,
                seconds=limit,
                function=stage.function,
            ),
        )
    if ending.crash is not None:
        return Outcome(
            stage.number,
            "error",
            tr(
                "{title}: the kit could not finish checking your code ({error}); run the check again, and if this "
                "stays, report it with this line",
                title=title,
                error=ending.crash,
            ),
        )
    if ending.report is None:
        if ending.signal is not None:
            try:
                name = signal.Signals(ending.signal).name
            except ValueError:
                name = str(ending.signal)
            return Outcome(
                stage.number,
                "error",
                tr(
                    "{title}: the process running your code was stopped by the signal {signal} before {function} "
                    "returned",
                    title=title,
                    signal=name,
                    function=stage.function,
                ),
            )
        return Outcome(
            stage.number,
            "error",
            tr(
                "{title}: your code ended the process that runs it (exit code {code}) before {function} returned, "
                "for example with os._exit(): return the result instead",
                title=title,
                code=ending.exit_code,
                function=stage.function,
            ),
        )
    outcome = verdict(stage.number, ending.report, workspace)
    if ending.forked:
        outcome.notes.append(
            tr(
                "your code started another process (a subprocess, os.fork or multiprocessing); the kit stopped "
                "it. Only the result of the check's own process counts."
            )
        )
    return outcome


def _import_judge(figure: bool) -> None:
    """Import what deciding the verdict needs (PIL for a figure's pixels; never matplotlib)."""
    try:
        import attn_teach.practice.checks  # noqa: F401

        if figure:
            import PIL.Image  # noqa: F401

            import attn_teach.practice.figures  # noqa: F401
    except Exception:  # noqa: BLE001, S110 - the verdict imports them again and says what is wrong
        pass


def run_stage(
    number,
    function=None,
    *,
    workspace: str | pathlib.Path | None = None,
    limit: float | None = None,
    worker: bool | None = None,
) -> Outcome:
    """Check stage ``number``: the learner's ``function``, or the one in the workspace's file.

    Parameters
    ----------
    number : int
        The stage.
    function : callable, optional
        A function object (a notebook's): the child is a fork of this process. Without it the
        stage's file in ``workspace`` is checked, through the warm worker when one can run.
    workspace : path, optional
        The workspace folder (default: here).
    limit : float, optional
        Seconds the child may run (default: the stage's time limit).
    worker : bool, optional
        Use the warm worker (default: yes, unless ``ATTN_TEACH_WORKER=0``).
    """
    from attn_teach.i18n import get_language
    from attn_teach.practice import isolate
    from attn_teach.practice import worker as warm

    stage = get_stage(number)
    folder = pathlib.Path(workspace or ".").resolve()
    limit = time_limit(stage) if limit is None else float(limit)
    if stage.figure and (problem := _unwritable(folder)) is not None:
        return Outcome(
            stage.number,
            "error",
            tr(
                "{title}: the workspace {folder} cannot be written to ({error}), so the kit cannot save your figure "
                "in {results}: make the folder writable, or make a new workspace with `attn-teach practice init` and "
                "copy your files there",
                title=_title(stage),
                folder=folder,
                error=os.strerror(problem.errno),
                results=RESULTS,
            ),
        )
    ending = None
    if function is None and (worker if worker is not None else warm.enabled()):
        judge = threading.Thread(target=_import_judge, args=(stage.figure,), daemon=True)
        judge.start()  # while the check runs in the worker: the imports the verdict needs
        ending = warm.request(folder, stage.number, limit=limit, lang=get_language())
        judge.join()  # before any fork below, no import is half done
    if ending is None:  # a function object, or no worker: a fork of this process
        warm.preload()
        ending = isolate.run(lambda: warm.payload(stage.number, function, folder), limit=limit, workspace=str(folder))
    return ending_outcome(stage, ending, folder, limit)


__all__ = ["Outcome", "RESULTS", "run_stage"]
