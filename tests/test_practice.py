"""Practice: every stage's starter is "not done yet", every reference passes, every hint has its wrong solution."""

from __future__ import annotations

import dataclasses
import pathlib
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from practice_wrong import IMPORTS, WRONG

from attn_teach.practice import reference, runner, solution_source, workspace
from attn_teach.practice.checks import baseline_path
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


@pytest.mark.parametrize("number", NUMBERS)
def test_untouched_starter_is_not_done_yet(space, number):
    outcome = runner.run_stage(number, workspace=space)
    assert outcome.status == "todo"
    assert "not done yet" in outcome.message and get_stage(number).file in outcome.message
    assert "Traceback" not in outcome.text()


@pytest.mark.parametrize("number", NUMBERS)
def test_reference_passes_every_tier(tmp_path, number):
    stage = get_stage(number)
    outcome = runner.run_stage(number, reference(number), workspace=tmp_path)
    assert outcome.status == "done", outcome.text()
    if stage.figure:  # pixels: identical to the shipped baseline
        assert outcome.notes == ["pixels: the same as the reference figure"]
        assert baseline_path(number).is_file()


@pytest.mark.parametrize("number", NUMBERS)
def test_copying_the_shown_solution_passes(tmp_path, number):
    """What `attn-teach practice solution N` shows, pasted into the starter file, passes."""
    workspace.init(tmp_path, "en")
    stage = get_stage(number)
    path = tmp_path / stage.file
    starter = path.read_text(encoding="utf-8")
    path.write_text(starter[: starter.index(f"def {stage.function}(")] + solution_source(number), encoding="utf-8")
    outcome = runner.run_stage(number, workspace=tmp_path)
    assert outcome.status == "done", outcome.text()


def test_every_hint_has_a_wrong_solution():
    assert set(WRONG) == set(HINTS)


@pytest.mark.parametrize("hint", sorted(WRONG))
def test_wrong_solution_triggers_its_hint(tmp_path, hint):
    number, source = WRONG[hint]
    write_stage(tmp_path, number, source)
    outcome = runner.run_stage(number, workspace=tmp_path)
    assert (outcome.status, outcome.hint) == ("wrong", hint), outcome.text()
    assert "Traceback" not in outcome.text() and not re.search(r"\{[a-z_]+\}", outcome.message)
    assert plt.get_fignums() == []  # the learner's figures are closed after the check


def test_hints_name_the_articles_mistakes(tmp_path):
    write_stage(tmp_path, 3, WRONG["numpy_requires_grad"][1])
    outcome = runner.run_stage(3, workspace=tmp_path)
    assert "line 11" in outcome.message and "detach" in outcome.message  # the learner's line, and the fix
    write_stage(tmp_path, 10, WRONG["origin_point"][1])
    assert "(0, 0, 0)" in runner.run_stage(10, workspace=tmp_path).message


# -- bad input from a learner: one line that says what to do ----------------------------------
def test_syntax_error_names_the_line(tmp_path):
    write_stage(tmp_path, 2, "\ndef attention_shape(attentions):\n    return (len(attentions)\n")
    outcome = runner.run_stage(2, workspace=tmp_path)
    assert outcome.status == "error"
    assert "stage_02_tensor.py, line 11: syntax error" in outcome.message
    assert "Traceback" not in outcome.message


def test_exception_shows_the_learners_line_not_the_kits(tmp_path):
    write_stage(tmp_path, 4, "\ndef draw_heatmap(matrix, tokens):\n    return tokens[100]\n")
    outcome = runner.run_stage(4, workspace=tmp_path)
    assert outcome.status == "error"
    assert "stage_04_heatmap.py, line 11: return tokens[100]" in outcome.message
    assert "IndexError: list index out of range" in outcome.message
    assert "attn_teach" not in outcome.message


