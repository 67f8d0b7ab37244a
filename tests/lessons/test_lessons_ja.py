"""Numbers behind the figures of lessons 7-11 (Japanese GPT-2), and the article's errata as facts.

The image tests (test_lessons.py) catch a drawing change; these catch a numeric one:
each checks what a figure plots against what it claims to plot.
"""

from __future__ import annotations

import warnings
from unittest import mock

import matplotlib.colors as mcolors
import numpy as np
import pytest
from mpl_toolkits.mplot3d import Axes3D

from attn_teach import Attention, bars_by_layer, embedded_model_path, extract, heatmap, load_model, scatter3d
from attn_teach.reduce import received
from attn_teach.reproduce import load_lesson
from attn_teach.views.matrix import ANNOTATE_MAX, AnnotationSkipped
from attn_teach.views.three_d import grid_points, layer_values

MODEL = "tiny-gpt2-ja"
TEXT = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"
PIECES = [
    "▁",
    "今日",
    "は",
    "カレー",
    "ライス",
    "を",
    "食べ",
    "ました",
    "。",
    "明日",
    "は",
    "ラーメン",
    "を",
    "食べ",
    "よう",
    "と",
    "思い",
    "ます",
    "。",
]
VERB = 6  # first 食べ


@pytest.fixture(scope="module")
def attention():
    return extract(TEXT, MODEL)


@pytest.fixture(scope="module")
def matrix(attention):
    return attention.head_mean(-1)  # (query, key)


def cell_values(ax) -> list[tuple[float, float, str, tuple]]:
    """``(column, row, text, rgba)`` of every value written on a cell of a heatmap axes.

    Values are either ``Text`` artists placed in data coordinates (the article's
    ``ax.text`` loop) or one cell-label artist with ``positions`` and ``strings``
    (the kit's :func:`~attn_teach.views.cells.annotate_cells`); titles and notes are not included.
    """
    found = [
        (*t.get_position(), t.get_text(), mcolors.to_rgba(t.get_color()))
        for t in ax.texts
        if t.get_transform() == ax.transData
    ]
    for artist in ax.get_children():
        if hasattr(artist, "positions") and hasattr(artist, "strings"):
            colors = getattr(artist, "colors", None) or artist._colors
            found += [(c, r, s, mcolors.to_rgba(k)) for (c, r), s, k in zip(artist.positions, artist.strings, colors)]
    return found


# -- lesson 7: tokens and causality -------------------------------------------
def test_encode_appends_eos_that_tokenize_does_not_show(attention):
    tokenizer = load_model(MODEL).tokenizer
    assert tokenizer.tokenize(TEXT) == PIECES
    assert attention.tokens == PIECES + ["</s>"]
    assert tokenizer.encode(TEXT)[-1] == tokenizer.eos_token_id
    assert attention.special_mask.tolist() == [False] * 19 + [True]


def test_lesson7_plain_transformers_matrix_equals_extract(matrix):
    tokenizer, _, input_ids, outputs = load_lesson("plot_07_japanese_model").plain_transformers(
        embedded_model_path(MODEL)
    )
    assert tokenizer.convert_ids_to_tokens(input_ids[0]) == PIECES + ["</s>"]
    np.testing.assert_allclose(outputs.attentions[-1].mean(dim=1)[0].numpy(), matrix, atol=1e-6)


def test_causal_attention_is_zero_above_the_diagonal(attention):
    n = len(attention.tokens)
    above = attention.weights[..., np.triu_indices(n, k=1)[0], np.triu_indices(n, k=1)[1]]  # (layer, head, cell)
    assert above.size == attention.n_layers * attention.n_heads * n * (n - 1) // 2
    np.testing.assert_array_equal(above, 0.0)
    np.testing.assert_allclose(attention.weights[:, :, 0, 0], 1.0, atol=1e-6)  # the first token sees itself only
    assert np.all(np.diagonal(attention.weights, axis1=2, axis2=3) > 0)


