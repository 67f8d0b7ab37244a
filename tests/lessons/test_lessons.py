"""Image tests: every figure of every lesson against its reviewed baseline.

The list of figures is read from the lessons themselves (the functions each
``lessons/plot_NN_*.py`` registers with ``@figure``, see ``attn_teach.lesson``), so a
new figure cannot go untested: it has no baseline until one is made and reviewed,
and the test fails until then. Baselines live in
``baseline_images/`` and are named after the test, e.g.
``test_lesson_figure_plot_04_heatmap-figure_heatmap.png``.
"""

from __future__ import annotations

import pytest
from axis_gaps import assert_axis_labels_clear
from axis_names import assert_token_axes_named, exempt

from attn_teach.lesson import figures
from attn_teach.reproduce import lesson_modules, load_lesson

CASES = [(name, function.__name__) for _, name in lesson_modules() for function in figures(load_lesson(name))]


def test_every_lesson_has_figures():
    """Each lesson draws at least one figure (the docs show one per lesson page)."""
    names = {name for name, _ in CASES}
    assert names == {name for _, name in lesson_modules()}


@pytest.mark.parametrize(("lesson", "function"), CASES, ids=[f"{a}-{b}" for a, b in CASES])
@pytest.mark.mpl_image_compare
def test_lesson_figure(lesson, function):
    fig = getattr(load_lesson(lesson), function)()
    assert_axis_labels_clear(fig)  # the Japanese twin checks the same (tests/views/test_figure_language.py)
    if not exempt(lesson, function):
        assert_token_axes_named(fig)
    return fig
