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
import matplotlib.artist as martist
import matplotlib.colors as mcolors
import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

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


class CellLabels(martist.Artist):
    """All the cell values of a heatmap as one artist.

    One ``Text`` per cell would lay out and rasterise every label, and a 34-token
    matrix has 1,156 of them. This artist draws each *distinct* label (value and
    colour) once: on raster output (PNG) it stamps that small image into every cell
    that shows it; on vector output (SVG, PDF) it writes real text, centred on each cell.
    """

    def __init__(self, xy: np.ndarray, strings: list[str], colors: list[str], fontsize: float):
        super().__init__()
        self._xy = np.asarray(xy, dtype=float)  # (cell, 2) in data coordinates
        self._strings = list(strings)
        self._colors = [mcolors.to_rgba(c) for c in colors]
        self._font = FontProperties(size=fontsize)  # family from the style in force now
        self.set_in_layout(False)  # inside the axes: the layout need not measure it
        self.set_zorder(3)  # above the image, like text

    @property
    def strings(self) -> list[str]:
        """The labels, in the order of :attr:`positions`."""
        return list(self._strings)

    @property
    def colors(self) -> list[tuple[float, float, float, float]]:
        """RGBA text colour of each label: black on light cells, white on dark ones."""
        return list(self._colors)

    @property
    def positions(self) -> np.ndarray:
        """``(cell, 2)`` array of ``(column, row)`` data coordinates."""
        return self._xy.copy()

    def draw(self, renderer) -> None:
        if not self.get_visible() or not self._strings:
            return
        xy = self.axes.transData.transform(self._xy)  # (cell, 2) in display pixels, y upward
        if isinstance(renderer, RendererAgg):
            self._stamp(renderer, xy)
        else:
            self._write(renderer, xy)
        self.stale = False

    def _write(self, renderer, xy: np.ndarray) -> None:
        """Vector output: one centred text per cell."""
        flip = renderer.get_canvas_width_height()[1] if renderer.flipy() else None
        sizes: dict[str, tuple[float, float, float]] = {}
        gc = renderer.new_gc()
        for (x, y), text, color in zip(xy, self._strings, self._colors):
            if text not in sizes:
                sizes[text] = renderer.get_text_width_height_descent(text, self._font, ismath=False)
            width, height, descent = sizes[text]
            gc.set_foreground(color, isRGBA=True)
            baseline = y - height / 2 + descent
            renderer.draw_text(gc, x - width / 2, flip - baseline if flip else baseline, text, self._font, 0.0)
        gc.restore()

    def _stamp(self, renderer, xy: np.ndarray) -> None:
        """Raster output: render each distinct label once, blend it into the canvas per cell."""
        canvas = np.asarray(renderer.buffer_rgba())  # (row, col, 4) uint8, row 0 at the top
        rows, cols = canvas.shape[:2]
        stamps: dict[tuple, np.ndarray] = {}
        for (x, y), text, color in zip(xy, self._strings, self._colors):
            key = (text, color)
            if key not in stamps:
                stamps[key] = self._render(renderer, text, color)
            stamp = stamps[key]  # (h, w, 4) float, straight alpha
            h, w = stamp.shape[:2]
            top, left = int(round(rows - y - h / 2)), int(round(x - w / 2))
            if top < 0 or left < 0 or top + h > rows or left + w > cols:
                continue
            region = canvas[top:top + h, left:left + w].astype(np.float32)
            alpha = stamp[..., 3:4]
            region[..., :3] = stamp[..., :3] * alpha + region[..., :3] * (1 - alpha)
            region[..., 3:4] = 255 * alpha + region[..., 3:4] * (1 - alpha)
            canvas[top:top + h, left:left + w] = np.rint(region).astype(np.uint8)

    def _render(self, renderer, text: str, color) -> np.ndarray:
        """One label on a transparent background, as a float RGBA array with alpha in 0..1."""
        width, height, descent = renderer.get_text_width_height_descent(text, self._font, ismath=False)
        w, h = int(np.ceil(width)) + 2, int(np.ceil(height)) + 2
        small = RendererAgg(w, h, renderer.dpi)
        gc = small.new_gc()
        gc.set_foreground(color, isRGBA=True)
        small.draw_text(gc, (w - width) / 2, (h - height) / 2 + height - descent, text, self._font, 0.0)
        gc.restore()
        image = np.asarray(small.buffer_rgba()).astype(np.float32)
        image[..., 3] /= 255.0
        return image


def annotate_cells(ax, image, matrix: np.ndarray, fmt: str = "{:.2f}", masked: np.ndarray | None = None):
    """Write each cell's value: dark text on light cells, light text on dark cells.

    The text colour follows the cell's relative luminance (ITU-R BT.709), so the
    numbers stay legible whatever the colormap. Returns the :class:`CellLabels` artist.
    """
    n_rows, n_cols = matrix.shape
    rgba = image.cmap(image.norm(matrix))  # (row, col, 4)
    luminance = rgba[..., :3] @ np.array([0.2126, 0.7152, 0.0722])  # (row, col)
    cell_points = ax.get_position().width * ax.figure.get_size_inches()[0] * 72 / n_cols
    size = float(np.clip(cell_points * 0.32, 5, 10))
    rows, cols = np.nonzero(~masked if masked is not None else np.ones(matrix.shape, dtype=bool))
    labels = CellLabels(np.column_stack([cols, rows]), [fmt.format(v) for v in matrix[rows, cols]],
                        ["black" if v > 0.5 else "white" for v in luminance[rows, cols]], size)
    ax.add_artist(labels)
    return labels


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
        given_ax = ax is not None
        fig, ax = figure_and_axes(ax, (side + 1.2, side))
        image = draw_matrix(ax, matrix, cmap=cmap, vmax=vmax, masked=masked)
        # a given axes is measured as it is; a new figure by the size it was made for
        set_token_ticks(ax, attention.tokens, length_inches=None if given_ax else side * 0.75)
        ax.set_xlabel("key: token attended to")
        ax.set_ylabel("query: token attending")
        layer_no = attention.layers[attention.layer_index(layer)]
        which = f"mean of {attention.n_heads} heads" if head is None else f"head {attention.head_index(head)}"
        ax.set_title(title if title is not None else f"{attention.model_name}, layer {layer_no}, {which}")
        if colorbar:
            fig.colorbar(image, ax=ax, shrink=0.8, label="attention weight")
        want = bool(annotate) and n <= ANNOTATE_MAX  # True and "auto" both stop at the readable size
        if annotate and not want:
            message = f"{n} tokens: cell values would be unreadable, so they are not written (limit {ANNOTATE_MAX})"
            warnings.warn(message, AnnotationSkipped, stacklevel=2)
            ax.annotate(message, (0.5, 0), xycoords="figure fraction", ha="center", va="bottom", fontsize=8)
        if want:
            annotate_cells(ax, image, matrix, fmt, masked)
    return fig
