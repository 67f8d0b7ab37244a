"""The verdict's words (checks.judge), whole, on hand-made reports: every message a learner can meet.

Each test compares the full English text, so a changed, dropped or misplaced word
fails here; the Japanese catalogue is held to the same messages by the catalogue
tests. Figures come from ``practice_described.py`` with a baseline's PNG (no drawing).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from practice_described import TOKENS, M, heat, texts

from attn_teach.practice import checks
from attn_teach.practice.checks import judge
from attn_teach.practice.stages import get_stage


def title(number: int) -> str:
    return f"stage {number} ({get_stage(number).title})"


def report(number=2, cases=None, **extra):
    return {"stage": number, "cases": cases or [], "rc_module": {}, "rc_function": {}, "fonts_added": [], **extra}


def heatmap_case(png: bytes | None = None, **figure) -> dict:
    """Stage 4's case, right, its figure the baseline's PNG unless ``png`` says otherwise."""
    desc = {**heat(texts=texts()), "families": ["dejavu sans"], "size": [480, 640]}
    desc["png"] = checks.baseline_path(4).read_bytes() if png is None else png
    desc.update(figure)
    expected = {"matrix": M, "tokens": TOKENS}
    return {"label": "text", "expected": expected, "result": {"type": "Figure"}, "glyphs": [], "figure": desc}


# -- the learner's code stopped -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("problem", "words"),
    [
        (
            {"kind": "missing_file"},
            "{file} is missing: run `attn-teach practice init` in the workspace to write it again",
        ),
        (
            {"kind": "encoding", "position": 7},
            "{file} is not saved as UTF-8 (byte 7 is not UTF-8): save it again with the encoding UTF-8 in your editor",
        ),
        (
            {"kind": "syntax", "line": 3, "text": "invalid syntax", "source": "x ="},
            "{file}, line 3: syntax error: invalid syntax\n  x =",
        ),
        ({"kind": "syntax", "line": None, "text": "null bytes"}, "{file}: syntax error: null bytes"),
        ({"kind": "syntax"}, "{file}: syntax error: "),
        ({"kind": "no_function"}, "{file} has no function {function}({params}): keep the name the starter gave it"),
        (
            {"kind": "exception", "type": "NameError", "line": 4, "source": "x = y", "text": "name 'y' is not defined"},
            "{file}, line 4: x = y\n  NameError: name 'y' is not defined",
        ),
        ({"kind": "exception", "type": "ValueError", "text": "bad"}, "{function} raised ValueError: bad"),
        ({"kind": "exception"}, "{function} raised : "),
    ],
)
def test_load_errors_in_full(tmp_path, problem, words):
    stage = get_stage(2)
    outcome = judge(2, report(load_error=problem), workspace=tmp_path)
    expected = words.format(file=stage.file, function=stage.function, params=stage.params)
    assert (outcome.status, outcome.hint, outcome.notes) == ("error", None, [])
    assert outcome.message == f"{title(2)}: {expected}"


@pytest.mark.parametrize(
    ("number", "error", "hint", "words"),
    [
        (
            2,
            {"type": "SystemExit", "line": 3, "source": "sys.exit()", "text": "0"},
            None,
            "{file}, line 3: sys.exit()\n  SystemExit: sys.exit() stops the check; return the result from "
            "{function} instead",
        ),
        (
            2,
            {"type": "SystemExit", "text": "0"},
            None,
            "{function} raised SystemExit: sys.exit() stops the check; return the result from {function} instead",
        ),
        (
            3,
            {
                "type": "RuntimeError",
                "line": 9,
                "source": "m.numpy()",
                "text": "Can't call numpy() on Tensor that requires grad.",
            },
            "numpy_requires_grad",
            None,
        ),
        (
            5,
            {"type": "RuntimeError", "line": 9, "source": "m.numpy()", "text": "requires grad"},
            None,
            "{file}, line 9: m.numpy()\n  RuntimeError: requires grad",
        ),
        (
            3,
            {"type": "RuntimeError", "line": 9, "source": "m.numpy()", "text": "grad"},
            None,
            "{file}, line 9: m.numpy()\n  RuntimeError: grad",
        ),
        (
            7,
            {"type": "IndexError", "line": 5, "source": "outputs.attentions[-1]", "text": "out of range"},
            "sdpa_empty",
            None,
        ),
        (
            3,
            {"type": "IndexError", "line": 5, "source": "outputs.attentions[-1]", "text": "out of range"},
            None,
            "{file}, line 5: outputs.attentions[-1]\n  IndexError: out of range",
        ),
        (
            7,
            {"type": "KeyError", "line": 5, "source": "outputs.attentions[-1]", "text": "x"},
            None,
            "{file}, line 5: outputs.attentions[-1]\n  KeyError: x",
        ),
        (2, {}, None, "{function} raised : "),
    ],
)
def test_learner_exceptions_in_full(tmp_path, number, error, hint, words):
    from attn_teach.practice.hints import HINTS

    stage = get_stage(number)
    case = {"label": "m", "expected": {}, "error": error}
    outcome = judge(number, report(number, [case]), workspace=tmp_path)
    expected = (
        HINTS[hint].format(line=error.get("line")) if hint else words.format(file=stage.file, function=stage.function)
    )
    assert (outcome.status, outcome.hint) == (("wrong", hint) if hint else ("error", None))
    assert outcome.message == f"{title(number)}: {expected}"


def test_the_first_error_or_todo_of_the_cases_is_said(tmp_path):
    todo = {"label": "a", "expected": {}, "error": {"type": "NotImplementedError", "todo": True}}
    error = {"label": "b", "expected": {}, "error": {"type": "ValueError", "text": "bad"}}
    assert judge(2, report(2, [todo, error]), workspace=tmp_path).status == "todo"
    outcome = judge(2, report(2, [error, todo]), workspace=tmp_path)
    assert outcome.status == "error" and outcome.message.endswith("raised ValueError: bad")


def test_internal_error_and_todo_in_full(tmp_path):
    outcome = judge(4, report(4, internal_error={"type": "KeyError"}), workspace=tmp_path)
    assert (outcome.status, outcome.message) == (
        "error",
        f"{title(4)}: the check itself failed (KeyError); please report it",
    )
    stage = get_stage(4)
    todo = judge(4, report(4, load_error={"kind": "exception", "todo": True}), workspace=tmp_path)
    assert (todo.status, todo.message, todo.notes) == (
        "todo",
        f"{title(4)} is not done yet: fill in {stage.function} in {stage.file}, and delete its line "
        "raise NotImplementedError",
        [],
    )


def test_draw_error_in_full(tmp_path):
    case = {"label": "m", "expected": {}, "result": {"type": "Figure"}, "extra_figures": 1}
    case["draw_error"] = {"type": "ValueError", "text": "Unknown symbol"}
    outcome = judge(4, report(4, [case]), workspace=tmp_path)
    assert outcome.status == "error" and outcome.message == (
        f"{title(4)}: your figure could not be drawn: ValueError: Unknown symbol. A title or label with a single $ "
        "is read as math text; write \\$ for a dollar sign"
    )
    assert len(outcome.notes) == 1 and "left 1 other figure(s) open" in outcome.notes[0]


# -- what the figure shows ---------------------------------------------------------------------------
def test_not_a_figure_in_full(tmp_path):
    function = get_stage(4).function
    for result, got in (
        ({"type": "NoneType"}, "None"),
        ({"type": "Axes", "has_figure": True}, "Axes (ax.figure is the Figure)"),
        ({}, "?"),
    ):
        case = {"label": "m", "expected": {}, "result": result}
        outcome = judge(4, report(4, [case]), workspace=tmp_path)
        assert outcome.message == (
            f"{title(4)}: {function} returned {got}; return the matplotlib Figure you drew (end with `return fig`)."
        )


def test_every_case_of_a_figure_stage_is_checked(tmp_path):
    wrong = heatmap_case()
    wrong["figure"] = {**wrong["figure"], "heatmap": {**wrong["figure"]["heatmap"], "cmap": "viridis"}}
    assert judge(4, report(4, [heatmap_case(), wrong]), workspace=tmp_path).hint == "wrong_cmap"
    missing = {"label": "m", "expected": {}, "result": {"type": "NoneType"}}
    assert judge(4, report(4, [heatmap_case(), missing]), workspace=tmp_path).hint == "no_figure"


GLYPH = "Glyph 20170 (\\N{CJK UNIFIED IDEOGRAPH-4ECA}) missing from font(s) DejaVu Sans."


@pytest.mark.parametrize(
    ("figure_families", "rc", "hint"),
    [
        (["dejavu sans"], {}, "missing_glyph"),
        (["ms gothic"], {}, "ms_gothic"),  # fontfamily= on a text
        (["dejavu sans"], {"rc_module": {"font.family": "['MS Gothic']"}}, "ms_gothic"),
        (["dejavu sans"], {"rc_function": {"font.family": "'Yu Gothic', \"MS Gothic\""}}, "ms_gothic"),
        (["dejavu sans"], {"rc_function": {"font.family": "['MS Mincho']"}}, "missing_glyph"),
    ],
)
def test_glyphs_name_ms_gothic_wherever_it_was_asked_for(tmp_path, figure_families, rc, hint):
    case = {**heatmap_case(families=figure_families), "glyphs": [GLYPH]}
    assert judge(4, report(4, [case], **rc), workspace=tmp_path).hint == hint


def test_global_settings_in_full(tmp_path):
    from attn_teach.practice.hints import HINTS

    changed = {"lines.linewidth": "3", "image.cmap": "magma", "axes.grid": "True", "font.size": "12"}
    for rc, where in (
        ({"rc_module": changed}, "your file, at module level (outside the function),"),
        ({"rc_function": changed}, "your function"),
        (
            {"rc_module": {"image.cmap": "m"}, "rc_function": {"font.size": "9", "backend": "agg"}},
            "your file, at module level, and your function",
        ),
    ):
        outcome = judge(4, report(4, [heatmap_case()], **rc), workspace=tmp_path)
        names = ", ".join(sorted({**rc.get("rc_module", {}), **rc.get("rc_function", {})}.keys() - {"backend"})[:3])
        assert outcome.message == f"{title(4)}: " + HINTS["global_rc"].format(where=where, names=names)
    ignored = {"backend": "agg", "backend_fallback": "True", "interactive": "False"}
    assert judge(4, report(4, [heatmap_case()], rc_module=ignored, rc_function=ignored), workspace=tmp_path).passed


# -- the pixels, once what the figure shows is right -----------------------------------------------------
def png_with_band(number: int, rows: slice, value: float = 1.0, columns: slice = slice(None)) -> bytes:
    import matplotlib.image as mpimg
    import matplotlib.pyplot as plt

    pixels = mpimg.imread(io.BytesIO(checks.baseline_path(number).read_bytes()))
    pixels[rows, columns, :3] = value
    buffer = io.BytesIO()
    plt.imsave(buffer, pixels, format="png")
    return buffer.getvalue()


def test_the_same_pixels_in_full(tmp_path):
    outcome = judge(4, report(4, [heatmap_case()]), workspace=tmp_path)
    assert (outcome.status, outcome.message) == ("done", f"{title(4)}: done")
    assert outcome.notes == ["pixels: the same as the reference figure"]
    saved = tmp_path / checks.RESULTS / "stage_04.png"
    assert saved.read_bytes() == checks.baseline_path(4).read_bytes()
    assert sorted(p.name for p in saved.parent.iterdir()) == ["stage_04.png"]


def test_another_size_in_full(tmp_path):
    other = checks.baseline_path(6).read_bytes()
    outcome = judge(4, report(4, [heatmap_case(png=other, size=[420, 760])]), workspace=tmp_path)
    assert outcome.notes == [
        "pixels: your figure is 760 x 420 pixels, another size than the reference; harmless, since what it "
        "shows is right"
    ]


@pytest.mark.parametrize(("number", "bar"), [(4, True), (8, False)])
def test_styling_in_full_with_the_difference_image(tmp_path, number, bar):
    band = png_with_band(number, slice(0, 200))
    colorbar = {"count": 1, "linked": True} if bar else {"count": 0, "linked": False}
    case = heatmap_case(png=band, colorbar=colorbar)
    (note,) = judge(number, report(number, [case]), workspace=tmp_path).notes
    what = "fonts, margins, colours or the colour bar's width" if bar else "fonts, margins or colours"
    prefix = "pixels: your figure differs from the reference (RMS "
    assert note.startswith(prefix)
    rms, rest = note[len(prefix) :].split(")", 1)
    assert float(rms) > checks.TOLERANCE
    assert rest.startswith(f" in styling only ({what}); what it shows is right. Difference image: ")
    diff = rest.split("Difference image: ")[1]
    assert diff == str(tmp_path / checks.RESULTS / f"stage_{number:02d}-failed-diff.png")
    assert (tmp_path / checks.RESULTS / f"stage_{number:02d}-failed-diff.png").stat().st_size > 0
    assert (tmp_path / checks.RESULTS / f"stage_{number:02d}.png").read_bytes() == band


def test_pixels_within_the_tolerance_are_the_same(tmp_path):
    """pytest-mpl's tolerance (RMS 2 of 255): 10 white pixels turned black pass (RMS 1.7), 24 do not (2.7)."""
    faint, dark = png_with_band(4, slice(0, 1), 0.0, slice(0, 10)), png_with_band(4, slice(0, 1), 0.0, slice(0, 24))
    assert judge(4, report(4, [heatmap_case(png=faint)]), workspace=tmp_path).notes == [
        "pixels: the same as the reference figure"
    ]
    (note,) = judge(4, report(4, [heatmap_case(png=dark)]), workspace=tmp_path).notes
    assert "styling only" in note and 2 < float(note.split("RMS ")[1].split(")")[0]) < 3


def test_notes_in_order(tmp_path):
    """Figures left open, then the stage's own note, then the pixels."""
    from attn_teach.practice.child import describe_value

    weights = np.full((2, 1, 1, 2, 2), 0.5, dtype=np.float32)
    case = {
        "label": "m",
        "result": describe_value(tuple(weights)),
        "expected": {"weights": weights},
        "extra_figures": 2,
    }
    notes = judge(1, report(1, [case, {**case, "extra_figures": 1}]), workspace=tmp_path).notes
    assert len(notes) == 2 and "left 3 other figure(s) open" in notes[0] and "cls.*" in notes[1]
    figure = {**heatmap_case(), "extra_figures": 1}
    notes = judge(4, report(4, [figure]), workspace=tmp_path).notes
    assert len(notes) == 2 and "left 1 other" in notes[0] and notes[1] == "pixels: the same as the reference figure"
