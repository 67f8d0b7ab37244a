"""The parent's verdict (attn_teach.practice.checks.judge) on hand-made child reports: every branch, in words."""

from __future__ import annotations

import numpy as np
import pytest
from practice_driver import child_setup_undone

from attn_teach.practice import checks
from attn_teach.practice.checks import judge
from attn_teach.practice.stages import get_stage


def report(number=2, cases=None, **extra):
    return {
        "stage": number,
        "cases": cases if cases is not None else [],
        "rc_module": {},
        "rc_function": {},
        "fonts_added": [],
        **extra,
    }


def shape_case(value=(4, 4, 9, 9), expected=(4, 4, 9, 9)):
    from attn_teach.practice.child import describe_value

    return {
        "label": "m",
        "result": describe_value(value),
        "expected": {"shape": list(expected)},
        "glyphs": [],
        "extra_figures": 0,
    }


def test_right_answer_is_done(tmp_path):
    outcome = judge(2, report(cases=[shape_case()]), workspace=tmp_path)
    assert (outcome.status, outcome.hint, outcome.notes) == ("done", None, [])
    assert outcome.message == "stage 2 (Read the tensor's shape): done" and outcome.passed


def test_finding_is_worded(tmp_path):
    outcome = judge(2, report(cases=[shape_case((4, 4, 9))]), workspace=tmp_path)
    assert (outcome.status, outcome.hint) == ("wrong", "shape_numbers") and not outcome.passed
    assert outcome.message.startswith("stage 2 (Read the tensor's shape): you returned (4, 4, 9).")


def test_stage_note_only_when_done(tmp_path):
    from attn_teach.practice.child import describe_value

    weights = np.full((2, 1, 1, 2, 2), 0.5, dtype=np.float32)
    case = {"label": "m", "result": describe_value(tuple(weights)), "expected": {"weights": weights}}
    done = judge(1, report(1, [case]), workspace=tmp_path)
    assert done.passed and len(done.notes) == 1 and "cls.*" in done.notes[0]
    case["result"] = describe_value(())
    assert judge(1, report(1, [case]), workspace=tmp_path).notes == []


def test_stage_note_is_said_once_per_workspace(tmp_path):
    from attn_teach.practice.child import describe_value

    weights = np.full((2, 1, 1, 2, 2), 0.5, dtype=np.float32)
    case = {"label": "m", "result": describe_value(tuple(weights)), "expected": {"weights": weights}}
    assert len(judge(1, report(1, [case]), workspace=tmp_path).notes) == 1
    again = judge(1, report(1, [case]), workspace=tmp_path)
    assert again.passed and again.notes == []
    assert len(judge(1, report(1, [case]), workspace=tmp_path / "another").notes) == 1


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        ({"kind": "missing_file"}, "stage_02_tensor.py is missing: run `attn-teach practice init`"),
        ({"kind": "encoding", "position": 7}, "byte 8, counting from 1, is not UTF-8"),
        (
            {"kind": "syntax", "line": 3, "text": "invalid syntax", "source": "x ="},
            "stage_02_tensor.py, line 3: syntax error: invalid syntax\n  x =",
        ),
        (
            {"kind": "syntax", "line": None, "text": "source code cannot contain null bytes"},
            "stage_02_tensor.py: syntax error: source code cannot contain null bytes",
        ),
        ({"kind": "no_function"}, "has no function attention_shape(attentions)"),
        (
            {"kind": "exception", "type": "NameError", "line": 4, "source": "x = y", "text": "name 'y' is not defined"},
            "stage_02_tensor.py, line 4: x = y\n  NameError: name 'y' is not defined",
        ),
    ],
)
def test_load_errors(tmp_path, problem, words):
    outcome = judge(2, report(load_error=problem), workspace=tmp_path)
    assert outcome.status == "error" and words in outcome.message and outcome.hint is None


def test_todo_at_import_and_in_the_function(tmp_path):
    todo = {"kind": "exception", "type": "NotImplementedError", "line": 5, "source": "raise", "text": "", "todo": True}
    assert judge(2, report(load_error=todo), workspace=tmp_path).status == "todo"
    case = {"label": "m", "expected": {}, "error": {"type": "NotImplementedError", "line": 5, "todo": True}}
    outcome = judge(2, report(cases=[case]), workspace=tmp_path)
    assert outcome.status == "todo"
    assert outcome.message == (
        "stage 2 (Read the tensor's shape) is not done yet: fill in attention_shape in "
        "stage_02_tensor.py, and delete its line raise NotImplementedError"
    )


