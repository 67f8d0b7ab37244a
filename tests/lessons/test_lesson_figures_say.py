"""Figures that make their own point: the numbers behind lessons 06, 10, 11 and 15's figures."""

from __future__ import annotations

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest

from attn_teach import attention_from, extract
from attn_teach.reproduce import load_lesson

JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"


@pytest.fixture(scope="module")
def ja():
    return extract(JA, "tiny-gpt2-ja")


def test_causal_row_line_stops_at_the_query(ja):
    verb = ja.tokens.index("食べ")
    fig = attention_from(ja, "食べ")
    (line,) = fig.axes[0].get_lines()
    x, y = line.get_data()
    plt.close(fig)
    assert list(x) == list(range(verb + 1))  # no points drawn in the grey future
    np.testing.assert_allclose(y, ja.head_mean(-1)[verb, : verb + 1])


def test_uniform_received_known_answer():
    lesson = load_lesson("plot_15_words")
    # two tokens: query 0 gives 1 to key 0; query 1 gives 1/2 to each -> columns (1.5, 0.5) / 2
    np.testing.assert_allclose(lesson.uniform_received(2), [0.75, 0.25])
    assert lesson.uniform_received(17).sum() == pytest.approx(1.0)


def test_received_ja_figure_draws_the_uniform_line():
    lesson = load_lesson("plot_15_words")
    fig = lesson.figure_received_ja()
    (line,) = fig.axes[0].get_lines()
    n = len(fig.axes[0].patches)  # one bar per word
    plt.close(fig)
    np.testing.assert_allclose(line.get_ydata(), lesson.uniform_received(n))


def test_layer_by_key_heatmap_hides_keys_after_the_verb(ja):
    fig = load_lesson("plot_10_3d").figure_verb_by_layer()
    data = fig.axes[0].get_images()[0].get_array()  # (layer, key), masked after the verb
    plt.close(fig)
    verb = ja.tokens.index("食べ")
    assert data.shape == (ja.n_layers, len(ja.tokens))
    assert data.mask[:, verb + 1 :].all() and not data.mask[:, : verb + 1].any()
    np.testing.assert_allclose(data[:, verb], [ja.head_mean(i)[verb, verb] for i in range(ja.n_layers)], rtol=1e-6)


@pytest.mark.parametrize(
    ("lesson", "function"),
    [("plot_06_line_plot", "figure_lines_labelled"), ("plot_11_japanese_lines", "figure_article_lines")],
)
def test_many_line_plots_repeat_no_colour(lesson, function):
    fig = getattr(load_lesson(lesson), function)()
    lines = [ln for ln in fig.axes[0].get_lines() if len(ln.get_xdata())]
    plt.close(fig)
    grey = mcolors.to_rgba("#bdbdbd")
    coloured = [mcolors.to_rgba(ln.get_color()) for ln in lines if mcolors.to_rgba(ln.get_color()) != grey]
    assert 1 <= len(coloured) <= 3
    assert len(set(coloured)) == len(coloured)


def _titles(fig) -> list[str]:
    suptitle = [fig._suptitle.get_text()] if fig._suptitle is not None else []
    return suptitle + [ax.get_title() for ax in fig.axes if ax.get_title()]


@pytest.mark.parametrize(
    ("lesson", "function"),
    [
        ("plot_11_japanese_lines", "figure_verb_column"),
        ("plot_15_words", "figure_words"),
        ("plot_15_words", "figure_words_ja"),
        ("plot_15_words", "figure_received_ja"),
    ],
)
def test_a_figure_names_its_layer_by_number(lesson, function, monkeypatch):
    """Figure titles say 層3 / layer 3 (the embedded models have 4 layers), never 最終層 / last layer."""
    for lang, layer, last in (("en", "layer 3", "last layer"), ("ja", "層3", "最終層")):
        monkeypatch.setenv("ATTN_TEACH_LANG", lang)
        fig = getattr(load_lesson(lesson), function)()
        titles = " | ".join(_titles(fig))
        plt.close(fig)
        assert layer in titles and last not in titles, titles
