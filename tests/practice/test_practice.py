"""Practice: every starter is "not done yet", every reference passes, the attempt set gets the right verdicts.

The attempt set (``practice_wrong.py``) holds, for every hint each stage can give, a
wrong solution that must trigger exactly that hint there, and right solutions written
unlike the lessons that must pass. The checks are driven in this process
(``practice_driver.py``: the child's report, then the parent's verdict); the isolated
runner has its own tests.
"""

from __future__ import annotations

import pathlib
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from practice_driver import check, child_setup_undone
from practice_wrong import IMPORTS, RIGHT, WRONG, WRONG_ALSO

from attn_teach.practice import reference, solution_source, workspace
from attn_teach.practice.checks import RESULTS, baseline_path
from attn_teach.practice.hints import HINTS
from attn_teach.practice.stages import NUMBERS, STAGES, get_stage


@pytest.fixture(scope="module")
def space(tmp_path_factory):
    """A fresh workspace, written in English."""
    folder = tmp_path_factory.mktemp("practice")
    workspace.init(folder, "en")
    return folder


def write_stage(folder: pathlib.Path, number: int, source: str) -> None:
    (folder / get_stage(number).file).write_text(IMPORTS + source, encoding="utf-8")


def run_source(folder: pathlib.Path, number: int, source: str):
    write_stage(folder, number, source)
    return check(number, workspace=folder)


# -- the catalogue, in the spirit of `rustlings dev check` ------------------------------------
def test_catalogue_is_whole():
    assert [s.number for s in STAGES] == list(range(1, len(STAGES) + 1))  # numbering contiguous
    assert len({s.file for s in STAGES}) == len(STAGES)
    for stage in STAGES:
        assert len(stage.tips) >= 2 and all(stage.tips), stage.number
        assert stage.kind in ("numbers", "figure") and stage.time_limit > 0
        assert set(stage.hints) <= set(HINTS), set(stage.hints) - set(HINTS)
        if stage.figure:
            assert stage.baseline and baseline_path(stage.number).is_file(), stage.number
        else:
            assert stage.baseline is None
    used = {h for s in STAGES for h in s.hints}
    assert used == set(HINTS), set(HINTS) - used  # no hint that no stage can give


def test_every_hint_has_a_wrong_solution_at_every_stage_that_can_give_it():
    declared = {(s.number, h) for s in STAGES for h in s.hints}
    assert set(WRONG) == declared, (declared - set(WRONG), set(WRONG) - declared)


@pytest.mark.parametrize("key", sorted(WRONG), ids=[f"{n}-{h}" for n, h in sorted(WRONG)])
def test_wrong_solution_triggers_its_hint(tmp_path, key):
    number, hint = key
    outcome = run_source(tmp_path, number, WRONG[key])
    assert (outcome.status, outcome.hint) == ("wrong", hint), outcome.text()
    assert "Traceback" not in outcome.text() and not re.search(r"\{[a-z_]+\}", outcome.message)
    assert plt.get_fignums() == []  # the learner's figures are closed after the check


@pytest.mark.parametrize("key", sorted(WRONG_ALSO), ids=[f"{n}-{h}-{w}" for n, h, w in sorted(WRONG_ALSO)])
def test_more_wrong_solutions_trigger_their_hint(tmp_path, key):
    number, hint, _ = key
    outcome = run_source(tmp_path, number, WRONG_ALSO[key])
    assert (outcome.status, outcome.hint) == ("wrong", hint), outcome.text()


@pytest.mark.parametrize("key", sorted(RIGHT), ids=[f"{n}-{name}" for n, name in sorted(RIGHT)])
def test_right_solution_written_otherwise_passes(tmp_path, key):
    outcome = run_source(tmp_path, key[0], RIGHT[key])
    assert outcome.passed, outcome.text()


def test_attempt_set_has_three_right_solutions_per_figure_stage():
    for stage in STAGES:
        count = sum(1 for n, _ in RIGHT if n == stage.number)
        assert count >= (3 if stage.figure else 1), stage.number


# -- every stage: starter, reference, the shown solution ---------------------------------------
@pytest.mark.parametrize("number", NUMBERS)
def test_untouched_starter_is_not_done_yet(space, number):
    outcome = check(number, workspace=space)
    assert outcome.status == "todo"
    assert "not done yet" in outcome.message and get_stage(number).file in outcome.message
    assert "Traceback" not in outcome.text()


@pytest.mark.parametrize("number", NUMBERS)
def test_reference_passes_every_tier(tmp_path, number):
    stage = get_stage(number)
    outcome = check(number, reference(number), workspace=tmp_path)
    assert outcome.status == "done", outcome.text()
    if stage.figure:  # pixels: identical to the shipped baseline, and the learner's PNG kept
        assert outcome.notes == ["pixels: the same as the reference figure"]
        assert (tmp_path / RESULTS / f"stage_{number:02d}.png").is_file()


