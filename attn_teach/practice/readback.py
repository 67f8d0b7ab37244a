"""What a reader sees in a learner's figure, read back as plain data (runs in the child process).

The checks never trust how a figure was made: a heatmap drawn with ``imshow``,
``matshow``, ``pcolormesh`` or ``seaborn.heatmap`` (a ``pcolormesh``) is read back
the same way, from the rendered pixels. Each cell's colour, sampled around its
centre, goes back through the artist's colormap and colour limits to a number; the
tick labels are read with their positions (to see whether they sit on the cell
centres); lines with their x and y data and the legend's entries; texts with the
centre of their drawn box; 3D points. :func:`describe_figure` returns only numbers,
strings, lists and NumPy arrays, so the parent process can judge without
matplotlib objects (:mod:`attn_teach.practice.figures`).
"""

from __future__ import annotations

import io

import numpy as np

SAMPLES = np.linspace(-0.3, 0.3, 5)  # where a cell is sampled, in cells from its centre
MATCH = 0.04  # largest RGB distance (0-1 scale) of a sampled colour to the colormap


class DrawError(Exception):
    """matplotlib could not draw the learner's figure (``__cause__`` says why)."""


def _rgba_png(fig, *, png: bool = True) -> tuple[bytes, np.ndarray]:
    """The PNG the checks compare (drawn as the baselines are) and its pixels, (row, column, RGBA) 0-255.

    One draw into raw RGBA (``write_figure``'s settings and resolution); the PNG is those
    very pixels, encoded with light compression (not drawn, encoded and decoded again);
    ``b""`` without ``png`` (a stage's later inputs: only the first is compared with its baseline).
    The pixels stay bytes: only the few sampled in each cell are turned into numbers.
    """
    from PIL import Image

    from attn_teach.views.style import write_figure

    buffer = io.BytesIO()
    try:
        write_figure(fig, buffer, format="rgba")
    except Exception as exc:  # noqa: BLE001 - a learner's text matplotlib cannot lay out, and the like
        raise DrawError from exc
    renderer = fig.canvas.renderer  # the one that drew, at the saved resolution
    rgba = np.frombuffer(buffer.getbuffer(), np.uint8).reshape(int(renderer.height), int(renderer.width), 4)
    if not png:
        return b"", rgba
    encoded = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(encoded, format="png", compress_level=1)
    return encoded.getvalue(), rgba


def _to_pixels(fig, ax, points: np.ndarray, shape) -> np.ndarray:
    """Data coordinates of ``ax`` -> (column, row) pixel coordinates of the PNG of ``shape``."""
    frac = fig.transFigure.inverted().transform(ax.transData.transform(points))
    h, w = shape[:2]
    return np.column_stack([frac[:, 0] * w, (1 - frac[:, 1]) * h])


def heatmap_artist(ax):
    """The artist drawing a 2D colour-mapped matrix in ``ax`` (image or mesh), or None."""
    for image in ax.get_images():
        if np.ndim(image.get_array()) == 2:
            return image
    for collection in ax.collections:
        if hasattr(collection, "get_coordinates") and np.ndim(collection.get_array()) == 2:
            return collection
    return None


def cell_centres(artist) -> tuple[np.ndarray, np.ndarray, float, float]:
    """``(x, y)`` data coordinates of every cell centre (row, column) and the cell width and height."""
    rows, cols = np.shape(artist.get_array())[:2]
    if hasattr(artist, "get_coordinates"):
        c = np.asarray(artist.get_coordinates(), dtype=np.float64)  # (rows + 1, cols + 1, 2)
        centre = (c[:-1, :-1] + c[1:, :-1] + c[:-1, 1:] + c[1:, 1:]) / 4
        width = float(np.median(np.abs(np.diff(c[..., 0], axis=1))))
        height = float(np.median(np.abs(np.diff(c[..., 1], axis=0))))
        return centre[..., 0], centre[..., 1], width, height
    left, right, bottom, top = artist.get_extent()
    width, height = (right - left) / cols, (top - bottom) / rows
    xs = left + (np.arange(cols) + 0.5) * width
    if artist.origin == "upper":
        ys = top - (np.arange(rows) + 0.5) * height
    else:
        ys = bottom + (np.arange(rows) + 0.5) * height
    x, y = np.meshgrid(xs, ys)
    return x, y, abs(width), abs(height)


