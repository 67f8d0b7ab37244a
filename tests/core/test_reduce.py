"""reduce.py on its own: rollout's order of multiplication, word merging's two axes, dropping tokens.

These fail on the module's own bugs, not only through a lesson that uses it: rollout multiplied
in the wrong order and word merges averaged on the wrong axis once passed every unit test and
were caught only because lessons 12 and 13 failed to import (a mutation audit).
"""

from types import SimpleNamespace

import numpy as np
import pytest

from attn_teach.errors import AttnTeachError
from attn_teach.reduce import drop_tokens, merge_words, received, rollout, word_groups


def _softmax_rows(rng, shape):
    scores = rng.normal(scale=2.0, size=shape)
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _layered(weights):
    return SimpleNamespace(
        weights=weights, layers=tuple(range(len(weights))), tokens=["t"] * weights.shape[-1], n_layers=len(weights)
    )


def test_rollout_multiplies_later_layers_on_the_left():
    """R = Â_L ... Â_1 (Abnar & Zuidema, section 3): with two layers that do not commute, the
    product in the other order (Â_1 Â_2) is a different matrix, and rollout must give ours."""
    rng = np.random.default_rng(0)
    w = _softmax_rows(rng, (2, 3, 4, 4))  # (layer, head, query, key)
    n = 4
    a = [0.5 * np.eye(n) + 0.5 * w[i].mean(axis=0) for i in range(2)]
    a = [m / m.sum(axis=-1, keepdims=True) for m in a]
    expected, wrong_order = a[1] @ a[0], a[0] @ a[1]
    assert not np.allclose(expected, wrong_order, atol=1e-3)  # the test can tell the orders apart
    np.testing.assert_allclose(rollout(_layered(w)), expected, atol=1e-12)


def test_rollout_rows_sum_to_1_and_a_causal_input_stays_causal():
    rng = np.random.default_rng(1)
    w = _softmax_rows(rng, (3, 2, 5, 5))
    w = np.tril(w)
    w /= w.sum(axis=-1, keepdims=True)
    r = rollout(_layered(w))
    np.testing.assert_allclose(r.sum(axis=-1), 1.0, atol=1e-12)
    assert np.all(np.triu(r, 1) == 0)


def test_rollout_needs_every_layer_from_the_first():
    w = np.full((1, 1, 2, 2), 0.5)
    with pytest.raises(AttnTeachError, match="every layer"):
        rollout(SimpleNamespace(weights=w, layers=(3,), tokens=["a", "b"], n_layers=1))


def test_merge_words_sums_the_keys_and_averages_the_queries():
    """Attention *to* a word adds its pieces' columns; attention *from* a word averages its pieces'
    rows. A hand-computed 3-piece example where the two axes give different answers."""
    w = np.array(
        [[[[0.6, 0.3, 0.1], [0.2, 0.2, 0.6], [0.1, 0.7, 0.2]]]]
    )  # (1, 1, query, key); pieces 1 and 2 form one word
    merged = merge_words(w, [[0], [1, 2]])[0, 0]
    expected = np.array([[0.6, 0.3 + 0.1], [(0.2 + 0.1) / 2, ((0.2 + 0.6) + (0.7 + 0.2)) / 2]])
    np.testing.assert_allclose(merged, expected, atol=1e-6)
    transposed_rule = np.array([[0.6, (0.3 + 0.1) / 2], [0.2 + 0.1, ((0.2 + 0.6) + (0.7 + 0.2)) / 2]])
    assert not np.allclose(merged, transposed_rule, atol=1e-3)
    np.testing.assert_allclose(merged.sum(axis=-1), 1.0, atol=1e-6)


def test_word_groups_join_wordpiece_continuations_but_never_a_special_token():
    tokens = ["[CLS]", "process", "##ing", "is", "fun", "[SEP]"]
    special = np.array([True, False, False, False, False, True])
    assert word_groups(tokens, special) == [[0], [1, 2], [3], [4], [5]]


def test_drop_tokens_renormalises_rows_over_the_tokens_kept():
    w = np.array([[[[0.5, 0.25, 0.25], [0.2, 0.4, 0.4], [0.1, 0.1, 0.8]]]])
    kept = drop_tokens(w, np.array([True, False, False]))[0, 0]  # drop token 0
    np.testing.assert_allclose(kept, [[0.5, 0.5], [1 / 9, 8 / 9]], atol=1e-6)


def test_received_is_the_mean_of_each_column():
    m = np.array([[1.0, 0.0], [0.25, 0.75]])
    np.testing.assert_allclose(received(m), [0.625, 0.375])
