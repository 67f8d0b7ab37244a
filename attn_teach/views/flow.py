"""Attention flow through the layers: rollout beside one layer's raw attention (lesson 13).

The article's heatmap shows the last layer only. But the last layer does not read
the input tokens: it reads the previous layer's outputs, each already a mixture
of tokens. Attention rollout (Abnar & Zuidema, 2020, "Quantifying Attention Flow
in Transformers") follows the mixing down to the input: it averages the heads of
each layer, adds the residual connection as the identity, re-normalises, and
multiplies the layers from the first upward (:func:`attn_teach.rollout`).

:func:`rollout_view` draws the two side by side, on one colour scale, so the
difference is what the reader sees.
"""

from __future__ import annotations

from attn_teach.attention import Attention
from attn_teach.i18n import gettext as _
from attn_teach.reduce import rollout
from attn_teach.views.decorator import view
from attn_teach.views.panels import panels
from attn_teach.views.style import CMAP


@view
def rollout_view(attention: Attention, *, residual: float = 0.5, cmap=CMAP, title: str | None = None):
    """The last layer's head-mean attention next to the attention rollout through every layer.

    Parameters
    ----------
    attention : Attention
        Must hold every layer from the first (``extract(text, model)`` keeps all).
    residual : float
        Weight of the identity (the residual connection) in each layer, 0 to 1;
        passed to :func:`attn_teach.rollout`. Abnar & Zuidema use 0.5.
    cmap : str or Colormap
        Default ``"YlGnBu"``.
    title : str, optional
        Default: model and number of layers.
    %(language)s

    Returns
    -------
    matplotlib.figure.Figure
        Two panels on one colour scale: ``fig.axes[0]`` is ``attention.head_mean(-1)``,
        ``fig.axes[1]`` is ``rollout(attention, residual=residual)``; then the colour bar.

    Notes
    -----
    Two panels do not fit into one axes, so this view takes no ``ax``. For a causal
    model both panels mask the cells above the diagonal: the rollout of lower
    triangular matrices is lower triangular. Introduced in lesson 13.
    """
    flow = rollout(attention, residual=residual)  # (query, key); checks that every layer is there
    last = attention.layers[-1]
    names = [
        _("layer {layer} alone (mean of heads)").format(layer=last),
        _("rollout, layers 0-{layer} (residual {residual:g})").format(layer=last, residual=residual),
    ]
    default = _("{model}: one layer's attention vs. attention flowed through all {layers} layers").format(
        model=attention.model_name, layers=attention.n_layers
    )
    return panels(
        [attention.head_mean(-1), flow],
        names,
        attention,
        title if title is not None else default,
        cmap=cmap,
        panel_inches=3.4,
        value_label=_("attention weight / rollout value"),  # one scale for both panels
        key_labels=[attention.key_label(), _("input token")],  # rollout's columns are the tokens that went in
    )
