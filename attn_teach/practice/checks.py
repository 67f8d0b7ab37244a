"""The verdict: the child's plain-data report judged in the parent, in three tiers, said in plain words.

:func:`judge` turns the report of :func:`attn_teach.practice.child.run_case_report`
into one :class:`~attn_teach.practice.outcome.Outcome`:

1. what stopped the learner's code (a missing file, a syntax error, an exception
   with their line, a stub still raising ``NotImplementedError``);
2. the stage's check (:mod:`attn_teach.practice.numbers`,
   :mod:`attn_teach.practice.figures`) on every input case, then, for figures,
   missing glyphs and matplotlib's global settings changed at module level or in the
   function;
3. for a figure that passed, its pixels against the stage's baseline: once what the
   figure shows is right, a difference is styling, and the note says which.

The learner's PNG and any difference image go to ``.results/`` in the workspace,
written atomically. This module never runs the learner's code.
"""

from __future__ import annotations

import pathlib

from attn_teach.practice.hints import HINTS, WHERE_BOTH, WHERE_FUNCTION, WHERE_MODULE, Finding, tr
from attn_teach.practice.outcome import Outcome
from attn_teach.practice.stages import Stage, get_stage

RESULTS = ".results"  # folder in the workspace for the learner's PNGs and difference images
BASELINE_DIR = pathlib.Path(__file__).parent / "baselines"
TOLERANCE = 2  # RMS, as pytest-mpl's default
IGNORED_RC = {"backend", "backend_fallback", "interactive"}  # set by matplotlib itself when pyplot starts


def baseline_path(stage: int) -> pathlib.Path:
    return BASELINE_DIR / (get_stage(stage).baseline or f"stage_{stage:02d}.png")


def _title(stage: Stage) -> str:
    return tr("stage {number} ({title})", number=stage.number, title=tr(stage.title))


def _error_text(stage: Stage, error: dict) -> tuple[str, str | None]:
    """A learner's exception in words, and the hint it names where one fits."""
    kind, text, line, source = error.get("type", ""), error.get("text", ""), error.get("line"), error.get("source", "")
    if kind == "SystemExit":
        text = tr("sys.exit() stops the check; return the result from {function} instead", function=stage.function)
    if kind == "RuntimeError" and "requires grad" in text and "numpy_requires_grad" in stage.hints:
        return tr(HINTS["numpy_requires_grad"], line=line), "numpy_requires_grad"
    if kind == "IndexError" and "attentions" in source and "sdpa_empty" in stage.hints:
        return tr(HINTS["sdpa_empty"]), "sdpa_empty"
    if line is None:
        return tr("{function} raised {error}: {text}", function=stage.function, error=kind, text=text), None
    return tr(
        "{file}, line {line}: {source}\n  {error}: {text}",
        file=stage.file,
        line=line,
        source=source,
        error=kind,
        text=text,
    ), None


def _load_error(stage: Stage, problem: dict) -> str:
    kind = problem.get("kind")
    if kind == "missing_file":
        return tr(
            "{file} is missing: run `attn-teach practice init` in the workspace to write it again", file=stage.file
        )
    if kind == "encoding":
        return tr(
            "{file} is not saved as UTF-8 (byte {position}, counting from 1, is not UTF-8): save it again "
            "with the encoding UTF-8 in your editor",
            file=stage.file,
            position=int(problem.get("position") or 0) + 1,  # the child's offset counts from 0
        )
    if kind == "syntax":
        if problem.get("line") is None:
            return tr("{file}: syntax error: {text}", file=stage.file, text=problem.get("text", ""))
        return tr(
            "{file}, line {line}: syntax error: {text}\n  {source}",
            file=stage.file,
            line=problem["line"],
            text=problem.get("text", ""),
            source=problem.get("source", ""),
        )
    if kind == "no_function":
        return tr(
            "{file} has no function {function}({params}): keep the name the starter gave it",
            file=stage.file,
            function=stage.function,
            params=stage.params,
        )
    return _error_text(stage, problem)[0]


def _not_a_figure(stage: Stage, result: dict) -> Finding:
    got = "None" if result.get("type") == "NoneType" else result.get("type", "?")
    if result.get("has_figure"):
        got = tr("{type} (its Figure is its .figure)", type=got)
    return Finding("no_figure", {"function": stage.function, "got": got})


