"""Numbers behind the views beyond the article (lessons 12-15): rollout, grid, special tokens, words.

The lessons' image tests (tests/lessons/test_lessons.py) check the pixels; these check what
the pixels are made of, against values worked out by hand.
"""

from __future__ import annotations

import io

import numpy as np
import pytest

from attn_teach import Attention, AttnTeachError, extract, grid, heatmap, rollout, rollout_view
from attn_teach.reduce import word_groups
from attn_teach.views.model_view import INNER_LABELS_MAX

EN = "I love natural language processing!"
JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"
LONG = " ".join([EN] * 72 + ["I love natural language processing"])  # 510 pieces + [CLS] + [SEP]


@pytest.fixture(scope="module")
def en() -> Attention:
    return extract(EN, "tiny-bert-en")


@pytest.fixture(scope="module")
def ja() -> Attention:
    return extract(JA, "tiny-gpt2-ja")


def made(weights, tokens=None, special=None, causal=False) -> Attention:
    w = np.asarray(weights, dtype=np.float32)
    n = w.shape[-1]
    tokens = tokens or [f"t{i}" for i in range(n)]
    special = np.zeros(n, dtype=bool) if special is None else np.asarray(special)
    return Attention("hand-made", "hand-made", tokens, special, w, causal=causal)


def panel_data(ax) -> np.ma.MaskedArray:
    return np.ma.asarray(ax.images[0].get_array())


# -- rollout ---------------------------------------------------------------------------
def two_layers() -> Attention:
    layer0 = [[[1, 0], [1, 0]], [[1, 0], [0, 1]]]  # heads; mean [[1, 0], [.5, .5]]
    layer1 = [[[0, 1], [0, 1]], [[0, 1], [1, 0]]]  # heads; mean [[0, 1], [.5, .5]]
    return made([layer0, layer1])


def test_rollout_of_two_layers_by_hand():
    # Â0 = .5*[[1, 0], [.5, .5]] + .5*I = [[1, 0], [.25, .75]]
    # Â1 = .5*[[0, 1], [.5, .5]] + .5*I = [[.5, .5], [.25, .75]]
    # R = Â1 @ Â0 = [[.5 + .125, .375], [.25 + .1875, .5625]]  (the first layer acts first)
    np.testing.assert_allclose(rollout(two_layers()), [[0.625, 0.375], [0.4375, 0.5625]], atol=1e-7)


def test_rollout_residual_weight():
    # residual 0: the raw head means multiplied, [[0, 1], [.5, .5]] @ [[1, 0], [.5, .5]]
    np.testing.assert_allclose(rollout(two_layers(), residual=0.0), [[0.5, 0.5], [0.75, 0.25]], atol=1e-7)
    np.testing.assert_allclose(rollout(two_layers(), residual=1.0), np.eye(2), atol=1e-7)
    with pytest.raises(AttnTeachError, match="between 0 and 1"):
        rollout(two_layers(), residual=1.5)


def test_rollout_needs_every_layer(en):
    with pytest.raises(AttnTeachError, match="every layer"):
        rollout(extract(EN, "tiny-bert-en", layers=[-1]))


def test_rollout_of_a_real_model(en, ja):
    r = rollout(en)
    np.testing.assert_allclose(r.sum(axis=-1), 1.0, atol=1e-6)
    assert np.all(r >= 0)
    assert np.allclose(np.triu(rollout(ja), k=1), 0.0)  # causal stays causal


def test_rollout_view_draws_the_two_matrices(en):
    fig = rollout_view(en)
    np.testing.assert_allclose(panel_data(fig.axes[0]), en.head_mean(-1), atol=1e-7)
    np.testing.assert_allclose(panel_data(fig.axes[1]), rollout(en), atol=1e-7)
    assert not np.ma.getmaskarray(panel_data(fig.axes[1])).any()
    # one colour scale for both panels
    assert fig.axes[0].images[0].norm.vmax == fig.axes[1].images[0].norm.vmax


def test_rollout_view_masks_the_future(ja):
    fig = rollout_view(ja)
    future = np.triu(np.ones((len(ja), len(ja)), dtype=bool), k=1)
    for ax in fig.axes[:2]:
        np.testing.assert_array_equal(np.ma.getmaskarray(panel_data(ax)), future)


