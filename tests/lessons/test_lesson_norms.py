"""Numbers behind lesson 16 (a weight is not a contribution): every claim its prose makes about the figures."""

from __future__ import annotations

import numpy as np
import pytest

from attn_teach.i18n import use_language
from attn_teach.reproduce import load_lesson


@pytest.fixture(scope="module")
def lesson():
    return load_lesson("plot_16_norms")


@pytest.fixture(scope="module")
def pair(lesson):
    return lesson.weights_and_contributions()


def _changes(lesson, pair, layer):
    a, c = pair
    given, added = lesson.shares(a, c, layer)
    return dict(zip(a.tokens, given)), dict(zip(a.tokens, added)), dict(zip(a.tokens, added - given))


def test_shares_sum_to_one_and_distance_is_computed(lesson, pair):
    a, c = pair
    for layer in range(a.n_layers):
        given, added = lesson.shares(a, c, layer)
        assert given.sum() == pytest.approx(1, abs=1e-5) and added.sum() == pytest.approx(1, abs=1e-6)
    gaps = lesson.distances()
    assert lesson.most_different_layer() == int(gaps.argmax()) == 1
    assert gaps[1] == pytest.approx(0.114, abs=5e-4)


def test_last_layer_process_loses_natural_and_ing_gain(lesson, pair):
    _, _, change = _changes(lesson, pair, -1)
    assert min(change, key=change.get) == "process"
    assert max(change, key=change.get) == "natural"
    assert change["##ing"] > 0.02


def test_most_different_layer_exclamation_keeps_the_top_but_loses_share(lesson, pair):
    given, added, change = _changes(lesson, pair, 1)
    assert max(given, key=given.get) == max(added, key=added.get) == "!"
    assert added["!"] < given["!"] and min(change, key=change.get) == "!"


def test_love_neither_gets_much_weight_nor_adds_much(lesson, pair):
    given, added, change = _changes(lesson, pair, -1)
    assert abs(change["love"]) < 0.005  # "its share barely moves"
    assert given["love"] < 1 / 9 and added["love"] < 1 / 9
    assert sorted(added, key=added.get, reverse=True).index("love") + 1 == 7


def test_special_tokens_get_little_weight_in_the_last_layer(lesson, pair):
    given, _, _ = _changes(lesson, pair, -1)
    assert given["[CLS]"] < 1 / 9 and given["[SEP]"] < 1 / 9


def test_most_different_figure_draws_the_computed_layer(lesson, pair):
    a, c = pair
    with use_language("en"):
        fig = lesson.figure_most_different()
    assert "layer 1:" in fig.get_suptitle()
    images = [ax.images[0] for ax in fig.axes if ax.images]
    np.testing.assert_allclose(images[0].get_array(), a.head_mean(1), rtol=1e-6)
    np.testing.assert_allclose(images[1].get_array(), c.matrix(1), rtol=1e-6)
    labels = [ax.get_ylabel() for ax in fig.axes if not ax.images]
    assert labels == ["attention weight", "‖αf(x)‖, not a probability"]


def test_shares_figure_draws_the_shares(lesson, pair):
    a, c = pair
    fig = lesson.figure_shares()
    top = fig.axes[0]
    heights = np.array([p.get_height() for p in top.patches])
    given, added = lesson.shares(a, c, 1)
    np.testing.assert_allclose(heights, np.concatenate([given, added]), rtol=1e-6)