def _rc_finding(report: dict) -> Finding | None:
    """matplotlib's global settings changed, saying where: at module level, in the function, or both."""
    module = {k for k in report.get("rc_module", {}) if k not in IGNORED_RC}
    function = {k for k in report.get("rc_function", {}) if k not in IGNORED_RC}
    if not module and not function:
        return None
    where = WHERE_BOTH if module and function else WHERE_MODULE if module else WHERE_FUNCTION
    return Finding("global_rc", {"where": where, "names": ", ".join(sorted(module | function)[:3])})


def _families(report: dict, case: dict) -> set[str]:
    families = set(case.get("figure", {}).get("families", []))
    for where in ("rc_module", "rc_function"):
        value = report.get(where, {}).get("font.family", "")
        families |= {f.strip(" '\"[]").lower() for f in value.split(",") if f.strip(" '\"[]")}
    return families


def find(stage: Stage, report: dict) -> Finding | None:
    """The first finding of ``stage``'s check on the report's cases (each has a result, none raised)."""
    from attn_teach.practice.figures import glyph_finding

    cases = report["cases"]
    if not stage.figure:
        return stage.check(cases)
    for case in cases:
        if "figure" not in case:
            return _not_a_figure(stage, case["result"])
        finding = stage.check(case) or glyph_finding(case.get("glyphs", []), _families(report, case))
        if finding is not None and finding.key == "missing_glyph":
            return _global_font(report) or finding
        if finding is not None:
            return finding
    return _rc_finding(report)


def _global_font(report: dict) -> Finding | None:
    """Boxes drawn after the global font was changed (the article's mistake; an import can do it too)."""
    rc = _rc_finding(report)
    changed = set(report.get("rc_module", {})) | set(report.get("rc_function", {}))
    if rc is None or not any(k.startswith("font.") for k in changed):
        return None
    return Finding("global_font", rc.values)


def _pixels(png: bytes):
    """The image as matplotlib's comparison reads it: RGB, or RGBA when it is not fully opaque."""
    import io

    import numpy as np
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    if image.mode != "RGBA" or image.getextrema()[3][0] == 255:
        image = image.convert("RGB")
    return np.asarray(image)


def compare_png(expected: bytes, actual: bytes) -> tuple[float | None, bytes | None]:
    """``(rms, difference image)`` of two PNGs as ``matplotlib.testing.compare.compare_images`` computes
    them (RMS over every channel, differences x10 in the image); ``(None, None)`` when the sizes differ,
    no image when the RMS is within :data:`TOLERANCE`. Without matplotlib: the checking process stays light.
    """
    import io

    import numpy as np
    from PIL import Image

    want, got = _pixels(expected), _pixels(actual)
    if want.shape != got.shape:
        return None, None
    if np.array_equal(want, got):
        return 0.0, None
    difference = np.abs(want.astype(np.int16) - got.astype(np.int16))
    rms = float(np.sqrt(np.mean(difference.astype(np.float64) ** 2)))
    if rms <= TOLERANCE:
        return rms, None
    shown = np.clip(difference * 10, 0, 255).astype(np.uint8)
    if shown.shape[2] == 4:
        shown[:, :, 3] = 255  # the alpha channel solid, as matplotlib draws its difference images
    buffer = io.BytesIO()
    Image.fromarray(shown).save(buffer, format="png")
    return rms, buffer.getvalue()


def _write_results(stage: Stage, png: bytes, workspace: pathlib.Path) -> tuple[str | None, float | None, bool]:
    """Save the learner's PNG; compare it with the baseline: (difference image path, rms, same size)."""
    from attn_teach.files import atomic_write

    folder = pathlib.Path(workspace) / RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / f"stage_{stage.number:02d}.png", png, force=True)
    rms, image = compare_png(baseline_path(stage.number).read_bytes(), png)
    if rms is None:  # the sizes differ
        return None, None, False
    if image is None:
        return None, 0.0, True
    diff = folder / f"stage_{stage.number:02d}-diff.png"  # matplotlib's "-failed-diff": the check passed
    atomic_write(diff, image, force=True)
    return str(diff), rms, True


