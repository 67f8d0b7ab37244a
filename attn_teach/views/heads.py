"""Every head at once: what the head mean averages away (lesson 5) and the whole model (lesson 12).

* :func:`heads`: the heads of one layer side by side, then their mean.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from attn_teach.attention import Attention
from attn_teach.views.heatmap import draw_matrix, future_mask
from attn_teach.views.style import CMAP, set_token_ticks, style


def heads(attention: Attention, layer: int = -1, *, cmap=CMAP, panel_inches: float = 2.6):
    """Each head of one layer, and their mean, on one shared colour scale.

    The last panel is ``attention.head_mean(layer)``: the element-wise mean of the
    panels before it, which is what the article's ``torch.mean(..., dim=1)`` drew.
    Introduced in lesson 5.
    """
    li = attention.layer_index(layer)
    panels = [attention.weights[li, h] for h in range(attention.n_heads)] + [attention.head_mean(layer)]
    names = [f"head {h}" for h in range(attention.n_heads)] + ["mean of heads"]
    n = len(attention.tokens)
    masked = future_mask(n) if attention.causal else None
    vmax = float(max(np.max(p) for p in panels))
    with style():
        fig, axes = plt.subplots(1, len(panels), figsize=(panel_inches * len(panels) + 1.0, panel_inches + 1.4),
                                 layout="constrained", sharey=True)
        for i, (ax, matrix, name) in enumerate(zip(axes, panels, names)):
            image = draw_matrix(ax, matrix, cmap=cmap, vmax=vmax, masked=masked)
            set_token_ticks(ax, attention.tokens, axis="x", length_inches=panel_inches * 0.85)
            if i == 0:
                set_token_ticks(ax, attention.tokens, axis="y", length_inches=panel_inches * 0.85)
            ax.set_title(name, fontweight="bold" if i == len(panels) - 1 else "normal")
        fig.colorbar(image, ax=axes, shrink=0.8, label="attention weight")
        fig.suptitle(f"{attention.model_name}, layer {attention.layers[li]}: "
                     f"{attention.n_heads} heads and their mean")
    return fig
