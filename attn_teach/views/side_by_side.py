"""Several matrices side by side on one colour scale: heads of a layer, or layers of a model.

* :func:`heads`: the heads of one layer, then their mean (what the head mean averages away;
  lesson 5).
* :func:`layer_panels`: the head mean of every layer (the tuple ``outputs.attentions``; lesson 1).

Both draw a whole figure (one axes per panel), so neither takes ``ax``.
"""

from __future__ import annotations

from attn_teach.attention import Attention
from attn_teach.i18n import gettext as _
from attn_teach.views.decorator import view
from attn_teach.views.panels import panels
from attn_teach.views.style import CMAP


@view
def heads(attention: Attention, layer: int = -1, *, cmap=CMAP):
    """Each head of one layer, and their mean, on one shared colour scale.

    The last panel is ``attention.head_mean(layer)``: the element-wise mean of the
    panels before it, which is what the article's ``torch.mean(..., dim=1)`` drew.
    Introduced in lesson 5.

    Parameters
    ----------
    %(language)s
    """
    matrices = [attention.matrix(layer, h) for h in range(attention.n_heads)] + [attention.matrix(layer)]
    names = [_("head {head}").format(head=h) for h in range(attention.n_heads)] + [
        _("mean of heads") if attention.measure == "weight" else attention.heads_label()
    ]
    title = _("{model}, layer {layer}: {heads} heads and their mean").format(
        model=attention.model_name, layer=attention.layer_number(layer), heads=attention.n_heads
    )
    return panels(matrices, names, attention, title, cmap=cmap, bold_last=True)


@view
def layer_panels(attention: Attention, *, cmap=CMAP):
    """The head mean of every layer held, first to last: one panel per entry of ``outputs.attentions``.

    Introduced in lesson 1.

    Parameters
    ----------
    %(language)s
    """
    matrices = [attention.matrix(i) for i in range(attention.n_layers)]
    names = [_("layer {layer}").format(layer=n) for n in attention.layers]
    title = _("{model}: each layer's attention, mean over {heads} heads").format(
        model=attention.model_name, heads=attention.n_heads
    )
    return panels(matrices, names, attention, title, cmap=cmap)