def _pixel_note(stage: Stage, case: dict, workspace: pathlib.Path) -> str:
    figure = case["figure"]
    diff, rms, same_size = _write_results(stage, figure["png"], workspace)
    if same_size and diff is None:
        return tr("pixels: the same as the reference figure")
    if not same_size:
        height, width = figure.get("size", [0, 0])
        return tr(
            "pixels: your figure is {width} x {height} pixels, another size than the reference; harmless, "
            "since what it shows is right",
            width=width,
            height=height,
        )
    if (figure.get("colorbar") or {}).get("count"):
        return tr(
            "pixels: your figure differs from the reference (RMS {rms:.1f}) in styling only (fonts, margins, "
            "colours or the colour bar's width); what it shows is right. Difference image: {path}",
            rms=rms,
            path=diff,
        )
    return tr(
        "pixels: your figure differs from the reference (RMS {rms:.1f}) in styling only (fonts, margins "
        "or colours); what it shows is right. Difference image: {path}",
        rms=rms,
        path=diff,
    )


def judge(number: int, report: dict, *, workspace: pathlib.Path) -> Outcome:
    """The verdict on stage ``number`` from the child's ``report``; writes ``.results/`` for figures."""
    stage = get_stage(number)
    title = _title(stage)
    if "internal_error" in report:
        return Outcome(
            stage.number,
            "error",
            tr(
                "{title}: the check itself failed ({error}); please report it",
                title=title,
                error=report["internal_error"].get("type"),
            ),
        )
    if "load_error" in report:
        problem = report["load_error"]
        if problem.get("todo"):
            return _todo(stage, title)
        return Outcome(stage.number, "error", f"{title}: {_load_error(stage, problem)}")
    notes = []
    # a function that raised left its figure open only because it raised: no note then
    extra = sum(case.get("extra_figures", 0) for case in report["cases"] if "error" not in case)
    if extra:
        notes.append(
            tr(
                "your function left {count} other figure(s) open; the kit closed them. Return the one "
                "figure you drew and close the others with plt.close(fig).",
                count=extra,
            )
        )
    for case in report["cases"]:
        if "error" in case:
            if case["error"].get("todo"):
                return _todo(stage, title)
            text, hint = _error_text(stage, case["error"])
            return Outcome(stage.number, "wrong" if hint else "error", f"{title}: {text}", hint=hint, notes=notes)
        if "draw_error" in case:
            return Outcome(
                stage.number,
                "error",
                f"{title}: "
                + tr(
                    "your figure could not be drawn: {error}: {text}. A title or label with a single $ is read as "
                    "math text; write \\$ for a dollar sign",
                    error=case["draw_error"]["type"],
                    text=case["draw_error"]["text"],
                ),
                notes=notes,
            )
    finding = find(stage, report)
    if finding is not None and finding.key == "no_figure":
        notes = []  # the figure left open is the learner's own, the one to return
    if finding is not None:
        return Outcome(
            stage.number, "wrong", f"{title}: {tr(HINTS[finding.key], **finding.values)}", hint=finding.key, notes=notes
        )
    if stage.note and _first_time(stage, workspace):
        notes.append(tr(stage.note))
    if stage.figure and report["cases"]:
        notes.append(_pixel_note(stage, report["cases"][0], workspace))
    return Outcome(stage.number, "done", tr("{title}: done", title=title), notes=notes)


def _first_time(stage: Stage, workspace: pathlib.Path) -> bool:
    """True the first time the stage passes in this workspace, then remembered: its note is said once."""
    from attn_teach.errors import AttnTeachError
    from attn_teach.practice.workspace import STATE, load_state, save_state

    if (pathlib.Path(workspace) / STATE).is_dir():  # already said by the command: nothing can be kept
        return True
    state = load_state(workspace)
    if stage.number in state.get("noted", []):
        return False
    state["noted"] = [*state.get("noted", []), stage.number]
    try:
        save_state(workspace, state)
    except (OSError, AttnTeachError):
        pass  # a read-only workspace: the note again next time
    return True


def _todo(stage: Stage, title: str) -> Outcome:
    return Outcome(
        stage.number,
        "todo",
        tr(
            "{title} is not done yet: fill in {function} in {file}, and delete its line raise NotImplementedError",
            title=title,
            function=stage.function,
            file=stage.file,
        ),
    )