def test_none_and_wrong_type(tmp_path):
    write_stage(tmp_path, 4, "\ndef draw_heatmap(matrix, tokens):\n    fig, ax = plt.subplots()\n    return ax\n")
    outcome = runner.run_stage(4, workspace=tmp_path)
    assert outcome.hint == "no_figure" and "returned Axes" in outcome.message and "return fig" in outcome.message


def test_missing_function_and_missing_file(tmp_path):
    write_stage(tmp_path, 5, "\ndef headmean(weights):\n    return weights\n")
    assert "has no function head_mean(weights)" in runner.run_stage(5, workspace=tmp_path).message
    assert "practice init" in runner.run_stage(6, workspace=tmp_path).message


def test_time_limit(tmp_path, monkeypatch):
    stage = get_stage(5)
    monkeypatch.setattr(runner, "get_stage", lambda n: dataclasses.replace(stage, timeout=0.5))
    write_stage(tmp_path, 5, "\ndef head_mean(weights):\n    while True:\n        try:\n            pass\n"
                             "        except Exception:\n            pass\n")
    outcome = runner.run_stage(5, workspace=tmp_path)
    assert outcome.status == "error" and "took longer than" in outcome.message


def test_figures_left_open_are_named_and_closed(tmp_path):
    from attn_teach.practice import reference

    def draw_heatmap(matrix, tokens):
        plt.figure()  # a stray figure, never closed
        return reference(4)(matrix, tokens)

    outcome = runner.run_stage(4, draw_heatmap, workspace=tmp_path)
    assert outcome.passed
    assert any("1 other figure(s) open" in note for note in outcome.notes)
    assert plt.get_fignums() == []


def test_harmless_pixel_difference_is_said_to_be_harmless(tmp_path):
    def draw_heatmap(matrix, tokens):
        fig = reference(4)(matrix, tokens)
        fig.axes[1].set_ylabel("weight")  # a colour-bar label the reference does not have
        return fig

    outcome = runner.run_stage(4, draw_heatmap, workspace=tmp_path)
    assert outcome.passed
    (note,) = outcome.notes
    assert "harmless" in note and "stage_04-failed-diff.png" in note
    assert (tmp_path / runner.RESULTS / "stage_04-failed-diff.png").is_file()


def test_global_settings_are_put_back(tmp_path):
    import matplotlib

    before = matplotlib.rcParams["font.family"]
    write_stage(tmp_path, 8, WRONG["global_rc"][1])
    runner.run_stage(8, workspace=tmp_path)
    assert matplotlib.rcParams["font.family"] == before


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
    assert 'figsize=(5, 4.4), dpi=100' in text


def test_samples_equal_what_the_models_give():
    """The shipped inputs still equal extract() of the embedded models."""
    from attn_teach import extract
    from attn_teach.practice import data

    for model, text in data.MODELS.items():
        shipped, now = data.sample(model), extract(text, model)
        assert shipped.tokens == now.tokens
        np.testing.assert_allclose(shipped.weights, now.weights, atol=1e-6)


def test_ms_gothic_set_globally_is_named(tmp_path):
    """The article's exact line, plt.rcParams['font.family'] = 'MS Gothic', after the figure was made."""
    from matplotlib import font_manager

    try:
        font_manager.findfont(font_manager.FontProperties(family="MS Gothic"), fallback_to_default=False)
        pytest.skip("MS Gothic is installed here: the labels render")
    except ValueError:
        pass
    write_stage(tmp_path, 8, '''
def draw_japanese_heatmap(matrix, tokens):
    fig, ax = plt.subplots(figsize=(6, 5.4), dpi=100, layout="constrained")
    plt.rcParams["font.family"] = "MS Gothic"
    ax.imshow(matrix)
    ax.set_xticks(range(len(tokens)), tokens, rotation=90)
    ax.set_yticks(range(len(tokens)), tokens)
    return fig
''')
    assert runner.run_stage(8, workspace=tmp_path).hint == "ms_gothic"
