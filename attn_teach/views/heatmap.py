"""Heatmaps of one ``(query, key)`` matrix: the article's main figure (lessons 4 and 9).

Row ``q`` is the token doing the looking (query), column ``k`` the token looked at
(key); a row's colours add up to 1. The matrix is drawn as one image
(``imshow``), not as one rectangle per cell, so a 512-token matrix draws as fast
as a 9-token one; tick labels thin out when they cannot all be read.

For a causal model (GPT-2) the cells above the diagonal are not zero-valued
attention but positions the model is not allowed to see: they are drawn as
masked (light grey), not as the colour of 0.
"""

from __future__ import annotations

import warnings

import matplotlib as mpl
import numpy as np

from attn_teach.attention import Attention
from attn_teach.views.style import CMAP, figure_and_axes, set_token_ticks, style

ANNOTATE_MAX = 40  # above this many tokens, cell values are too small to read
MASK_COLOR = "#d9d9d9"


class AnnotationSkipped(UserWarning):
    """The matrix is too large for readable cell values, so they were left out."""


def side_inches(n: int) -> float:
    """Side of the square heatmap for ``n`` tokens: grows with ``n``, within 3.5 to 10 inches."""
    return float(np.clip(0.32 * n + 1.5, 3.5, 10.0))


def future_mask(n: int) -> np.ndarray:
    """True above the diagonal: the keys a causal model cannot see from each query."""
    return np.triu(np.ones((n, n), dtype=bool), k=1)


def draw_matrix(ax, matrix: np.ndarray, *, cmap=CMAP, vmin: float = 0.0, vmax: float | None = None,
                masked: np.ndarray | None = None):
    """Draw ``matrix`` on ``ax`` as an image; ``masked`` cells in grey. Returns the image."""
    cmap = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
    data = np.asarray(matrix, dtype=float)
    if masked is not None:
        cmap = cmap.with_extremes(bad=MASK_COLOR)
        data = np.ma.masked_array(data, mask=masked)
    vmax = float(np.max(matrix)) if vmax is None else vmax
    return ax.imshow(data, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest", aspect="equal")


def annotate_cells(ax, image, matrix: np.ndarray, fmt: str = "{:.2f}", masked: np.ndarray | None = None):
    """Write each cell's value: dark text on light cells, light text on dark cells.

    The text colour follows the cell's relative luminance (ITU-R BT.709), so the
    numbers stay legible whatever the colormap.
    """
    n_rows, n_cols = matrix.shape
    rgba = image.cmap(image.norm(matrix))  # (row, col, 4)
    luminance = rgba[..., :3] @ np.array([0.2126, 0.7152, 0.0722])
    cell_points = ax.get_position().width * ax.figure.get_size_inches()[0] * 72 / n_cols
    size = float(np.clip(cell_points * 0.32, 5, 10))
    for r in range(n_rows):
        for c in range(n_cols):
            if masked is not None and masked[r, c]:
                continue
            ax.text(c, r, fmt.format(matrix[r, c]), ha="center", va="center", fontsize=size,
                    color="black" if luminance[r, c] > 0.5 else "white")


def heatmap(attention: Attention, layer: int = -1, head: int | None = None, *, ax=None, cmap=CMAP,
            annotate: bool | str = False, fmt: str = "{:.2f}", title: str | None = None,
            colorbar: bool = True, vmax: float | None = None):
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
        Write each cell's value. ``"auto"`` annotates up to :data:`ANNOTATE_MAX` tokens.
        Above that, values cannot be read: they are left out with an
        :class:`AnnotationSkipped` warning and a note under the figure.
    fmt : str
        Format of the cell values.
    title : str, optional
        Default: model, layer and head(s).
    colorbar : bool
        Add a labelled colour bar.
    vmax : float, optional
        Top of the colour scale; default the matrix maximum.

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Introduced in lesson 4; the annotated form in lesson 9.
    """
    matrix = attention.matrix(layer, head)  # (query, key)
    n = len(attention.tokens)
    masked = future_mask(n) if attention.causal else None
    with style():
        side = side_inches(n)
        fig, ax = figure_and_axes(ax, (side + 1.2, side))
        image = draw_matrix(ax, matrix, cmap=cmap, vmax=vmax, masked=masked)
        set_token_ticks(ax, attention.tokens, length_inches=side * 0.75)
        ax.set_xlabel("key: token attended to")
        ax.set_ylabel("query: token attending")
        layer_no = attention.layers[attention.layer_index(layer)]
        which = f"mean of {attention.n_heads} heads" if head is None else f"head {attention.head_index(head)}"
        ax.set_title(title if title is not None else f"{attention.model_name}, layer {layer_no}, {which}")
        if colorbar:
            fig.colorbar(image, ax=ax, shrink=0.8, label="attention weight")
        want = annotate is True or (annotate == "auto" and n <= ANNOTATE_MAX)
        if want and n > ANNOTATE_MAX:
            want = False
        if annotate and not want:
            message = f"{n} tokens: cell values would be unreadable, so they are not written (limit {ANNOTATE_MAX})"
            warnings.warn(message, AnnotationSkipped, stacklevel=2)
            ax.annotate(message, (0.5, 0), xycoords="figure fraction", ha="center", va="bottom", fontsize=8)
        if want:
            annotate_cells(ax, image, matrix, fmt, masked)
    return fig
