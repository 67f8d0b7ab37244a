"""Several matrices side by side on one colour scale: heads of a layer, or layers of a model.

* :func:`heads`: the heads of one layer, then their mean (what the head mean averages away;
  lesson 5).
* :func:`layers`: the head mean of every layer (the tuple ``outputs.attentions``; lesson 1).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from attn_teach.attention import Attention
from attn_teach.views.heatmap import draw_matrix, future_mask
from attn_teach.views.style import CMAP, set_token_ticks, style


def panels(matrices: list[np.ndarray], names: list[str], attention: Attention, title: str, *,
           cmap=CMAP, panel_inches: float = 2.6, bold_last: bool = False):
    """Draw ``(query, key)`` matrices in one row of panels sharing one colour scale and colour bar."""
    n = len(attention.tokens)
    masked = future_mask(n) if attention.causal else None
    vmax = float(max(np.max(m) for m in matrices))
    with style():
        fig, axes = plt.subplots(1, len(matrices), figsize=(panel_inches * len(matrices) + 1.2,
                                                            panel_inches + 1.5),
                                 layout="constrained", sharey=True, squeeze=False)
        axes = axes[0]
        for i, (ax, matrix, name) in enumerate(zip(axes, matrices, names)):
            image = draw_matrix(ax, matrix, cmap=cmap, vmax=vmax, masked=masked)
            set_token_ticks(ax, attention.tokens, axis="x", length_inches=panel_inches * 0.85)
            if i == 0:
                set_token_ticks(ax, attention.tokens, axis="y", length_inches=panel_inches * 0.85)
            ax.set_title(name, fontsize=10, fontweight="bold" if bold_last and i == len(matrices) - 1 else "normal")
        fig.colorbar(image, ax=axes, shrink=0.8, label="attention weight")
        fig.suptitle(title)
    return fig


def heads(attention: Attention, layer: int = -1, *, cmap=CMAP):
    """Each head of one layer, and their mean, on one shared colour scale.

    The last panel is ``attention.head_mean(layer)``: the element-wise mean of the
    panels before it, which is what the article's ``torch.mean(..., dim=1)`` drew.
    Introduced in lesson 5.
    """
    li = attention.layer_index(layer)
    matrices = [attention.weights[li, h] for h in range(attention.n_heads)] + [attention.head_mean(layer)]
    names = [f"head {h}" for h in range(attention.n_heads)] + ["mean of heads"]
    title = f"{attention.model_name}, layer {attention.layers[li]}: {attention.n_heads} heads and their mean"
    return panels(matrices, names, attention, title, cmap=cmap, bold_last=True)


def layers(attention: Attention, *, cmap=CMAP):
    """The head mean of every layer held, first to last: one panel per entry of ``outputs.attentions``.

    Introduced in lesson 1.
    """
    matrices = [attention.head_mean(i) for i in range(attention.n_layers)]
    names = [f"layer {n}" for n in attention.layers]
    title = f"{attention.model_name}: each layer's attention, mean over {attention.n_heads} heads"
    return panels(matrices, names, attention, title, cmap=cmap)
