"""The learner's side of a check: run their function on every input case and describe what came back.

This module runs only in the child process the runner starts for one check. It
loads the learner's file fresh (or takes the function given), calls it on each of
the stage's input cases (:mod:`attn_teach.practice.inputs`), and turns everything
into plain data (None, bool, int, float, str, bytes, lists, dicts with str keys,
NumPy arrays of numbers): results, figures as read back by
:mod:`attn_teach.practice.readback` with their PNG, matplotlib settings and fonts the
learner's module or function changed, and the learner's exceptions as type, line
and text. It never raises and never judges: the verdict is
:func:`attn_teach.practice.checks.judge`'s, in the parent.
"""

from __future__ import annotations

import contextlib
import linecache
import logging
import pathlib
import traceback
import warnings

import numpy as np

from attn_teach.practice.stages import get_stage

MAX_ITEMS = 64  # a result longer than this is described by its first items


def _quiet() -> None:
    """Silence the noise a learner would otherwise read on stderr (it is explained in the messages)."""
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # hundreds of findfont lines
    with contextlib.suppress(ImportError):
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # the load report about unused cls.* weights
        hf_logging.disable_progress_bar()


def _fonts_as_installed() -> None:
    """matplotlib's settings and fonts as installed: nothing a previous check registered or set."""
    import matplotlib
    from matplotlib import font_manager

    from attn_teach import fonts

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rc_file_defaults()
    path = fonts.japanese_font_path()
    manager = font_manager.fontManager
    if path is not None:
        manager.ttflist = [f for f in manager.ttflist if f.fname != str(path)]
    font_manager.FontManager._findfont_cached.cache_clear()  # type: ignore[attr-defined]
    font_manager._get_font.cache_clear()  # type: ignore[attr-defined]  # start font objects afresh
    fonts.register.cache_clear()


def _rc() -> dict:
    import matplotlib

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {k: str(v) for k, v in matplotlib.rcParams.items()}


def _font_files() -> set[str]:
    from matplotlib import font_manager

    return {f.fname for f in font_manager.fontManager.ttflist}


def describe_exception(exc: BaseException, filename: str | None) -> dict:
    """A learner's exception as plain data: type, their file's last line in it, its source, the text."""
    try:
        text = str(exc)
    except BaseException:  # noqa: BLE001 - an exception whose __str__ raises
        text = ""
    line, source = None, ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if filename and frame.filename == filename:
            line, source = frame.lineno, (frame.line or linecache.getline(filename, frame.lineno or 0)).strip()
    todo = isinstance(exc, NotImplementedError) and line is not None
    return {
        "type": type(exc).__name__,
        "line": line,
        "source": source,
        "text": (text.splitlines() or [""])[0],
        "todo": todo,
    }


def describe_value(value, depth: int = 0) -> dict:
    """A returned value as plain data; tensors and arrays as float arrays with their dtype kept in words."""
    kind = type(value)
    out: dict = {"type": kind.__name__, "module": kind.__module__}
    try:
        if value is None or isinstance(value, (bool, int, float, str)):
            out["value"] = value
        elif hasattr(value, "detach") and hasattr(value, "shape"):  # a torch tensor
            out.update(
                dtype=str(value.dtype).replace("torch.", ""),
                requires_grad=bool(value.requires_grad),
                array=value.detach().cpu().float().numpy().copy(),
                shape=list(value.shape),
            )
        elif isinstance(value, np.ndarray):
            out.update(dtype=str(value.dtype), shape=list(value.shape))
            if value.dtype.kind in "biuf":
                out["array"] = np.array(value, copy=True)
            elif value.dtype.kind in "US":
                out["strings"] = [str(v) for v in value.ravel()[:MAX_ITEMS]]
        elif isinstance(value, (tuple, list)) and depth < 3:
            out["length"] = len(value)
            out["items"] = [describe_value(v, depth + 1) for v in value[:MAX_ITEMS]]
        elif kind.__name__ in ("int64", "int32", "float32", "float64"):
            out["value"] = value.item()
        if hasattr(value, "figure") and not hasattr(value, "savefig"):
            out["has_figure"] = True
    except BaseException as exc:  # noqa: BLE001 - a learner's object that refuses to be looked at
        out["unreadable"] = type(exc).__name__
    return out


def _load(path: pathlib.Path, function_name: str) -> tuple[object, dict | None]:
    """The learner's function from ``path``, imported fresh, or a plain-data description of what is in the way."""
    if not path.is_file():
        return None, {"kind": "missing_file"}
    raw = path.read_bytes()
    try:
        source = raw.decode("utf-8-sig")  # a byte-order mark is read as Python reads it
    except UnicodeDecodeError as exc:
        return None, {"kind": "encoding", "position": exc.start}
    filename = str(path)
    try:
        code = compile(source, filename, "exec")
    except (SyntaxError, ValueError) as exc:  # ValueError: a null byte
        return None, {
            "kind": "syntax",
            "line": getattr(exc, "lineno", None),
            "text": getattr(exc, "msg", None) or str(exc),
            "source": (getattr(exc, "text", "") or "").strip(),
        }
    linecache.checkcache(filename)
    namespace = {"__name__": f"attn_practice_{path.stem}", "__file__": filename}
    try:
        exec(code, namespace)
    except BaseException as exc:  # noqa: BLE001 - the learner's module-level code
        return None, {"kind": "exception", "where": "import", **describe_exception(exc, filename)}
    function = namespace.get(function_name)
    if not callable(function):
        return None, {"kind": "no_function"}
    return function, None