# -- grid ------------------------------------------------------------------------------
def test_grid_panels_are_the_weights(en):
    fig = grid(en)
    n_layers, n_heads = en.n_layers, en.n_heads
    for l in range(n_layers):
        for h in range(n_heads):
            ax = fig.axes[l * n_heads + h]
            np.testing.assert_array_equal(panel_data(ax), en.weights[l, h])
    assert [fig.axes[l * n_heads].get_ylabel() for l in range(n_layers)] == [f"layer {l}" for l in range(n_layers)]
    assert [fig.axes[h].get_title() for h in range(n_heads)] == [f"head {h}" for h in range(n_heads)]
    assert not any(np.ma.getmaskarray(panel_data(ax)).any() for ax in fig.axes[: n_layers * n_heads])


def test_grid_colour_scale_is_shared_and_stated(en, ja):
    fig = grid(en)
    tops = {ax.images[0].norm.vmax for ax in fig.axes[:16]}
    assert len(tops) == 1
    assert tops.pop() == pytest.approx(float(np.quantile(en.weights, 0.99)))
    # causal: only the visible cells (lower triangle) count
    visible = np.tril(np.ones((len(ja), len(ja)), dtype=bool))
    expected = float(np.quantile(ja.weights[:, :, visible], 0.99))
    assert grid(ja).axes[0].images[0].norm.vmax == pytest.approx(expected)
    assert grid(en, vmax=1.0).axes[5].images[0].norm.vmax == 1.0


def test_grid_masks_the_future(ja):
    fig = grid(ja)
    future = np.triu(np.ones((len(ja), len(ja)), dtype=bool), k=1)
    for ax in fig.axes[: ja.n_layers * ja.n_heads]:
        np.testing.assert_array_equal(np.ma.getmaskarray(panel_data(ax)), future)
        np.testing.assert_array_equal(panel_data(ax).compressed(), ax.images[0].get_array()[~future])


def visible_labels(ax, axis: str) -> list:
    """Tick labels shown on ``ax`` (drawn first: shared axes fill in their label texts at draw time)."""
    ax.figure.canvas.draw()
    ticks = ax.xaxis.get_major_ticks() if axis == "x" else ax.yaxis.get_major_ticks()
    return [t.label1 for t in ticks if t.label1.get_visible() and t.label1.get_text()]


def test_grid_inner_labels_only_for_short_inputs(en, ja):
    assert len(en) <= INNER_LABELS_MAX < len(ja)
    inner = grid(en).axes[5]  # layer 1, head 1
    assert len(visible_labels(inner, "x")) == len(en)
    inner = grid(ja).axes[5]
    assert visible_labels(inner, "x") == [] and visible_labels(inner, "y") == []


@pytest.mark.heavy
def test_grid_of_512_tokens_reads():
    # what the grid draws, not how long it takes (timings belong in benchmarks/, not in a test)
    long = extract(LONG, "tiny-bert-en")
    assert len(long) == 512
    fig = grid(long)
    fig.savefig(io.BytesIO(), format="png")
    n_panels = long.n_layers * long.n_heads
    corner = fig.axes[(long.n_layers - 1) * long.n_heads]  # bottom-left: both axes labelled
    assert visible_labels(fig.axes[5], "x") == []  # inner panels carry no labels
    renderer = fig.canvas.get_renderer()
    for axis in ("x", "y"):
        labels = visible_labels(corner, axis)
        assert 3 <= len(labels) < 40, len(labels)  # thinned, not gone
        boxes = [t.get_window_extent(renderer) for t in labels]
        overlaps = [a for a, b in zip(boxes, boxes[1:]) if a.overlaps(b)]
        assert not overlaps, f"{axis} labels overlap"
    assert all(len(ax.images) == 1 for ax in fig.axes[:n_panels])  # one image per panel, no per-cell artists


