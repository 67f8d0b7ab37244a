"""Heatmaps of one ``(query, key)`` matrix: the article's main figure (lessons 4 and 9).

The ``heatmap()`` half of matplotlib's gallery example "Creating annotated heatmaps";
the numbers in the cells are :mod:`attn_teach.views.cells`.

Row ``q`` is the token doing the looking (query), column ``k`` the token looked at
(key); a row's weights add up to 1. The matrix is drawn as one image
(``imshow``), not as one rectangle per cell, so a 512-token matrix draws as fast
as a 9-token one; tick labels thin out when they cannot all be read.

For a causal model (GPT-2) the cells above the diagonal are not zero-valued
attention but positions the model is not allowed to see: they are drawn as
masked (light grey), not as the colour of 0.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _
from attn_teach.views.build import draw_matrix, future_mask
from attn_teach.views.cells import annotate_cells
from attn_teach.views.decorator import view
from attn_teach.views.style import CMAP, figure_and_axes, set_token_ticks

if TYPE_CHECKING:  # for the type hints only: Attention's _repr_html_ reaches this module
    from attn_teach.attention import Attention

ANNOTATE_MAX = 40  # above this many tokens, cell values are too small to read


class AnnotationSkipped(UserWarning):
    """The matrix is too large for readable cell values, so they were left out."""


def side_inches(n: int) -> float:
    """Side of the square heatmap for ``n`` tokens: grows with ``n``, within 3.5 to 10 inches."""
    return float(np.clip(0.32 * n + 1.5, 3.5, 10.0))


@view
def heatmap(
    attention: Attention,
    layer: int = -1,
    head: int | None = None,
    *,
    ax=None,
    cmap=CMAP,
    annotate: bool | str = False,
    fmt: str = "{:.2f}",
    title: str | None = None,
    colorbar: bool = True,
    vmax: float | None = None,
):
    """Heatmap of one layer's attention, averaged over heads or for one head.

    Parameters
    ----------
    attention : Attention
    layer : int
        Layer to draw (negative counts from the end). Default: the last, as in the article.
    head : int, optional
        One head; default (None) is the mean over heads, the article's ``torch.mean(..., dim=1)``.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default: a new figure sized to the number of tokens.
    cmap : str or Colormap
        Default ``"YlGnBu"``, as in the article.
    annotate : bool or "auto"
        Write each cell's value (:func:`~attn_teach.views.cells.annotate_cells`).
        ``True`` writes every value, however many tokens. ``"auto"`` writes them up to
        :data:`ANNOTATE_MAX` tokens; above that they could not be read, so they are
        left out with an :class:`AnnotationSkipped` warning and a note under the figure.
    fmt : str
        Format of the cell values.
    title : str, optional
        Default: model, layer and head(s).
    colorbar : bool
        Add a labelled colour bar.
    vmax : float, optional
        Top of the colour scale; default the matrix maximum.
    %(language)s

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Introduced in lesson 4; the annotated form in lesson 9.
    """
    if annotate not in (True, False, "auto"):
        raise AttnTeachError(_("annotate must be True, False or 'auto'; got {annotate!r}").format(annotate=annotate))
    matrix = attention.matrix(layer, head)  # (query, key)
    n = len(attention.tokens)
    masked = future_mask(n) if attention.causal else None
    side = side_inches(n)
    given_ax = ax is not None
    fig, ax = figure_and_axes(ax, (side + 1.2, side))
    image = draw_matrix(ax, matrix, cmap=cmap, vmax=vmax, masked=masked)
    # a given axes is measured as it is; a new figure by the size it was made for
    set_token_ticks(ax, attention.tokens, length_inches=None if given_ax else side * 0.75)
    ax.set_xlabel(attention.key_label())
    ax.set_ylabel(attention.query_label())
    layer_no = attention.layer_number(layer)
    which = attention.heads_label() if head is None else _("head {head}").format(head=attention.head_index(head))
    ax.set_title(
        title
        if title is not None
        else _("{model}, layer {layer}, {which}").format(model=attention.model_name, layer=layer_no, which=which)
    )
    if colorbar:
        fig.colorbar(image, ax=ax, shrink=0.8, label=attention.value_label())
    auto = isinstance(annotate, str)  # "auto": only up to the readable size
    want = bool(annotate) and (not auto or n <= ANNOTATE_MAX)
    if auto and not want:
        unreadable = (
            _("{n} words: cell values would be unreadable, so they are not written (limit {limit})")
            if attention.unit == "word"
            else _("{n} tokens: cell values would be unreadable, so they are not written (limit {limit})")
        )
        message = unreadable.format(n=n, limit=ANNOTATE_MAX)
        warnings.warn(message, AnnotationSkipped, stacklevel=3)  # the caller of the view
        ax.annotate(message, (0.5, 0), xycoords="figure fraction", ha="center", va="bottom", fontsize=8)
    if want:
        annotate_cells(ax, image, matrix, fmt, masked)
    return fig