@pytest.mark.parametrize("number", NUMBERS)
def test_copying_the_shown_solution_passes(tmp_path, number):
    """What `attn-teach practice solution N` shows, pasted into the starter file, passes."""
    workspace.init(tmp_path, "en")
    stage = get_stage(number)
    path = tmp_path / stage.file
    starter = path.read_text(encoding="utf-8")
    path.write_text(starter[: starter.index(f"def {stage.function}(")] + solution_source(number), encoding="utf-8")
    outcome = check(number, workspace=tmp_path)
    assert outcome.status == "done", outcome.text()


# -- messages that name the mistake ---------------------------------------------------------------
def test_hints_name_the_articles_mistakes(tmp_path):
    outcome = run_source(tmp_path, 3, WRONG[(3, "numpy_requires_grad")])
    assert "line 14" in outcome.message and "detach" in outcome.message  # the learner's line, and the fix
    assert "(0, 0, 0)" in run_source(tmp_path, 10, WRONG[(10, "origin_point")]).message
    assert "times 10;" in run_source(tmp_path, 10, WRONG[(10, "percent")]).message  # x 10 named, not x 100
    off = run_source(tmp_path, 4, WRONG[(4, "ticks_off_by_one")]).message
    assert "[CLS] [SEP]" in off and "</s>" not in off  # BERT's own special tokens
    swapped = run_source(tmp_path, 9, WRONG[(9, "annotations_swapped")]).message
    assert "x (the column) first" in swapped
    assert "0, 0" not in run_source(tmp_path, 4, WRONG[(4, "clipped_colours")]).message
    assert "vmax" in run_source(tmp_path, 4, WRONG[(4, "clipped_colours")]).message


def test_stage_1_fallback_speaks_of_its_own_task(tmp_path):
    outcome = run_source(tmp_path, 1, WRONG[(1, "attentions_differ")])
    assert "head" not in outcome.message and "first sentence" not in outcome.message
    assert "random BERT, 3 layers and 2 heads" in outcome.message or "tiny-bert-en" in outcome.message


def test_hard_coded_shape_fails_on_the_second_model(tmp_path):
    outcome = run_source(tmp_path, 2, WRONG[(2, "shape_fixed")])
    assert "(3, 2, " in outcome.message  # the second model's shape, 3 layers and 2 heads


def test_load_report_is_hidden_and_explained(tmp_path, capfd):
    outcome = check(1, reference(1), workspace=tmp_path)
    captured = capfd.readouterr()
    assert "LOAD REPORT" not in captured.err + captured.out
    assert "findfont" not in captured.err
    assert any("cls.*" in note and "UNEXPECTED" in note for note in outcome.notes)


def test_findfont_noise_is_hidden(tmp_path, capfd):
    run_source(tmp_path, 8, WRONG[(8, "ms_gothic")])
    assert "findfont" not in capfd.readouterr().err


# -- one verdict whatever ran before, module-level settings reported ---------------------------
def test_rc_context_without_register_fails_even_after_the_font_was_registered(tmp_path):
    from attn_teach import fonts

    fonts.register()  # what an earlier stage in the same process would have done
    source = HEATMAP_WITH_FAMILY
    assert run_source(tmp_path, 8, source).hint == "missing_glyph"


HEATMAP_WITH_FAMILY = """
def draw_japanese_heatmap(matrix, tokens):
    with plt.rc_context({"font.family": ["IPAexGothic", "DejaVu Sans"]}):
        fig, ax = plt.subplots(figsize=(6, 5.4), dpi=100, layout="constrained")
        image = ax.imshow(matrix, cmap="YlGnBu")
        ax.set_xticks(range(len(tokens)), tokens, rotation=90)
        ax.set_yticks(range(len(tokens)), tokens)
    return fig
"""


def test_global_font_at_the_top_of_the_file_is_reported(tmp_path):
    """The article's place for its MS Gothic line: module level, before the function."""
    top = 'plt.rcParams["font.family"] = fonts.register()\n'
    outcome = run_source(tmp_path, 8, top + HEATMAP_WITH_FAMILY)
    assert outcome.hint == "global_rc" and "font.family" in outcome.message
    ms = run_source(
        tmp_path,
        8,
        'plt.rcParams["font.family"] = "MS Gothic"\n'
        + HEATMAP_WITH_FAMILY.replace('["IPAexGothic", "DejaVu Sans"]', 'plt.rcParams["font.family"]'),
    )
    assert ms.hint == "ms_gothic"


def test_global_settings_do_not_leak_into_the_next_check(tmp_path):
    import matplotlib

    run_source(tmp_path, 8, WRONG[(8, "global_rc")])
    outcome = check(8, reference(8), workspace=tmp_path)
    assert outcome.passed, outcome.text()
    assert matplotlib.rcParams["image.cmap"] != "magma"


# -- bad input from a learner: one line that says what to do ----------------------------------
def test_syntax_error_names_the_line(tmp_path):
    outcome = run_source(tmp_path, 2, "\ndef attention_shape(attentions):\n    return (len(attentions)\n")
    assert outcome.status == "error"
    assert "stage_02_tensor.py, line 14: syntax error" in outcome.message
    assert "Traceback" not in outcome.message