def _run_case(function, case: dict, figure: bool, filename: str | None, *, first: bool = True, after_call=None) -> dict:
    """One input case: the learner's call, then (figures) the read-back. ``after_call`` runs between
    the two when the call returned (it starts the later cases beside this one, :mod:`.beside`)."""
    import matplotlib.pyplot as plt

    before = set(plt.get_fignums())
    out: dict = {"label": case["label"], "expected": case["expected"]}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = function(*case["args"])
        except BaseException as exc:  # noqa: BLE001 - sys.exit, KeyboardInterrupt, GeneratorExit too
            out["error"] = describe_exception(exc, filename)
            result = None
        if "error" not in out and after_call is not None:
            after_call()
        if "error" not in out:
            out["result"] = describe_value(result)
            if figure and hasattr(result, "savefig"):
                from attn_teach.practice.readback import DrawError, describe_figure

                try:
                    out["figure"] = describe_figure(result, png=first)  # the first case's PNG is compared
                except DrawError as exc:  # matplotlib could not draw the learner's figure
                    cause = exc.__cause__
                    out["draw_error"] = {"type": type(cause).__name__, "text": (str(cause).splitlines() or [""])[0]}
    out["glyphs"] = sorted({str(w.message) for w in caught if str(w.message).startswith("Glyph")})
    opened = set(plt.get_fignums()) - before
    returned = getattr(result, "number", None) if "error" not in out else None
    out["extra_figures"] = len([n for n in opened if n != returned])
    plt.close("all")
    return out


def run_case_report(
    number: int, *, source: pathlib.Path | None, function=None, workspace: pathlib.Path, beside: bool = False
) -> dict:
    """Run stage ``number``'s function on each input case; describe everything as plain data. Never raises.

    What the learner's code prints is passed through up to :data:`~attn_teach.practice.printing.SHOWN` lines.
    With ``beside`` (only in the isolated child), a figure stage's later inputs run in a grandchild
    while the first is drawn (:mod:`attn_teach.practice.beside`); the report is the same.
    """
    from attn_teach.practice.printing import capped_stdout

    with capped_stdout() as capped:
        return _run_cases(number, source=source, function=function, workspace=workspace, capped=beside and capped)


def _later_cases(function, cases: list[dict], filename: str | None) -> dict:
    """The later cases of a figure stage (in the grandchild): their descriptions, settings and fonts after them."""
    import matplotlib.pyplot as plt

    plt.close("all")  # the first case's figures, as its end closes them in the child
    outs = []
    for case in cases:
        outs.append(_run_case(function, case, True, filename, first=False))
        if "error" in outs[-1]:
            break
    return {"cases": outs, "rc": _rc(), "fonts": sorted(_font_files())}


def _run_cases(number: int, *, source: pathlib.Path | None, function, workspace: pathlib.Path, capped=None) -> dict:
    report: dict = {"stage": number, "cases": [], "rc_module": {}, "rc_function": {}, "fonts_added": []}
    try:
        stage = get_stage(number)
        _quiet()
        _fonts_as_installed()
        cases = stage.inputs()
        rc0, fonts0 = _rc(), _font_files()
        filename = None
        if function is None:
            path = pathlib.Path(source) if source is not None else pathlib.Path(workspace) / stage.file
            filename = str(path)
            function, problem = _load(path, stage.function)
            if problem is not None:
                report["load_error"] = problem
                return report
        else:
            filename = getattr(getattr(function, "__code__", None), "co_filename", None)
        rc1 = _rc()
        report["rc_module"] = {k: v for k, v in rc1.items() if rc0.get(k) != v}
        running: list = []  # the grandchild running the later cases, once started, and the settings then
        split = bool(capped) and stage.kind == "figure" and len(cases) > 1

        def start_later() -> None:
            from attn_teach.practice import beside

            running.extend([beside.start(lambda: _later_cases(function, cases[1:], filename), capped), _rc()])

        later = None
        for index, case in enumerate(cases):
            after_call = start_later if split and index == 0 else None
            out = _run_case(function, case, stage.kind == "figure", filename, first=index == 0, after_call=after_call)
            report["cases"].append(out)
            if "error" in out:
                break
            if index == 0 and running and running[0] is not None:
                from attn_teach.practice import beside

                later = beside.finish(running[0], capped)
                if later is not None:
                    report["cases"] += later["cases"]
                    break
        rc2, fonts2 = _rc(), _font_files()
        if later is not None:  # the settings as the later cases left them, and changes made here since the fork
            rc2 = {**later["rc"], **{k: v for k, v in rc2.items() if running[1].get(k) != v}}
            fonts2 |= set(later["fonts"])
        report["rc_function"] = {k: v for k, v in rc2.items() if rc1.get(k) != v}
        report["fonts_added"] = sorted(fonts2 - fonts0)
    except BaseException as exc:  # noqa: BLE001 - the report must reach the parent whatever happened
        report["internal_error"] = {"type": type(exc).__name__, "text": traceback.format_exc()[-2000:]}
    return report
