"""What the lessons claim about the numbers behind the pictures.

* Lesson 00a: one head's weights are ``softmax(Q Kᵀ / √d)`` of the model's own
  projections of the layer's input; computed by hand they equal ``extract``.
* Lesson 04 and the erratum in ``docs/since_the_article.rst``: in the kit's heatmap (the
  article's ``YlGnBu``) a weight of 1 is *darker* than a weight of 0, while in stage
  9's ``imshow`` (default ``viridis``) it is brighter: the two conventions are opposite.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from attn_teach import extract
from attn_teach.reproduce import load_lesson

TEXT = "I love natural language processing!"


@pytest.fixture(scope="module")
def lesson():
    return load_lesson("plot_00a_what_attention_computes")


def test_toy_example_rows_sum_to_one_and_output_mixes_values(lesson):
    np.testing.assert_allclose(lesson.A.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(lesson.output, lesson.A @ lesson.V)
    # the score of query 2 with key 0, written out
    q, k = lesson.X[2] @ lesson.W_Q, lesson.X[0] @ lesson.W_K
    assert lesson.scores[2, 0] == pytest.approx(q @ k / np.sqrt(2))


def test_every_head_by_hand_equals_extract(lesson, bert):
    weights = extract(TEXT, bert).weights  # (layer, head, query, key)
    n_layers, n_heads = weights.shape[:2]
    for layer in range(n_layers):
        for head in range(n_heads):
            by_hand = lesson.one_head_by_hand(TEXT, "tiny-bert-en", layer=layer, head=head)
            np.testing.assert_allclose(
                by_hand, weights[layer, head], atol=2e-6, rtol=0, err_msg=f"layer {layer}, head {head}"
            )


def test_negative_layer_counts_from_the_end(lesson, bert):
    last = extract(TEXT, bert).weights[-1, 3]
    np.testing.assert_allclose(lesson.one_head_by_hand(TEXT, "tiny-bert-en", layer=-1, head=3), last, atol=2e-6)


def luminance(rgba) -> float:
    """Relative luminance (WCAG) of an RGBA colour with components in 0..1."""

    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgba[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def weight_colours(fig):
    """Luminance of the colours the figure's (first) image gives to weights 0 and 1."""
    image = fig.axes[0].get_images()[0]
    low, high = image.to_rgba(np.array([0.0, 1.0]))  # 1 is clipped to the top colour
    return luminance(low), luminance(high)


def test_kit_heatmap_draws_high_weights_dark():
    fig = load_lesson("plot_04_heatmap").figure_heatmap()
    low, high = weight_colours(fig)
    plt.close(fig)
    assert high < low / 3  # dark blue for much attention, light yellow for little


def test_article_imshow_draws_high_weights_bright():
    fig = load_lesson("plot_09_annotated_heatmap").figure_article()
    low, high = weight_colours(fig)
    plt.close(fig)
    assert high > low * 3  # viridis: yellow for much attention, dark purple for little