@pytest.mark.parametrize(
    ("number", "error", "status", "hint", "words"),
    [
        (
            2,
            {"type": "SystemExit", "line": 3, "source": "sys.exit()", "text": "0"},
            "error",
            None,
            "sys.exit() stops the check; return the result from attention_shape instead",
        ),
        (
            3,
            {
                "type": "RuntimeError",
                "line": 9,
                "source": "m.numpy()",
                "text": "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.",
            },
            "wrong",
            "numpy_requires_grad",
            "line 9: .numpy()",
        ),
        (
            2,
            {"type": "RuntimeError", "line": 9, "source": "m.numpy()", "text": "requires grad"},
            "error",
            None,
            "RuntimeError: requires grad",
        ),
        (
            1,
            {"type": "IndexError", "line": 9, "source": "outputs.attentions[-1]", "text": "tuple index out of range"},
            "wrong",
            "sdpa_empty",
            "outputs.attentions is an empty tuple",
        ),
        (
            2,
            {"type": "IndexError", "line": 9, "source": "outputs.attentions[-1]", "text": "tuple index out of range"},
            "error",
            None,
            "IndexError",
        ),
        (
            1,
            {"type": "IndexError", "line": 9, "source": "x[5]", "text": "list index out of range"},
            "error",
            None,
            "stage_01_extract.py, line 9: x[5]\n  IndexError: list index out of range",
        ),
        (
            2,
            {"type": "ValueError", "line": None, "source": "", "text": "bad"},
            "error",
            None,
            "attention_shape raised ValueError: bad",
        ),
    ],
)
def test_learner_exceptions(tmp_path, number, error, status, hint, words):
    case = {"label": "m", "expected": {}, "error": error}
    outcome = judge(number, report(number, [case]), workspace=tmp_path)
    assert (outcome.status, outcome.hint) == (status, hint) and words in outcome.message, outcome.message


def test_internal_error_is_one_line(tmp_path):
    outcome = judge(2, report(internal_error={"type": "KeyError", "text": "..."}), workspace=tmp_path)
    assert outcome.status == "error" and "the check itself failed (KeyError)" in outcome.message


def test_draw_error(tmp_path):
    case = {
        "label": "m",
        "expected": {},
        "result": {"type": "Figure"},
        "draw_error": {"type": "ValueError", "text": "Unknown symbol"},
    }
    outcome = judge(4, report(4, [case]), workspace=tmp_path)
    assert outcome.status == "error" and "could not be drawn: ValueError: Unknown symbol" in outcome.message


def test_not_a_figure(tmp_path):
    from attn_teach.practice.child import describe_value

    for value, words in ((None, "returned None;"), (3, "returned int;")):
        case = {"label": "m", "expected": {}, "result": describe_value(value), "extra_figures": 0}
        outcome = judge(4, report(4, [case]), workspace=tmp_path)
        assert outcome.hint == "no_figure" and words in outcome.message


def test_extra_figures_note(tmp_path):
    case = {**shape_case(), "extra_figures": 2}
    outcome = judge(2, report(cases=[case]), workspace=tmp_path)
    assert outcome.passed and outcome.notes == [
        "your function left 2 other figure(s) open; the kit closed them. Return the one figure you drew and close "
        "the others with plt.close(fig)."
    ]


def reference_report(tmp_path, number=4, **extra):
    from attn_teach.practice import reference
    from attn_teach.practice.child import run_case_report

    with child_setup_undone():  # the child's setup, run in this process, is put back
        report = run_case_report(number, source=None, function=reference(number), workspace=tmp_path)
    return {**report, **extra}


def test_rc_changes_are_reported_from_module_and_function(tmp_path):
    base = reference_report(tmp_path)
    assert judge(4, base, workspace=tmp_path).passed
    ignored = {**base, "rc_module": {"backend": "agg", "interactive": "False", "backend_fallback": "True"}}
    assert judge(4, ignored, workspace=tmp_path).passed
    for where in ("rc_module", "rc_function"):
        changed = {
            **base,
            where: {"image.cmap": "magma", "axes.grid": "True", "lines.linewidth": "3", "font.size": "12"},
        }
        outcome = judge(4, changed, workspace=tmp_path)
        assert outcome.hint == "global_rc" and "(axes.grid, font.size, image.cmap)" in outcome.message


def test_module_level_ms_gothic_names_the_font(tmp_path):
    base = reference_report(tmp_path)
    case = {**base["cases"][0], "glyphs": ["Glyph 20170 (x) missing from font(s) DejaVu Sans."]}
    for where in ("rc_module", "rc_function"):
        rep = {**base, "cases": [case], where: {"font.family": "['MS Gothic']"}}
        assert judge(4, rep, workspace=tmp_path).hint == "ms_gothic"
    assert judge(4, {**base, "cases": [case]}, workspace=tmp_path).hint == "missing_glyph"