def _read_cells(fig, ax, artist, pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The number each cell shows (its colour mapped back) and the share of its samples of another colour."""
    x, y, width, height = cell_centres(artist)
    rows, cols = x.shape
    lut = artist.cmap(np.linspace(0, 1, artist.cmap.N))[:, :3]  # (N, RGB)
    offsets = np.array([(dx * width, dy * height) for dx in SAMPLES for dy in SAMPLES])  # (sample, 2)
    points = np.stack([x, y], axis=-1).reshape(-1, 1, 2) + offsets[None]  # (cell, sample, 2)
    ij = np.rint(_to_pixels(fig, ax, points.reshape(-1, 2), pixels.shape)).astype(int)
    inside = (ij[:, 0] >= 0) & (ij[:, 0] < pixels.shape[1]) & (ij[:, 1] >= 0) & (ij[:, 1] < pixels.shape[0])
    sampled = pixels[np.clip(ij[:, 1], 0, pixels.shape[0] - 1), np.clip(ij[:, 0], 0, pixels.shape[1] - 1), :3]
    colours = sampled.astype(np.float32) / 255  # (cell x sample, RGB) 0-1
    distance = (colours**2).sum(1)[:, None] - 2 * colours @ lut.T + (lut**2).sum(1)[None]  # squared
    index = distance.argmin(axis=1).reshape(rows * cols, -1)  # (cell, sample)
    good = ((np.sqrt(np.maximum(distance.min(axis=1), 0)) < MATCH) & inside).reshape(rows * cols, -1)
    found = np.where(good, index, np.nan)  # (cell, sample): the colormap index of each sample that matched one
    count = good.sum(axis=1)
    kept = count * 2 >= good.shape[1]  # else the colours are not the colormap's (text, another artist)
    median = np.full(rows * cols, np.nan)
    median[kept] = np.nanmedian(found[kept], axis=1)
    off = (np.abs(found - median[:, None]) > 1) & good  # samples off the cell's colour
    spread = np.where(kept, off.sum(axis=1) / np.maximum(count, 1), 0.0)
    levels = np.where(kept, (median + 0.5) / artist.cmap.N, np.nan)
    values = np.asarray(artist.norm.inverse(np.nan_to_num(levels, nan=0.0)), dtype=np.float64)
    values[np.isnan(levels)] = np.nan
    return values.reshape(rows, cols), spread.reshape(rows, cols)


def labels_on_auto_ticks(ax, axis: str) -> bool:
    """Labels given without positions (``set_xticklabels`` alone): fixed texts on matplotlib's automatic ticks."""
    from matplotlib.ticker import FixedFormatter, FixedLocator

    ticks = getattr(ax, f"{axis}axis")
    return isinstance(ticks.get_major_formatter(), FixedFormatter) and not isinstance(
        ticks.get_major_locator(), FixedLocator
    )


def _ticks(ax, axis: str) -> list[dict]:
    """The ticks a reader sees on ``axis`` (an empty label too): position, text, rotation."""
    low, high = sorted(getattr(ax, f"get_{axis}lim")())
    positions = getattr(ax, f"get_{axis}ticks")()
    labels = getattr(ax, f"get_{axis}ticklabels")()
    out = []
    for p, label in zip(positions, labels):
        if label.get_visible() and low - 1e-9 <= p <= high + 1e-9:
            out.append({"position": float(p), "text": label.get_text(), "rotation": float(label.get_rotation())})
    return out


def _colorbar(fig, artist) -> dict:
    """How many colour bars the figure has and whether one shows the drawn artist's colours."""
    bars = [a._colorbar for a in fig.axes if getattr(a, "_colorbar", None) is not None]
    linked = False
    for bar in bars:
        m = bar.mappable
        same = m is artist or (
            artist is not None and m.cmap.name == artist.cmap.name and np.allclose(m.get_clim(), artist.get_clim())
        )
        linked = linked or bool(same)
    return {"count": len(bars), "linked": linked}


def _heatmap(fig, ax, artist, pixels) -> dict:
    values, spread = _read_cells(fig, ax, artist, pixels)
    x, y, width, height = cell_centres(artist)
    data = np.ma.getdata(artist.get_array()).astype(np.float64)
    vmin, vmax = artist.get_clim()
    return {
        "kind": type(artist).__name__,
        "values": values,
        "spread": spread,
        "data": data,
        "x": x,
        "y": y,
        "width": width,
        "height": height,
        "cmap": artist.cmap.name,
        "vmin": float(vmin),
        "vmax": float(vmax),
        "interpolation": _interpolation(artist),
    }


def _interpolation(artist) -> str:
    """How the artist fills a cell: an image's interpolation, ``"gouraud"`` for a shaded mesh, else ``"none"``."""
    if hasattr(artist, "get_interpolation"):
        return str(artist.get_interpolation())
    return "gouraud" if getattr(artist, "_shading", None) == "gouraud" else "none"


def _lines(ax) -> list[dict]:
    from matplotlib.colors import to_rgba

    return [
        {
            "x": np.asarray(line.get_xdata(orig=False), dtype=np.float64),  # categories and dates as drawn
            "y": np.asarray(line.get_ydata(orig=False), dtype=np.float64),
            "label": str(line.get_label()),
            "color": list(to_rgba(line.get_color())),
            "style": str(line.get_linestyle()),
            "marker": str(line.get_marker()),
        }
        for line in ax.get_lines()
        if line.get_visible()
    ]


def _legend(fig, ax) -> dict | None:
    from matplotlib.colors import to_rgba

    legend = ax.get_legend() or (fig.legends[0] if fig.legends else None)
    if legend is None or not legend.get_visible():
        return None
    handles: list[dict] = []
    for h in legend.legend_handles:
        try:
            handles.append({"color": list(to_rgba(h.get_color())), "style": str(h.get_linestyle())})
        except (AttributeError, ValueError):
            handles.append({"color": None, "style": None})
    return {"texts": [t.get_text() for t in legend.get_texts()], "handles": handles}


def _texts(fig, ax) -> list[dict]:
    """Each text in the axes: its string and the centre of its drawn box, in data coordinates.

    A text centred both ways on its anchor (``ha="center", va="center"``, the usual cell
    annotation) has its box centre at the anchor: no layout needed. Others are laid out.
    """
    renderer = None
    inverse = ax.transData.inverted()
    out = []
    for t in ax.texts:
        if not t.get_visible() or not t.get_text():
            continue
        if t.get_horizontalalignment() == "center" and t.get_verticalalignment() == "center":
            display = t.get_transform().transform([t.get_unitless_position()])[0]
        else:
            renderer = renderer or fig.canvas.get_renderer()
            box = t.get_window_extent(renderer)
            display = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        centre = inverse.transform([display])[0]
        out.append({"text": t.get_text(), "x": float(centre[0]), "y": float(centre[1])})
    return out


def _points3d(fig) -> dict:
    """The points of the 3D axes: scatters, and lines drawn as markers only (``ax.plot(x, y, z, "o")``)."""
    axes = [ax for ax in fig.axes if getattr(ax, "name", "") == "3d"]
    parts = [[c._offsets3d[i] for i in range(3)] for ax in axes for c in ax.collections if hasattr(c, "_offsets3d")]
    parts += [
        list(line.get_data_3d())
        for ax in axes
        for line in ax.get_lines()
        if hasattr(line, "get_data_3d")
        and line.get_linestyle() in ("None", "", " ")
        and line.get_marker() not in ("None", "", " ", None)
    ]
    xyz = [
        np.concatenate([np.asarray(np.ma.getdata(part[i]), dtype=np.float64).ravel() for part in parts])
        if parts
        else np.zeros(0)
        for i in range(3)
    ]
    return {"axes": len(axes), "collections": len(parts), "x": xyz[0], "y": xyz[1], "z": xyz[2]}


def describe_figure(fig, *, png: bool = True) -> dict:
    """Everything the checks look at in ``fig``, as plain data, and the PNG they compare (``"png"``;
    ``b""`` without ``png``)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    encoded, pixels = _rgba_png(fig, png=png)  # one draw: the layout and tick labels below are the drawn ones
    plot_axes = [ax for ax in fig.axes if getattr(ax, "_colorbar", None) is None]
    ax = next((a for a in plot_axes if heatmap_artist(a) is not None), plot_axes[0] if plot_axes else None)
    from matplotlib.text import Text

    families = sorted({f.lower() for t in fig.findobj(Text) if t.get_text() for f in t.get_fontfamily()})
    out: dict = {
        "png": encoded,
        "axes": len(plot_axes),
        "points3d": _points3d(fig),
        "families": families,
        "size": [int(n) for n in pixels.shape[:2]],
    }
    if ax is None:
        return out
    artist = heatmap_artist(ax)
    out.update(
        {
            "xticks": _ticks(ax, "x"),
            "yticks": _ticks(ax, "y"),
            "auto_ticks": [axis for axis in "xy" if labels_on_auto_ticks(ax, axis)],
            "lines": _lines(ax),
            "legend": _legend(fig, ax),
            "texts": _texts(fig, ax),
            "colorbar": _colorbar(fig, artist),
            "heatmap": _heatmap(fig, ax, artist, pixels) if artist is not None else None,
        }
    )
    return out
