"""Every head of every layer in one static figure: a "model view" that can be saved (lesson 12).

Interactive tools (bertviz's model view) draw each head of each layer as a small
panel, but only in a notebook, and they slow down on long inputs. :func:`grid`
draws the same overview as one matplotlib figure: one row per layer, one column
per head, every panel a ``(query, key)`` heatmap on one shared colour scale.

It stays usable on long inputs:

* each panel is one image (``imshow``, through :func:`~attn_teach.views.build.draw_matrix`),
  so a 512-token panel costs about as much as a 9-token one; when a panel has fewer
  pixels than tokens, the image is antialiased (neighbouring cells are averaged)
  rather than drawn nearest-neighbour, which would keep some cells, drop others and
  paint patterns (moiré) that are not in the data;
* token labels thin out (:func:`~attn_teach.views.style.set_token_ticks`) so they
  never overlap;
* above :data:`INNER_LABELS_MAX` tokens, or when there are so many heads and layers
  that panels get small, only the outer panels carry token labels (left column:
  queries, bottom row: keys); the panels inside keep their tick marks.

For a causal model the cells above the diagonal are drawn masked (grey), as in
:func:`~attn_teach.heatmap`: they are positions a token cannot see,
not weights of 0.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from attn_teach.attention import Attention
from attn_teach.i18n import gettext as _
from attn_teach.i18n import pgettext
from attn_teach.views.build import draw_matrix, future_mask
from attn_teach.views.decorator import view
from attn_teach.views.style import CMAP, DPI, set_token_ticks

INNER_LABELS_MAX = 12  # up to this many tokens, every panel carries its own token labels...
INNER_PANEL_MIN = 1.5  # ...if panels are at least this large (inches); else labels would dwarf them
PANEL_MIN, PANEL_MAX = 0.6, 2.0  # side of one panel, inches
GRID_INCHES = (13.0, 16.0)  # the panels together aim at most at this (width, height)
VMAX_QUANTILE = 0.99  # default top of the colour scale: this quantile of the visible weights
VMAX_SAMPLE = 4_000_000  # weights looked at to find that quantile (rows are subsampled above it)


def panel_inches(n_layers: int, n_heads: int) -> float:
    """Side of one panel: as large as :data:`GRID_INCHES` allows, within :data:`PANEL_MIN`..:data:`PANEL_MAX`."""
    fit = min(GRID_INCHES[0] / max(n_heads, 1), GRID_INCHES[1] / max(n_layers, 1))
    return float(np.clip(fit, PANEL_MIN, PANEL_MAX))


def visible_quantile(attention: Attention, quantile: float = VMAX_QUANTILE) -> float:
    """``quantile`` of the weights a token can see (all of them, or the lower triangle if causal).

    Large inputs are subsampled by query rows, so that at most :data:`VMAX_SAMPLE`
    weights are sorted.
    """
    w = attention.weights  # (layer, head, query, key)
    n = w.shape[-1]
    step = max(1, int(np.ceil(w.size / VMAX_SAMPLE)))
    rows = np.arange(0, n, step)
    keep = np.ones((len(rows), n), dtype=bool)  # (query', key)
    if attention.causal:
        keep = np.arange(n)[None, :] <= rows[:, None]
    values = w[:, :, rows][:, :, keep]  # (layer, head, visible cells)
    return max(float(np.quantile(values, quantile)), 1e-6)


@view
def grid(
    attention: Attention,
    *,
    cmap=CMAP,
    vmax: float | None = None,
    inner_labels: bool | None = None,
    title: str | None = None,
):
    """Every layer x every head as small heatmaps: a static model view.

    Rows are layers (labelled ``layer L``), columns are heads (labelled ``head H``);
    panel ``(l, h)`` is ``attention.weights[l, h]``, queries down, keys across.

    Parameters
    ----------
    attention : Attention
        Every layer it holds becomes a row (``extract(text, model)`` keeps all).
    cmap : str or Colormap
        Default ``"YlGnBu"``, the article's colormap.
    vmax : float, optional
        Top of the colour scale, shared by all panels. Default: the 99th percentile of
        the visible weights, so that a few saturated cells (a causal model's first row
        is always 1) do not wash out every other panel; cells above it take the top
        colour and the colour bar shows an arrow. Pass ``vmax=1`` for the full range.
    inner_labels : bool, optional
        Token labels on every panel (True) or only on the outer ones (False).
        Default: True up to :data:`INNER_LABELS_MAX` tokens when panels are at least
        :data:`INNER_PANEL_MIN` inches (a 4 x 4 grid, not bert-base's 12 x 12).
    title : str, optional
        Default: model and grid size.
    %(language)s

    Returns
    -------
    matplotlib.figure.Figure
        One axes per panel, row-major (``fig.axes[l * n_heads + h]``), then the colour bar.

    Notes
    -----
    A grid of panels does not fit into one axes, so this view takes no ``ax``: it
    always makes its own figure. Introduced in lesson 12.

    Examples
    --------
    >>> import numpy as np
    >>> a = Attention("a b", "hand-made", ["a", "b"], np.array([False, False]),
    ...               np.full((2, 3, 2, 2), 0.5, dtype=np.float32))
    >>> fig = grid(a)
    >>> [fig.axes[0].get_ylabel(), fig.axes[2].get_title()]
    ['layer 0', 'head 2']
    """
    n_layers, n_heads, n = attention.weights.shape[:3]  # (layer, head, query)
    masked = future_mask(n) if attention.causal else None
    top = visible_quantile(attention) if vmax is None else float(vmax)
    side = panel_inches(n_layers, n_heads)
    inner = n <= INNER_LABELS_MAX and side >= INNER_PANEL_MIN if inner_labels is None else bool(inner_labels)
    label_room = 0.9 if n > 1 else 0.2  # rotated token labels need about this much, inches
    width = n_heads * (side + (0.9 if inner else 0.1)) + label_room + 1.4
    height = n_layers * (side + (0.9 if inner else 0.1)) + label_room + 1.0
    # no sharex/sharey: with hundreds of panels, shared-axis bookkeeping grows with the
    # square of their number (minutes for 24 x 16); every panel gets the same ticks instead
    fig, axes = plt.subplots(n_layers, n_heads, figsize=(width, height), layout="constrained", squeeze=False)
    image = None
    for l in range(n_layers):
        for h in range(n_heads):
            ax = axes[l, h]
            image = draw_matrix(ax, attention.weights[l, h], cmap=cmap, vmax=top, masked=masked)
            if n > side * DPI:  # fewer pixels than cells: average them instead of picking some
                image.set_interpolation("antialiased")
            set_token_ticks(ax, attention.tokens, length_inches=side * 0.85)
            ax.tick_params(labelsize=7, length=2, labelbottom=inner or l == n_layers - 1, labelleft=inner or h == 0)
            if l == 0:
                ax.set_title(_("head {head}").format(head=h), fontsize=10)
            if h == 0:
                # upright, as the heads' titles above and every other view's layer names are: 「層0」
                # turned on its side is read by tilting the head
                label = _("layer {layer}").format(layer=attention.layers[l])
                ax.set_ylabel(label, fontsize=10, rotation=0, ha="right", va="center")
    saturated = float(attention.weights.max()) > top
    fig.colorbar(
        image,
        ax=axes,
        shrink=min(0.8, 4.0 / max(height, 1)),
        aspect=30,
        extend="max" if saturated else "neither",
        label=attention.value_label(),
    )
    counted = dict(model=attention.model_name, layers=n_layers, heads=n_heads, tokens=n)
    default = (
        _("{model}: every head of every layer ({layers} layers x {heads} heads, {tokens} words)").format(**counted)
        if attention.unit == "word"
        else _("{model}: every head of every layer ({layers} layers x {heads} heads, {tokens} tokens)").format(
            **counted
        )
    )
    fig.suptitle(title if title is not None else default)
    fig.supxlabel(
        pgettext("words", "in each panel: rows = query (token attending), columns = key (token attended to)")
        if attention.unit == "word"
        else _("in each panel: rows = query (token attending), columns = key (token attended to)"),
        fontsize=9,
    )
    return fig