def test_exception_shows_the_learners_line_not_the_kits(tmp_path):
    outcome = run_source(tmp_path, 4, "\ndef draw_heatmap(matrix, tokens):\n    return tokens[100]\n")
    assert outcome.status == "error"
    assert "stage_04_heatmap.py, line 14: return tokens[100]" in outcome.message
    assert "IndexError: list index out of range" in outcome.message
    assert "attn_teach" not in outcome.message


def test_byte_order_mark_is_read_as_python_reads_it(tmp_path):
    path = tmp_path / get_stage(2).file
    path.write_bytes(
        b"\xef\xbb\xbf"
        + (IMPORTS + "\ndef attention_shape(a):\n    return (len(a), *a[0].shape[1:])\n").encode("utf-8")
    )
    assert check(2, workspace=tmp_path).passed


def test_exception_whose_str_raises_is_a_message(tmp_path):
    source = (
        "\nclass Odd(Exception):\n    def __str__(self):\n        raise ValueError\n\n"
        "def attention_shape(a):\n    raise Odd()\n"
    )
    outcome = run_source(tmp_path, 2, source)
    assert outcome.status == "error" and "Odd" in outcome.message


def test_none_and_wrong_type(tmp_path):
    source = "\ndef draw_heatmap(matrix, tokens):\n    fig, ax = plt.subplots()\n    return ax\n"
    outcome = run_source(tmp_path, 4, source)
    assert outcome.hint == "no_figure" and "returned Axes" in outcome.message and "return fig" in outcome.message


def test_missing_function_and_missing_file(tmp_path):
    assert (
        "has no function head_mean(weights)"
        in run_source(tmp_path, 5, "\ndef headmean(weights):\n    return weights\n").message
    )
    assert "practice init" in check(6, workspace=tmp_path).message


def test_figures_left_open_are_named_and_closed(tmp_path):
    def draw_heatmap(matrix, tokens):
        plt.figure()  # a stray figure, never closed
        return reference(4)(matrix, tokens)

    outcome = check(4, draw_heatmap, workspace=tmp_path)
    assert outcome.passed
    assert any("1 other figure(s) open" in note for note in outcome.notes)
    assert plt.get_fignums() == []


def test_harmless_pixel_difference_says_what_differs(tmp_path):
    def draw_heatmap(matrix, tokens):
        fig = reference(4)(matrix, tokens)
        fig.axes[1].set_ylabel("weight")  # a colour-bar label the reference does not have
        return fig

    outcome = check(4, draw_heatmap, workspace=tmp_path)
    assert outcome.passed
    (note,) = outcome.notes
    assert "styling only" in note and "what it shows is right" in note and "stage_04-diff.png" in note
    assert (tmp_path / RESULTS / "stage_04-diff.png").is_file()
    assert not [p for p in (tmp_path / RESULTS).iterdir() if ".tmp" in p.name]  # written atomically


def test_report_is_plain_data(tmp_path):
    from attn_teach.practice.child import run_case_report

    write_stage(tmp_path, 4, RIGHT[(4, "seaborn")])
    with child_setup_undone():
        report = run_case_report(4, source=None, workspace=tmp_path)

    def walk(value):
        if isinstance(value, dict):
            assert all(isinstance(k, str) for k in value)
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif isinstance(value, np.ndarray):
            assert value.dtype.kind in "biuf", value.dtype
        else:
            assert value is None or isinstance(value, (bool, int, float, str, bytes)), type(value)

    walk(report)


# -- the workspace ----------------------------------------------------------------------------
def test_init_never_touches_a_learners_file(tmp_path):
    written, kept = workspace.init(tmp_path, "en")
    assert len(written) == len(STAGES) + 3 and kept == []
    mine = tmp_path / STAGES[3].file
    mine.write_text("# my work\n", encoding="utf-8")
    (tmp_path / STAGES[4].file).unlink()
    written, kept = workspace.init(tmp_path, "en")
    assert written == [STAGES[4].file]
    assert mine.read_text(encoding="utf-8") == "# my work\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # written atomically


def test_starters_speak_the_learners_language(tmp_path):
    workspace.init(tmp_path, "ja")
    text = (tmp_path / "stage_04_heatmap.py").read_text(encoding="utf-8")
    assert "ヒートマップ" in text and "def draw_heatmap(matrix, tokens):" in text
    assert "figsize=(5, 4.4), dpi=100" in text


def test_samples_equal_what_the_models_give():
    """The shipped inputs still equal extract() of the embedded models."""
    from attn_teach import extract
    from attn_teach.practice import inputs

    for short, texts in ((False, inputs.MODELS), (True, inputs.SHORT)):
        for model, text in texts.items():
            shipped, now = inputs.sample(model, short=short), extract(text, model)
            assert shipped.tokens == now.tokens
            np.testing.assert_allclose(shipped.weights, now.weights, atol=1e-6)
