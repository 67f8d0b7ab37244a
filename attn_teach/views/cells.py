"""Cell values written into a heatmap, fast: the ``annotate_heatmap()`` half of lesson 9.

matplotlib's gallery example "Creating annotated heatmaps" writes one ``Text`` per
cell. That is clear but slow: every text is laid out and rasterised on its own,
and a 34-token matrix has 1,156 cells (about 1.3 s). :class:`CellLabels` draws the
same labels as one artist: each *distinct* label (value and colour) is rendered
once and, on raster output, its small bitmap is blended into every cell that shows
it; vector output (SVG, PDF) gets real, centred text. :func:`annotate_cells` picks
the values, the colours (dark on light cells, light on dark ones) and the size.
"""

from __future__ import annotations

import matplotlib.artist as martist
import matplotlib.colors as mcolors
import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties


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
            region = canvas[top : top + h, left : left + w].astype(np.float32)
            alpha = stamp[..., 3:4]
            region[..., :3] = stamp[..., :3] * alpha + region[..., :3] * (1 - alpha)
            region[..., 3:4] = 255 * alpha + region[..., 3:4] * (1 - alpha)
            canvas[top : top + h, left : left + w] = np.rint(region).astype(np.uint8)

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
    labels = CellLabels(
        np.column_stack([cols, rows]),
        [fmt.format(v) for v in matrix[rows, cols]],
        ["black" if v > 0.5 else "white" for v in luminance[rows, cols]],
        size,
    )
    ax.add_artist(labels)
    return labels
