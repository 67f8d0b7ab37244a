"""Run one stage: load the learner's file safely, call their function, check it, say what is wrong.

Whatever the learner's code does, the result is an :class:`Outcome` with one
message in plain words, never a traceback from the kit:

* a syntax error, or an exception at import or inside their function: their
  file's line, its source and the error (the kit's own frames are left out);
* a stub still raising ``NotImplementedError``: "not done yet";
* a function that runs longer than the stage allows: a time-limit message;
* ``None`` or the wrong type returned: what to return instead;
* figures left open besides the one returned: a note, and the kit closes them.

The learner's function runs with matplotlib's global settings saved and put back
afterwards, so a global change is both reported and undone.
"""

from __future__ import annotations

import linecache
import pathlib
import signal
import threading
import traceback
import warnings

import matplotlib

from attn_teach.practice import checks
from attn_teach.practice.hints import HINTS, tr
from attn_teach.practice.stages import Stage, get_stage

RESULTS = ".results"  # folder in the workspace for the learner's PNGs and difference images


from attn_teach.practice.outcome import Outcome  # noqa: E402,F401 - moved; imported here for callers


class _TimeLimit(BaseException):
    """Raised by the alarm; a BaseException, so a learner's ``except Exception`` cannot swallow it."""


class _LearnerError(Exception):
    """An exception in the learner's code, already put in words (``message``) or marked ``todo``."""

    def __init__(self, message: str, todo: bool = False, hint: str | None = None):
        super().__init__(message)
        self.todo, self.hint = todo, hint


def _title(stage: Stage) -> str:
    return tr("stage {number} ({title})", number=stage.number, title=tr(stage.title))


def _learner_line(exc: BaseException, filename: str) -> tuple[int | None, str]:
    """The last line of the learner's file in the traceback of ``exc``, and its source."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename:
            found = frame
    if found is None:
        return None, ""
    return found.lineno, (found.line or linecache.getline(filename, found.lineno)).strip()


def _describe(exc: BaseException, filename: str, stage: Stage) -> _LearnerError:
    """Put an exception raised by the learner's code into one message, naming a hint where one fits."""
    line, source = _learner_line(exc, filename)
    if isinstance(exc, NotImplementedError) and line is not None:
        return _LearnerError("", todo=True)
    text = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, SystemExit):
        text = tr("sys.exit() stops the check; return the result from {function} instead", function=stage.function)
    if isinstance(exc, RuntimeError) and "requires grad" in text:
        return _LearnerError(tr(HINTS["numpy_requires_grad"], line=line), hint="numpy_requires_grad")
    if isinstance(exc, IndexError) and "attentions" in source:
        return _LearnerError(tr(HINTS["sdpa_empty"]), hint="sdpa_empty")
    where = pathlib.Path(filename).name
    if line is None:
        return _LearnerError(tr("{function} raised {error}: {text}", function=stage.function,
                                error=type(exc).__name__, text=text))
    return _LearnerError(tr("{file}, line {line}: {source}\n  {error}: {text}", file=where, line=line,
                            source=source, error=type(exc).__name__, text=text))


def load_function(path: pathlib.Path, stage: Stage):
    """The learner's function from their file, or a :class:`_LearnerError` saying what is in the way."""
    filename = str(path)
    if not path.is_file():
        raise _LearnerError(tr("{file} is missing: run `attn-teach practice init` in the workspace to write it again",
                               file=path.name))
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _LearnerError(tr("{file} is not saved as UTF-8 (byte {position} is not UTF-8): save it again with "
                               "the encoding UTF-8 in your editor", file=path.name, position=exc.start)) from None
    try:
        code = compile(source, filename, "exec")
    except (SyntaxError, ValueError) as exc:  # ValueError: a null byte in the file
        if getattr(exc, "lineno", None) is None:
            raise _LearnerError(tr("{file}: syntax error: {text}", file=path.name,
                                   text=getattr(exc, "msg", None) or str(exc))) from None
        raise _LearnerError(tr("{file}, line {line}: syntax error: {text}\n  {source}", file=path.name,
                               line=exc.lineno, text=exc.msg, source=(exc.text or "").strip())) from None
    linecache.checkcache(filename)
    namespace = {"__name__": f"attn_practice_{path.stem}", "__file__": filename}
    try:
        _call_with_limit(exec, (code, namespace), stage.timeout)
    except _TimeLimit:
        raise _LearnerError(tr("{file} took longer than {seconds:.0f} s to load: the code outside your functions runs "
                               "at every check; look there for a loop that never ends", file=path.name,
                               seconds=stage.timeout)) from None
    except (Exception, SystemExit) as exc:
        raise _describe(exc, filename, stage) from None
    function = namespace.get(stage.function)
    if not callable(function):
        raise _LearnerError(tr("{file} has no function {function}({params}): keep the name the starter gave it",
                               file=path.name, function=stage.function, params=stage.params))
    return function


def _call_with_limit(function, args, seconds: float):
    """``function(*args)``, stopped after ``seconds`` where signals allow (the main thread on Unix)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        return function(*args)

    def expire(signum, frame):
        raise _TimeLimit

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return function(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _rc_snapshot() -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dict(matplotlib.rcParams)


def _rc_restore(before: dict) -> dict:
    """Put matplotlib's settings back; return the settings that had changed, with the learner's values."""
    now = _rc_snapshot()
    changed = {k: now.get(k) for k in sorted(before) if str(now.get(k)) != str(before[k])}
    if changed:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update({k: before[k] for k in changed})
    return changed


def render(fig, path: pathlib.Path) -> list[str]:
    """Save ``fig`` as a PNG at ``path`` (drawing it once); return the missing-glyph warnings it raised.

    After this the figure's tick labels are filled in, so the object checks can read them.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        checks.save_png(fig, path)
    return sorted({str(w.message) for w in caught if str(w.message).startswith("Glyph")})


def run_stage(number, function=None, *, workspace: pathlib.Path | None = None, keep_figure: bool = False,
              pixels: bool = True) -> Outcome:
    """Check stage ``number`` (in this process, until the isolated runner replaces this shim)."""
    from attn_teach.practice.checks import judge
    from attn_teach.practice.child import run_case_report

    workspace = pathlib.Path(workspace or ".")
    report = run_case_report(int(get_stage(number).number), source=None, function=function, workspace=workspace)
    return judge(number, report, workspace=workspace)


def _close_new(plt, before: set, keep=None, returned=None) -> int:
    """Close figures opened since ``before`` except ``keep``; count those other than ``returned``."""
    extra = 0
    for num in set(plt.get_fignums()) - before:
        fig = plt.figure(num) if plt.fignum_exists(num) else None
        if fig is None or fig is keep:
            continue
        if fig is not returned:
            extra += 1
        plt.close(fig)
    return extra


def stage_source_file(number) -> str:
    return get_stage(number).file


__all__ = ["Outcome", "run_stage", "load_function"]
