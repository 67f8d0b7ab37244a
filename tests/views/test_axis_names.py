"""The views label the key and query axes from the Attention's unit, in every panel kind (3D, rows of panels).

The lesson image tests run :func:`axis_names.assert_token_axes_named` on every lesson figure; these tests
check the helper on a known answer and the views it guards one by one, in English and in Japanese.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from axis_names import assert_token_axes_named, bare_side_labels, unnamed_token_axes

from attn_teach import Attention, heads, heatmap, rollout_view, scatter3d
from attn_teach.i18n import use_language
from attn_teach.views import layer_panels

LABELS = {
    "en": ("key: token attended to", "query: token attending"),
    "ja": ("キー：注目されるトークン", "クエリ：注目するトークン"),
}


def _attention(n_layers: int = 2) -> Attention:
    weights = np.tile(np.eye(3, dtype=np.float32), (n_layers, 2, 1, 1))  # (layer, head, query, key)
    return Attention("a b c", "hand-made", ["a", "b", "c"], np.array([False] * 3), weights)


def test_the_helper_on_a_known_answer():
    fig = heatmap(_attention())
    assert bare_side_labels(fig) == [] and unnamed_token_axes(fig) == []
    fig.axes[0].set_ylabel("")
    assert unnamed_token_axes(fig) == ["axes 0 ('hand-made, layer 1, mean of 2 heads'): y"]
    fig.axes[0].set_xlabel("キー")
    assert bare_side_labels(fig) == ["キー"]
    plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_scatter3d_labels_its_floor_as_the_heatmap_does(lang):
    with use_language(lang):
        fig = scatter3d(_attention())
    ax = fig.axes[0]
    key, query = LABELS[lang]
    assert (ax.get_xlabel(), ax.get_ylabel()) == (key, query)
    assert_token_axes_named(fig)
    plt.close(fig)


@pytest.mark.parametrize("view", [heads, layer_panels, rollout_view], ids=lambda v: v.__name__)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_rows_of_panels_label_their_axes(view, lang):
    """Every panel names its key tokens; the first, which alone shows the shared query ticks, names them."""
    with use_language(lang):
        fig = view(_attention())
    key, query = LABELS[lang]
    panels = [ax for ax in fig.axes if ax.get_images()]
    assert len(panels) >= 2
    # rollout's columns are the tokens that went in (lesson 13), not one layer's keys
    columns = [key, "入力トークン" if lang == "ja" else "input token"] if view is rollout_view else [key] * len(panels)
    assert [ax.get_xlabel() for ax in panels] == columns
    assert [ax.get_ylabel() for ax in panels] == [query] + [""] * (len(panels) - 1)
    assert_token_axes_named(fig)
    plt.close(fig)