def test_lesson7_figure_masks_the_future(matrix):
    fig = load_lesson("plot_07_japanese_model").figure_causal_heatmap()
    image = fig.axes[0].images[0].get_array()
    n = len(matrix)
    np.testing.assert_array_equal(np.ma.getmaskarray(image), np.triu(np.ones((n, n), bool), k=1))
    np.testing.assert_allclose(image.filled(np.nan)[np.tril_indices(n)], matrix[np.tril_indices(n)])


# -- lesson 9: labels and annotations ------------------------------------------
def test_lesson9_article_figure_has_20_rows_but_19_labels(matrix):
    fig = load_lesson("plot_09_annotated_heatmap").figure_article()
    ax = fig.axes[0]
    assert ax.images[0].get_array().shape == (20, 20)
    assert [t.get_text() for t in ax.get_xticklabels()] == PIECES
    assert [t.get_text() for t in ax.get_yticklabels()] == PIECES
    cells = cell_values(ax)
    assert len(cells) == 19 * 19  # the </s> row and column get no numbers
    assert {c for c, _, _, _ in cells} == {r for _, r, _, _ in cells} == set(range(19))
    assert {k for _, _, _, k in cells} == {mcolors.to_rgba("w")}  # the article's white text


def test_lesson9_annotated_figure_labels_every_row_and_writes_the_values(attention, matrix):
    fig = load_lesson("plot_09_annotated_heatmap").figure_annotated()
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == attention.tokens
    cells = cell_values(ax)
    n = len(matrix)
    assert len(cells) == n * (n + 1) // 2  # lower triangle only: the future is masked, not "0.00"
    assert {(int(c), int(r)) for c, r, _, _ in cells} == {(c, r) for r in range(n) for c in range(r + 1)}
    for c, r, text, _ in cells:
        assert text == f"{matrix[int(r), int(c)]:.2f}"


def test_annotation_colour_follows_the_cell():
    # known answer: weight 1 is the darkest colour of YlGnBu, weight 0 the lightest
    a = Attention(
        "x y",
        "hand-made",
        ["x", "y"],
        np.array([False, False]),
        np.array([[[[1.0, 0.0], [0.0, 1.0]]]], dtype=np.float32),
    )
    ax = heatmap(a, annotate=True).axes[0]
    colours = {(int(c), int(r)): k for c, r, _, k in cell_values(ax)}
    white, black = mcolors.to_rgba("white"), mcolors.to_rgba("black")
    assert colours[(0, 0)] == white and colours[(1, 1)] == white
    assert colours[(1, 0)] == black and colours[(0, 1)] == black


def test_annotate_auto_skips_long_texts_and_says_so(attention):
    long = extract(TEXT * 3, MODEL, layers=[-1])
    assert len(long.tokens) > ANNOTATE_MAX
    with pytest.warns(AnnotationSkipped, match=f"{len(long.tokens)} tokens"):
        fig = heatmap(long, annotate="auto")
    assert cell_values(fig.axes[0]) == []
    with warnings.catch_warnings():
        warnings.simplefilter("error", AnnotationSkipped)
        short = heatmap(attention, annotate="auto")
    assert len(cell_values(short.axes[0])) == 20 * 21 // 2


# -- lesson 10: the 3D points and bars -----------------------------------------
def test_lesson10_article_points_have_a_spurious_origin(matrix):
    lesson = load_lesson("plot_10_3d")
    x, y, z = lesson.article_points(matrix)
    n = len(matrix)
    assert len(x) == len(y) == len(z) == n * n + 1
    assert (x[0], y[0], z[0]) == (0, 0, 0)
    assert min(x[1:]) == 1 and min(y[1:]) == 1  # every real weight sits at 1-based positions
    np.testing.assert_allclose(np.array(z[1:]).reshape(n, n), matrix * 100, rtol=1e-6)


def test_grid_points_have_one_point_per_cell(matrix):
    x, y, z = grid_points(matrix)
    n = len(matrix)
    assert len(x) == len(y) == len(z) == n * n
    assert (0, 0) in set(zip(x.tolist(), y.tolist()))
    np.testing.assert_array_equal(z, matrix[y, x])