def test_pixel_notes(tmp_path):
    base = reference_report(tmp_path)
    assert judge(4, base, workspace=tmp_path).notes == ["pixels: the same as the reference figure"]
    assert (tmp_path / checks.RESULTS / "stage_04.png").read_bytes() == base["cases"][0]["figure"]["png"]
    other = reference_report(tmp_path, 6)["cases"][0]["figure"]["png"]  # another picture, another size
    case = {**base["cases"][0], "figure": {**base["cases"][0]["figure"], "png": other, "size": [420, 760]}}
    (note,) = judge(4, {**base, "cases": [case]}, workspace=tmp_path).notes
    assert note == (
        "pixels: your figure is 760 x 420 pixels, another size than the reference; harmless, since "
        "what it shows is right"
    )


def test_baselines_are_named_by_the_records():
    for number in (4, 6, 8, 9, 10, 11):
        assert checks.baseline_path(number).name == get_stage(number).baseline
        assert checks.baseline_path(number).is_file()


def test_rc_changes_say_where_they_were_made(tmp_path):
    from attn_teach import i18n

    base = reference_report(tmp_path)
    changed = {"image.cmap": "magma"}
    module = judge(4, {**base, "rc_module": changed}, workspace=tmp_path).message
    function = judge(4, {**base, "rc_function": changed}, workspace=tmp_path).message
    both = judge(4, {**base, "rc_module": changed, "rc_function": {"font.size": "12"}}, workspace=tmp_path).message
    assert "your file, at module level (outside the function), changed" in module and "function changed" not in module
    assert "your function changed" in function and "module level" not in function
    assert "at module level, and your function changed" in both
    with i18n.use_language("ja"):
        module = judge(4, {**base, "rc_module": changed}, workspace=tmp_path).message
        function = judge(4, {**base, "rc_function": changed}, workspace=tmp_path).message
    assert "モジュールレベル" in module and "関数が" not in module
    assert "関数がmatplotlib" in function and "モジュールレベル" not in function


def test_styling_note_names_the_colour_bar_only_where_there_is_one(tmp_path):
    def note(number):
        rep = reference_report(tmp_path, number)
        case = rep["cases"][0]
        png = checks.baseline_path(number).read_bytes()
        import io

        import matplotlib.image as mpimg
        import matplotlib.pyplot as plt

        pixels = mpimg.imread(io.BytesIO(png))
        pixels[: pixels.shape[0] // 3] = 1.0  # a blank band: a styling difference, same size
        buffer = io.BytesIO()
        plt.imsave(buffer, pixels, format="png")
        rep = {**rep, "cases": [{**case, "figure": {**case["figure"], "png": buffer.getvalue()}}]}
        (text,) = judge(number, rep, workspace=tmp_path).notes
        return text

    assert "styling only" in note(4) and "colour bar" in note(4)
    for number in (6, 10):
        assert "styling only" in note(number) and "colour bar" not in note(number)


def test_case_labels_are_translated_in_hints():
    from attn_teach import i18n
    from attn_teach.practice.hints import HINTS, tr
    from attn_teach.practice.inputs import BATCH_LABEL

    with i18n.use_language("ja"):
        text = tr(HINTS["batch_mean"], case=BATCH_LABEL, batch=2)
    assert (
        "batch of" not in text
        and "random BERT" not in text
        and "（入力：3層・2ヘッドのランダムなBERT、2文のバッチ）" in text  # no parentheses inside parentheses
    ), text
    with i18n.use_language("ja"):
        text = tr(HINTS["shape_fixed"], got=(4, 4, 9, 9), case=BATCH_LABEL, expected=(3, 2, 27, 27))
    assert "2つ目の入力（3層・2ヘッドのランダムなBERT）の形" in text, text
    assert tr(HINTS["batch_mean"], case=BATCH_LABEL, batch=2).count("batch of 2") == 1


def test_japanese_hints_count_lines_one_way_and_leave_no_stray_space():
    """Lines counted 本目 everywhere; no space after a phrase ending in ）; one sentence, no colon list."""
    from attn_teach import i18n
    from attn_teach.practice.hints import HINTS, tr

    with i18n.use_language("ja"):
        texts = [tr(message) for message in HINTS.values()]
        returned = tr(
            HINTS["no_figure"], function="draw_heatmap", got=tr("{type} (its Figure is its .figure)", type="Axes")
        )
        special = tr(HINTS["special_tokens_missing"], got=(1, 4, 7, 7), expected=(1, 4, 9, 9))
    assert not [t for t in texts if "番目の線" in t]
    assert "） です" not in returned and "Axes（その Figure は .figure で取れます）です。" in returned, returned
    assert "add_special_tokens=False は付けずに" in special and "残してください:" not in special, special
