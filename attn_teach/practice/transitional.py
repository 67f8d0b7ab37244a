"""The check as it ran in one process, now run inside the isolated child (until the child/judge split lands).

:mod:`.runner` forks a fresh child and calls :func:`payload` there; it returns the
outcome as plain data, which the parent turns back into an :class:`Outcome`. The
time limit is the parent's: it kills the child, whatever the learner's code catches.

Whatever the learner's code does, the result is an :class:`Outcome` with one
message in plain words, never a traceback from the kit:

* a syntax error, or an exception at import or inside their function: their
  file's line, its source and the error (the kit's own frames are left out);
* a stub still raising ``NotImplementedError``: "not done yet";
* a function that runs longer than the stage allows: a time-limit message;
* ``None`` or the wrong type returned: what to return instead;
* figures left open besides the one returned: a note, and the kit closes them.

The learner's function runs with matplotlib's global settings saved and compared
afterwards, so a global change is reported.
"""

from __future__ import annotations

import dataclasses
import linecache
import pathlib
import traceback
import warnings

import matplotlib

from attn_teach.practice import checks, data
from attn_teach.practice.hints import HINTS, tr
from attn_teach.practice.runner import RESULTS, Outcome
from attn_teach.practice.stages import Stage, get_stage
from attn_teach.practice.workspace import read_source


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


def _safe_str(exc: BaseException) -> str:
    """The first line of ``str(exc)``, or nothing when its ``__str__`` itself fails."""
    try:
        text = str(exc)
    except BaseException:  # noqa: BLE001 - a learner's exception class whose __str__ raises
        return ""
    return text.splitlines()[0] if text else ""


def _describe(exc: BaseException, filename: str, stage: Stage) -> _LearnerError:
    """Put an exception raised by the learner's code into one message, naming a hint where one fits."""
    line, source = _learner_line(exc, filename)
    if isinstance(exc, NotImplementedError) and line is not None:
        return _LearnerError("", todo=True)
    text = _safe_str(exc)
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
        source = read_source(path)
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
        exec(code, namespace)  # noqa: S102 - the learner's own file, in the isolated child
    except BaseException as exc:  # noqa: BLE001 - KeyboardInterrupt, GeneratorExit raised by the learner's code too
        raise _describe(exc, filename, stage) from None
    function = namespace.get(stage.function)
    if not callable(function):
        raise _LearnerError(tr("{file} has no function {function}({params}): keep the name the starter gave it",
                               file=path.name, function=stage.function, params=stage.params))
    return function


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


def payload(number: int, function=None, *, workspace: pathlib.Path, pixels: bool = True) -> dict:
    """In the child: check stage ``number`` and return the outcome as plain data."""
    return dataclasses.asdict(_run(number, function, workspace=workspace, pixels=pixels))


def _run(number, function=None, *, workspace: pathlib.Path, keep_figure: bool = False,
         pixels: bool = True) -> Outcome:
    """Check stage ``number``: the learner's ``function``, or the one in their workspace file."""
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    stage = get_stage(number)
    workspace = pathlib.Path(workspace).resolve()
    title = _title(stage)
    figures_before = set(plt.get_fignums())
    result = None
    try:
        if function is None:
            function = load_function(workspace / stage.file, stage)
        filename = function.__code__.co_filename if hasattr(function, "__code__") else ""
        args = data.inputs_for(stage.number)
        rc_before = _rc_snapshot()
        try:
            result = function(*args)
        except BaseException as exc:  # noqa: BLE001 - sys.exit(), KeyboardInterrupt... end their function, not the kit
            raise _describe(exc, filename, stage) from None
        finally:
            changed = _rc_restore(rc_before)
    except _LearnerError as exc:
        _close_new(plt, figures_before, keep=None)
        if exc.todo:
            return Outcome(stage.number, "todo", tr("{title} is not done yet: fill in {function} in {file}, "
                                                    "and delete its line raise NotImplementedError",
                                                    title=title, function=stage.function, file=stage.file))
        status = "wrong" if exc.hint else "error"
        return Outcome(stage.number, status, f"{title}: {exc}", hint=exc.hint)

    notes: list[str] = []
    finding = None
    if stage.figure:
        if not isinstance(result, Figure):
            got = "None" if result is None else type(result).__name__
            if hasattr(result, "figure") and isinstance(result.figure, Figure):
                got += " (ax.figure is the Figure)"
            finding = checks.Finding("no_figure", {"function": stage.function, "got": got})
        else:
            png = workspace / RESULTS / f"stage_{stage.number:02d}.png"
            try:
                glyphs = render(result, png)
            except Exception as exc:  # noqa: BLE001 - matplotlib could not draw the learner's figure
                _close_new(plt, figures_before, keep=None)
                plt.close(result)
                return Outcome(stage.number, "error", f"{title}: " + tr(
                    "your figure could not be drawn: {error}: {text}. A title or label with a single $ is read as "
                    "math text; write \\$ for a dollar sign", error=type(exc).__name__,
                    text=(str(exc).splitlines() or [""])[0]))
            finding = checks.FIGURE_CHECKS[stage.number](result, args, glyphs, changed)
    else:
        finding = checks.NUMBER_CHECKS[stage.number](result, args)
    extra = _close_new(plt, figures_before, keep=result if keep_figure else None, returned=result)
    if extra:
        notes.append(tr("your function left {count} other figure(s) open; the kit closed them. Return the one "
                        "figure you drew and close the others with plt.close(fig).", count=extra))
    if finding is not None:
        if isinstance(result, Figure) and not keep_figure:
            plt.close(result)
        return Outcome(stage.number, "wrong", f"{title}: {tr(HINTS[finding.key], **finding.values)}",
                       hint=finding.key, notes=notes)
    if stage.figure and pixels:
        same, diff, rms = checks.compare_pixels(png, stage.number)
        if same:
            notes.append(tr("pixels: the same as the reference figure"))
        elif diff is None:
            notes.append(tr("pixels: your figure has another size than the reference; harmless, since its numbers "
                            "and objects are right"))
        else:
            notes.append(tr("pixels: your figure differs from the reference (RMS {rms:.1f}); harmless, since its "
                            "numbers and objects are right. Difference image: {path}", rms=rms, path=diff))
    if isinstance(result, Figure) and not keep_figure:
        plt.close(result)
    return Outcome(stage.number, "done", tr("{title}: done", title=title), notes=notes)


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


__all__ = ["payload", "load_function"]