def test_lesson10_article_figure_draws_the_extra_point():
    fig = load_lesson("plot_10_3d").figure_article_3d()
    ax = fig.axes[0]
    assert len(ax.collections[0].get_offsets()) == 20 * 20 + 1
    assert "401 points for 400 weights" in ax.get_title()


def test_scatter3d_leaves_out_cells_a_causal_model_cannot_see(attention):
    fig = scatter3d(attention)
    assert len(fig.axes[0].collections[0].get_offsets()) == 20 * 21 // 2


def test_layer_values_are_the_reductions_they_claim(attention):
    got = layer_values(attention)  # (layer, key)
    want = np.stack([attention.weights[i].mean(axis=0).mean(axis=0) for i in range(attention.n_layers)])
    np.testing.assert_allclose(got, want, rtol=1e-6)
    np.testing.assert_allclose(got[-1], received(attention.head_mean(-1)))
    rows = layer_values(attention, "食べ")
    want = np.stack([attention.weights[i, :, VERB, :].mean(axis=0) for i in range(attention.n_layers)])
    np.testing.assert_allclose(rows, want, rtol=1e-6)
    np.testing.assert_allclose(rows.sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(layer_values(attention, VERB, head=2)[1], attention.weights[1, 2, VERB])


@pytest.mark.parametrize("query", [None, "食べ"])
def test_bars_heights_equal_layer_values(attention, query):
    with mock.patch.object(Axes3D, "bar3d", autospec=True, side_effect=Axes3D.bar3d) as bar3d:
        bars_by_layer(attention, query=query)
    (_, x, y, z, dx, dy, dz), _ = bar3d.call_args
    values = layer_values(attention, query)
    if query is not None:  # causal: keys after the query are not drawn
        values = values[:, : VERB + 1]
    np.testing.assert_allclose(dz, values.ravel())
    np.testing.assert_allclose(np.asarray(x) + dx / 2, np.tile(np.arange(values.shape[1]), attention.n_layers))
    np.testing.assert_allclose(np.asarray(y) + dy / 2, np.repeat(np.arange(attention.n_layers), values.shape[1]))


# -- lesson 11: the line plot, the row and the column of 食べ ---------------------
def test_lesson11_article_plot_draws_columns_against_query_position(matrix):
    ax = load_lesson("plot_11_japanese_lines").figure_article_lines().axes[0]
    assert len(ax.lines) == 20  # one line per key column
    for k, line in enumerate(ax.lines):
        np.testing.assert_array_equal(line.get_xdata(), np.arange(20))  # x = query position
        np.testing.assert_allclose(line.get_ydata(), matrix[:, k])
    assert [t.get_text() for t in ax.get_xticklabels()] == PIECES  # 19 labels for 20 positions


def test_lesson11_row_of_the_verb(attention, matrix):
    assert attention.tokens.index("食べ") == VERB
    ax = load_lesson("plot_11_japanese_lines").figure_verb_row().axes[0]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), matrix[VERB, : VERB + 1])  # stops at the query
    np.testing.assert_array_equal(matrix[VERB, VERB + 1 :], 0.0)


def test_lesson11_column_of_the_verb(attention, matrix):
    lesson = load_lesson("plot_11_japanese_lines")
    np.testing.assert_allclose(lesson.verb_column(), matrix[:, VERB])
    ax = lesson.figure_verb_column().axes[0]
    bars = list(ax.containers[0])  # the BarContainer
    assert [round(b.get_x() + b.get_width() / 2) for b in bars] == list(range(VERB, 20))  # only queries that see it
    np.testing.assert_allclose([b.get_height() for b in bars], matrix[VERB:, VERB], rtol=1e-6)
    hidden = [p for p in ax.patches if p not in bars]
    assert len(hidden) == 1 and hidden[0].get_label().startswith("queries before")
    (step,) = ax.lines
    np.testing.assert_allclose(step.get_ydata(), 1.0 / (np.arange(VERB, 20) + 1))
