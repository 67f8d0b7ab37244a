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
written atomically (:mod:`attn_teach.practice.pixels`). This module never runs the learner's code.
"""

from __future__ import annotations

import pathlib

from attn_teach.practice.hints import HINTS, WHERE_BOTH, WHERE_FUNCTION, WHERE_MODULE, Finding, tr
from attn_teach.practice.outcome import Outcome
from attn_teach.practice.pixels import BASELINE_DIR, RESULTS, TOLERANCE, baseline_path, pixel_note
from attn_teach.practice.stages import Stage, get_stage

IGNORED_RC = {"backend", "backend_fallback", "interactive"}  # set by matplotlib itself when pyplot starts


def _said(title: str, text: str) -> str:
    """The verdict's line: the stage's title, then what is wrong (a full-width colon in Japanese)."""
    return tr("{title}: {text}", title=title, text=text)


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


def find(stage: Stage, report: dict) -> tuple[Finding | None, int]:
    """The first finding of ``stage``'s check on the report's cases (each has a result, none raised),
    and the index of the figure case it was found on (0 for the number stages and for no finding)."""
    from attn_teach.practice.figures import glyph_finding

    cases = report["cases"]
    if not stage.figure:
        return stage.check(cases), 0
    for index, case in enumerate(cases):
        if "figure" not in case:
            return _not_a_figure(stage, case["result"]), index
        finding = stage.check(case) or glyph_finding(case.get("glyphs", []), _families(report, case))
        if finding is not None and finding.key == "missing_glyph":
            return _global_font(report) or finding, index
        if finding is not None:
            return finding, index
    return _rc_finding(report), 0


def _global_font(report: dict) -> Finding | None:
    """Boxes drawn after the global font was changed (the article's mistake; an import can do it too)."""
    rc = _rc_finding(report)
    changed = set(report.get("rc_module", {})) | set(report.get("rc_function", {}))
    if rc is None or not any(k.startswith("font.") for k in changed):
        return None
    return Finding("global_font", rc.values)


def _second_input_note(case: dict) -> str:
    """A figure stage's function failed on its second input only: a size written into the code."""
    return tr(
        "this is on the second input, a shorter sentence ({count} tokens): your function must draw "
        "whatever matrix it is given, at its own size, never a size written into the code",
        count=len(case.get("expected", {}).get("tokens", [])),
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
        return Outcome(stage.number, "error", _said(title, _load_error(stage, problem)))
    notes = []
    # per call: each input case calls the function once, and each call left the same figures open;
    # a function that raised left its figure open only because it raised: no note then
    extra = max((case.get("extra_figures", 0) for case in report["cases"] if "error" not in case), default=0)
    if extra:
        notes.append(
            tr(
                "your function left {count} other figure(s) open; the kit closed them. Return the one "
                "figure you drew and close the others with plt.close(fig).",
                count=extra,
            )
        )
    for index, case in enumerate(report["cases"]):
        if "error" in case:
            if case["error"].get("todo"):
                return _todo(stage, title)
            text, hint = _error_text(stage, case["error"])
            if stage.figure and index > 0:
                notes.insert(0, _second_input_note(case))
            return Outcome(stage.number, "wrong" if hint else "error", _said(title, text), hint=hint, notes=notes)
        if "draw_error" in case:
            return Outcome(
                stage.number,
                "error",
                _said(
                    title,
                    tr(
                        "your figure could not be drawn: {error}: {text}. A title or label with a single $ is read "
                        "as math text; write \\$ for a dollar sign",
                        error=case["draw_error"]["type"],
                        text=case["draw_error"]["text"],
                    ),
                ),
                notes=notes,
            )
    finding, index = find(stage, report)
    if finding is not None and finding.key == "no_figure":
        notes = []  # the figure left open is the learner's own, the one to return
    if finding is not None and index > 0:  # right on the article's sentence, wrong on another
        notes.insert(0, _second_input_note(report["cases"][index]))
    if finding is not None:
        return Outcome(
            stage.number, "wrong", _said(title, tr(HINTS[finding.key], **finding.values)), hint=finding.key, notes=notes
        )
    if stage.note and _first_time(stage, workspace):
        notes.append(tr(stage.note))
    if stage.figure and report["cases"]:
        notes.append(pixel_note(stage, report["cases"][0], workspace))
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


__all__ = ["BASELINE_DIR", "RESULTS", "TOLERANCE", "baseline_path", "find", "judge"]