# -- special tokens --------------------------------------------------------------------
def test_without_special_by_hand():
    w = np.array([[[[0.5, 0.25, 0.25], [0.2, 0.4, 0.4], [0.6, 0.3, 0.1]]]])  # (1, 1, 3, 3)
    a = made(w, ["[CLS]", "a", "b"], [True, False, False]).without_special()
    assert a.tokens == ["a", "b"]
    # rows without the [CLS] column: [.4, .4] -> [.5, .5]; [.3, .1] -> [.75, .25]
    np.testing.assert_allclose(a.weights[0, 0], [[0.5, 0.5], [0.75, 0.25]], atol=1e-7)


def test_without_special_rows_sum_to_one(en, ja):
    for a, dropped in ((en, ["[CLS]", "[SEP]"]), (ja, ["</s>"])):
        b = a.without_special()
        assert [t for t in a.tokens if t not in dropped] == b.tokens
        assert not b.special_mask.any()
        np.testing.assert_allclose(b.weights.sum(axis=-1), 1.0, atol=1e-5)
    assert ja.without_special().causal


def test_heatmap_of_without_special(en, ja):
    b = en.without_special()
    fig = heatmap(b)
    np.testing.assert_allclose(panel_data(fig.axes[0]), b.head_mean(-1), atol=1e-7)
    np.testing.assert_allclose(panel_data(fig.axes[0]).sum(axis=-1), 1.0, atol=1e-5)
    c = ja.without_special()
    future = np.triu(np.ones((len(c), len(c)), dtype=bool), k=1)
    np.testing.assert_array_equal(np.ma.getmaskarray(panel_data(heatmap(c).axes[0])), future)


# -- words -----------------------------------------------------------------------------
EN_PIECES = ["[CLS]", "i", "love", "natural", "language", "process", "##ing", "!", "[SEP]"]
EN_WORDS = ["[CLS]", "i", "love", "natural", "language", "processing", "!", "[SEP]"]
EN_GROUPS = [[0], [1], [2], [3], [4], [5, 6], [7], [8]]  # written out by hand


def test_word_groups_by_hand():
    assert word_groups(EN_PIECES, np.array([True] + [False] * 7 + [True])) == EN_GROUPS
    assert word_groups(["##a", "b"], np.zeros(2, dtype=bool)) == [[0], [1]]  # nothing to continue
    assert word_groups(["[CLS]", "##a", "##b"], np.array([True, False, False])) == [[0], [1, 2]]
    assert word_groups(["▁", "今日", "は", "▁lang", "uage"], np.zeros(5, dtype=bool)) == [[0, 1], [2], [3, 4]]


def test_words_english_by_hand(en):
    assert en.tokens == EN_PIECES
    w = en.words()
    assert w.tokens == EN_WORDS
    assert list(w.special_mask) == [True] + [False] * 6 + [True]
    p = en.weights.astype(np.float64)  # (layer, head, query, key), pieces
    # a few cells spelled out: to "processing" = sum of its columns; from it = mean of its rows
    np.testing.assert_allclose(w.weights[..., 2, 5], p[..., 2, 5] + p[..., 2, 6], atol=1e-6)
    np.testing.assert_allclose(w.weights[..., 5, 2], (p[..., 5, 2] + p[..., 6, 2]) / 2, atol=1e-6)
    np.testing.assert_allclose(
        w.weights[..., 5, 5], (p[..., 5, 5] + p[..., 5, 6] + p[..., 6, 5] + p[..., 6, 6]) / 2, atol=1e-6
    )
    np.testing.assert_allclose(w.weights[..., 7, 0], p[..., 8, 0], atol=1e-6)  # [SEP] -> [CLS] unchanged
    # every cell, by the definition
    expected = np.zeros(w.weights.shape)
    for a, rows in enumerate(EN_GROUPS):
        for b, cols in enumerate(EN_GROUPS):
            expected[..., a, b] = np.mean([sum(p[..., q, k] for k in cols) for q in rows], axis=0)
    np.testing.assert_allclose(w.weights, expected, atol=1e-6)
    np.testing.assert_allclose(w.weights.sum(axis=-1), 1.0, atol=1e-5)


