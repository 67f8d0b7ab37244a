"""A figure stage runs on a second, shorter sentence: a figure drawn for the article's sentence only
(its size or its data written into the code) fails, and the message says it was the second input."""

from __future__ import annotations

import re

import pytest
from practice_driver import check

from attn_teach.practice import solution_source
from attn_teach.practice.stages import STAGES, get_stage

FIGURE_STAGES = [stage.number for stage in STAGES if stage.figure]
MODEL = {4: "tiny-bert-en", 6: "tiny-bert-en"}  # the others draw the Japanese sentence


def write(folder, number: int, source: str) -> None:
    (folder / get_stage(number).file).write_text(source, encoding="utf-8")


def article_data_always(number: int) -> str:
    """The reference solution, called on the article's sentence whatever it is given."""
    stage = get_stage(number)
    reference = re.sub(rf"def {stage.function}\(", "def _reference(", solution_source(number), count=1)
    takes_tokens = "tokens" in solution_source(number).split(")")[0]
    args = "ARTICLE.head_mean(-1), list(ARTICLE.tokens)" if takes_tokens else "ARTICLE.head_mean(-1)"
    signature = "matrix, tokens" if takes_tokens else "matrix"
    return (
        "import matplotlib.pyplot as plt\nimport numpy as np\nfrom attn_teach import fonts\n"
        "from attn_teach.views.style import style\nfrom attn_teach.practice.inputs import sample\n"
        "from attn_teach.i18n import gettext as _\n\n"
        f"ARTICLE = sample({MODEL.get(number, 'tiny-gpt2-ja')!r})\n\n{reference}\n\n"
        f"def {stage.function}({signature}):\n    return _reference({args})\n"
    )


def test_there_is_a_second_input_of_another_length_for_every_figure_stage():
    for number in FIGURE_STAGES:
        cases = get_stage(number).inputs()
        assert len(cases) >= 2, number
        sizes = {len(case["expected"]["matrix"]) for case in cases}
        assert len(sizes) == len(cases), (number, sizes)


@pytest.mark.parametrize("number", FIGURE_STAGES)
def test_the_article_sentence_drawn_whatever_the_input_fails_on_the_second(number, tmp_path):
    write(tmp_path, number, article_data_always(number))
    outcome = check(number, workspace=tmp_path)
    assert outcome.status != "done", outcome.message
    assert any("second input" in note for note in outcome.notes), (outcome.message, outcome.notes)


def test_a_size_written_into_the_code_fails_with_the_learners_line(tmp_path):
    source = solution_source(4).replace("range(len(tokens))", "range(9)")
    assert "range(9)" in source
    write(tmp_path, 4, "import matplotlib.pyplot as plt\nfrom attn_teach.views.style import style\n\n" + source)
    outcome = check(4, workspace=tmp_path)
    assert outcome.status == "error" and "line" in outcome.message, outcome.message
    assert "second input, a shorter sentence (7 tokens)" in outcome.notes[0], outcome.notes


@pytest.mark.parametrize("number", FIGURE_STAGES)
def test_the_reference_passes_on_every_input(number, tmp_path):
    imports = "import matplotlib.pyplot as plt\nimport numpy as np\nfrom attn_teach import fonts\n"
    imports += "from attn_teach.views.style import style\nfrom attn_teach.i18n import gettext as _\n\n"
    write(tmp_path, number, imports + solution_source(number))
    outcome = check(number, workspace=tmp_path)
    assert outcome.status == "done", outcome.message


def test_find_names_the_input_a_finding_was_made_on(tmp_path):
    from practice_driver import child_setup_undone

    from attn_teach.practice.checks import find
    from attn_teach.practice.child import run_case_report

    stage = get_stage(9)
    write(tmp_path, 9, article_data_always(9))
    with child_setup_undone():
        report = run_case_report(9, source=None, workspace=tmp_path)
    finding, index = find(stage, report)
    assert finding is not None and index == 1, (finding, index)
    report["cases"] = report["cases"][:1]  # the article's sentence alone: nothing wrong on it
    assert find(stage, report) == (None, 0)
