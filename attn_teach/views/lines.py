"""Line and bar views of attention: what the article's line plot meant to show (lessons 6 and 11).

The article drew ``plt.plot(matrix)``: one line per *column* (key token) against
the *row* index (query position). These views draw the two things a reader wants
instead, each against the right axis:

* :func:`received_plot`: attention each token receives, averaged over all queries
  (the column means of the head-mean matrix), as bars or a line;
* :func:`attention_from`: where one chosen token looks (one row of the matrix);
* :func:`attention_to`: who looks at one chosen token (one column of the matrix).
"""

from __future__ import annotations

import numpy as np

from attn_teach import reduce
from attn_teach.attention import Attention
from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _
from attn_teach.views.decorator import view
from attn_teach.views.style import MASK_COLOR, figure_and_axes, set_token_ticks

COLOR = "#225ea8"  # a dark blue of YlGnBu


def _width(n: int) -> float:
    return float(np.clip(0.45 * n + 2.0, 5.0, 14.0))


def _token_axis(ax, tokens: list[str], width: float) -> None:
    set_token_ticks(ax, tokens, axis="x", length_inches=width * 0.85)
    ax.set_xlim(-0.6, len(tokens) - 0.4)
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", alpha=0.3)


@view
def received_plot(
    attention: Attention,
    layer: int = -1,
    head: int | None = None,
    *,
    ax=None,
    kind: str = "bar",
    title: str | None = None,
):
    """Attention received by each token: column means of one layer's matrix, as bars or a line.

    The values are :func:`attn_teach.reduce.received` of ``attention.matrix(layer, head)``
    and sum to 1. ``kind`` is ``"bar"`` (default) or ``"line"``. Introduced in lesson 6.

    Parameters
    ----------
    %(language)s
    """
    if kind not in ("bar", "line"):
        raise AttnTeachError(_("kind must be 'bar' or 'line'; got {kind!r}").format(kind=kind))
    values = reduce.received(attention.matrix(layer, head))  # (key,)
    n = len(attention.tokens)
    x = np.arange(n)
    width = _width(n)
    fig, ax = figure_and_axes(ax, (width, 3.6))
    if kind == "bar":
        ax.bar(x, values, color=COLOR, width=0.7)
    else:
        ax.plot(x, values, marker="o", color=COLOR)
    _token_axis(ax, attention.tokens, width)
    ax.set_ylabel(_("mean attention received") if attention.measure == "weight" else _("mean ‖αf(x)‖ received"))
    ax.set_xlabel(attention.key_label())
    layer_no = attention.layer_number(layer)
    ax.set_title(
        title
        if title is not None
        else _("Attention received per token ({model}, layer {layer})").format(
            model=attention.model_name, layer=layer_no
        )
    )
    return fig


@view
def attention_from(
    attention: Attention,
    query: int | str,
    layer: int = -1,
    head: int | None = None,
    *,
    ax=None,
    title: str | None = None,
):
    """Where one token looks: row ``query`` of one layer's matrix, against the key tokens.

    ``query`` is a position (negative counts from the end) or a token string (its
    first occurrence). Introduced in lesson 6.

    Parameters
    ----------
    %(language)s
    """
    index = attention.token_index(query)
    values = attention.matrix(layer, head)[index]  # (key,)
    n = len(attention.tokens)
    width = _width(n)
    fig, ax = figure_and_axes(ax, (width, 3.6))
    visible = index + 1 if attention.causal else n  # a causal query sees keys 0..index only
    ax.plot(np.arange(visible), values[:visible], marker="o", color=COLOR)  # no zeros drawn in the future
    if attention.causal and index + 1 < n:
        ax.axvspan(index + 0.5, n - 0.4, color=MASK_COLOR, alpha=0.6, lw=0, label=_("not visible (causal)"))
        ax.legend(loc="upper right", fontsize=8)
    _token_axis(ax, attention.tokens, width)
    ax.set_ylabel(attention.value_label())
    ax.set_xlabel(attention.key_label())
    layer_no = attention.layer_number(layer)
    ax.set_title(
        title
        if title is not None
        else _("Where {token!r} looks ({model}, layer {layer})").format(
            token=attention.tokens[index], model=attention.model_name, layer=layer_no
        )
    )
    return fig


@view
def attention_to(
    attention: Attention, key: int | str, layer: int = -1, head: int | None = None, *, ax=None, title: str | None = None
):
    """Who looks at one token: column ``key`` of one layer's matrix, as bars against the query tokens.

    ``key`` is a position or a token string (its first occurrence). For a causal
    model the queries before ``key`` cannot see it: that span is shaded and has no
    bars, and a dotted line marks the even share ``1 / (query + 1)`` that uniform
    causal attention would give, the value to compare each bar with. Introduced in
    lesson 11.

    Parameters
    ----------
    %(language)s
    """
    k = attention.token_index(key)
    values = attention.matrix(layer, head)[:, k]  # (query,)
    n = len(attention.tokens)
    q = np.arange(n)
    first = k if attention.causal else 0  # the first query that can see the key
    width = _width(n)
    fig, ax = figure_and_axes(ax, (width, 4.0))
    if first > 0:
        ax.axvspan(
            -0.6,
            first - 0.5,
            color=MASK_COLOR,
            alpha=0.6,
            lw=0,
            label=_("queries before {token}: cannot see it (causal)").format(token=attention.tokens[k]),
        )
    ax.bar(
        q[first:],
        values[first:],
        color=COLOR,
        width=0.7,
        label=_("attention given to {token}").format(token=attention.tokens[k]),
    )
    if attention.causal and attention.measure == "weight":  # an even share is a weight's idea
        ax.step(
            q[first:],
            1.0 / (q[first:] + 1),
            where="mid",
            color="#d7301f",
            ls=":",
            lw=1.5,
            label=_("even share, 1 / (query + 1)"),
            zorder=3,
        )
    _token_axis(ax, attention.tokens, width)
    ax.set_ylim(0, max(float(values.max()), 1.0 / (first + 1) if attention.causal else 0.0) * 1.25)
    ax.legend(loc="upper right", fontsize=8)
    ax.set_xlabel(attention.query_label())
    ax.set_ylabel(attention.value_label())
    layer_no = attention.layer_number(layer)
    ax.set_title(
        title
        if title is not None
        else _("Who looks at {token!r} (token {index}): column {index} of layer {layer} ({model})").format(
            token=attention.tokens[k], index=k, layer=layer_no, model=attention.model_name
        )
    )
    return fig