def test_words_japanese(ja):
    assert ja.tokens[:2] == ["▁", "今日"]
    w = ja.words()
    assert w.tokens[0] == "今日"
    assert w.tokens.count("食べ") == 2 and ja.tokens.count("食べ") == 2  # stays one label each time
    assert w.tokens[1:] == ja.tokens[2:]
    p = ja.weights.astype(np.float64)
    np.testing.assert_allclose(w.weights[..., 3, 0], p[..., 4, 0] + p[..., 4, 1], atol=1e-6)
    np.testing.assert_allclose(
        w.weights[..., 0, 0], (p[..., 0, 0] + p[..., 0, 1] + p[..., 1, 0] + p[..., 1, 1]) / 2, atol=1e-6
    )
    np.testing.assert_allclose(w.weights.sum(axis=-1), 1.0, atol=1e-5)
    assert w.causal
    assert np.all(np.triu(w.weights, k=1) == 0.0)
    future = np.triu(np.ones((len(w), len(w)), dtype=bool), k=1)
    np.testing.assert_array_equal(np.ma.getmaskarray(panel_data(heatmap(w).axes[0])), future)


# -- a view of words says so on its axes (the unit is a property of the data, not of one call) ----
def test_words_carry_their_unit_through_reductions_and_files(en, tmp_path):
    assert en.unit == "token"
    w = en.words()
    assert w.unit == "word"
    assert w.without_special().unit == "word"
    assert Attention.load(w.save(tmp_path / "w.npz")).unit == "word"
    assert Attention.load(en.save(tmp_path / "t.npz")).unit == "token"


def test_a_view_of_words_labels_its_axes_words_in_japanese(en):
    from attn_teach import received_plot
    from attn_teach.i18n import use_language

    w = en.words()
    with use_language("ja"):
        ax = heatmap(w).axes[0]
        assert (ax.get_xlabel(), ax.get_ylabel()) == ("キー：注目される単語", "クエリ：注目する単語")
        ax = heatmap(en).axes[0]
        assert (ax.get_xlabel(), ax.get_ylabel()) == ("キー：注目されるトークン", "クエリ：注目するトークン")
        assert received_plot(w).axes[0].get_xlabel() == "キー：注目される単語"
        assert "注目される単語" in grid(w)._supxlabel.get_text()
    # English says token either way: the English figures stay as they are
    assert heatmap(w).axes[0].get_xlabel() == heatmap(en).axes[0].get_xlabel() == "key: token attended to"


def test_a_list_in_a_message_is_joined_in_the_language():
    from attn_teach.i18n import join_list

    assert join_list(["a", "b"], lang="en") == "a, b"
    assert join_list(["a", "b"], lang="ja") == "a、b"


def _colour_bar_label(fig) -> str:
    return fig.axes[-1].get_ylabel()  # the colour bar is the figure's last axes


def test_a_colour_bar_says_what_its_values_are(en):
    """A word's value merges its tokens (rows averaged, columns summed) and rollout is not one layer's
    weights: their colour bars say so, in both languages."""
    from attn_teach.i18n import use_language

    w = en.words()
    assert _colour_bar_label(heatmap(en)) == "attention weight"
    assert _colour_bar_label(heatmap(w)) == "attention weight (merged word by word)"
    assert _colour_bar_label(rollout_view(en)) == "attention weight / rollout value"
    with use_language("ja"):
        assert _colour_bar_label(heatmap(en)) == "Attentionの重み"
        assert _colour_bar_label(heatmap(w)) == "Attentionの重み（単語ごとにまとめたもの）"
        assert _colour_bar_label(grid(w)) == "Attentionの重み（単語ごとにまとめたもの）"
        assert _colour_bar_label(rollout_view(en)) == "Attentionの重み／ロールアウトの値"


def test_a_view_of_words_counts_words(en):
    """The grid's title and the note of a heatmap too large to annotate count words on a words() view."""
    from attn_teach.i18n import use_language

    w = extract(LONG, "tiny-bert-en").words()
    with use_language("ja"), pytest.warns(UserWarning, match="単語：セルが小さく"):
        heatmap(w, annotate="auto")
    with use_language("ja"):
        assert grid(en.words())._suptitle.get_text().endswith(f"{len(en.words())}単語）")
        assert grid(en)._suptitle.get_text().endswith(f"{len(en)}トークン）")
    assert grid(en.words())._suptitle.get_text().endswith(f"{len(en.words())} words)")
