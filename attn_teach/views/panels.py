"""Several ``(query, key)`` matrices in one row of panels, on one colour scale and one colour bar.

The building block of :func:`~attn_teach.heads`,
:func:`~attn_teach.views.layer_panels` and
:func:`~attn_teach.rollout_view`: matrices that should be compared
share their colour scale, so equal colours mean equal weights across panels.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from attn_teach import fonts
from attn_teach.attention import Attention
from attn_teach.views.build import draw_matrix, future_mask
from attn_teach.views.style import CMAP, set_token_ticks, style


def panels(
    matrices: list[np.ndarray],
    names: list[str],
    attention: Attention,
    title: str,
    *,
    cmap=CMAP,
    panel_inches: float = 2.6,
    bold_last: bool = False,
    value_label: str | None = None,
    key_labels: list[str] | None = None,
):
    """Draw ``(query, key)`` matrices in one row of panels sharing one colour scale and colour bar.

    ``value_label`` names what the colour bar shows when some panel is not ``attention``'s own values
    (default :meth:`~attn_teach.Attention.value_label`); ``key_labels`` names each panel's columns (default
    :meth:`~attn_teach.Attention.key_label` under every panel)."""
    n = len(attention.tokens)
    masked = future_mask(n) if attention.causal else None
    vmax = float(max(np.max(m) for m in matrices))
    with style():
        fig, axes = plt.subplots(
            1,
            len(matrices),
            figsize=(panel_inches * len(matrices) + 1.2, panel_inches + 1.8),  # 0.3 in for the key label
            layout="constrained",
            sharey=True,
            squeeze=False,
        )
        axes = axes[0]
        for i, (ax, matrix, name) in enumerate(zip(axes, matrices, names)):
            image = draw_matrix(ax, matrix, cmap=cmap, vmax=vmax, masked=masked)
            set_token_ticks(ax, attention.tokens, axis="x", length_inches=panel_inches * 0.85)
            ax.set_xlabel(key_labels[i] if key_labels else attention.key_label())  # as the heatmap labels them
            if i == 0:  # the rows are shared: only the first panel shows the query tokens
                set_token_ticks(ax, attention.tokens, axis="y", length_inches=panel_inches * 0.85)
                ax.set_ylabel(attention.query_label())
            bold = bold_last and i == len(matrices) - 1  # in bold where a bold face exists (fonts.emphasis)
            ax.set_title(name, fontsize=10, **(fonts.emphasis(name) if bold else {"fontweight": "normal"}))
        fig.colorbar(image, ax=axes, shrink=0.8, label=value_label or attention.value_label())
        fig.suptitle(title)
    return fig
