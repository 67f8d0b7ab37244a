"""The style every view draws in, so that a figure has the same pixels everywhere, from any thread.

pytest-mpl and sphinx-gallery both reset matplotlib's settings before a figure is
made, and a user's own ``matplotlibrc`` may differ from both. A view therefore
never relies on global settings: it builds its figure inside :func:`style`, which
starts from matplotlib's defaults and sets the fonts (by file path, see
:mod:`attn_teach.fonts`), the resolution and nearest-neighbour images. Text keeps
the font it was created with, so saving later, under other settings, gives the
same picture.

Threads: matplotlib's settings (``rcParams``) are one dictionary for the whole
process, and ``rc_context`` or ``plt.style.context`` change it for every thread at
once, so no per-call style can keep two threads apart. :func:`style` therefore holds
:data:`DRAWING_LOCK` while a figure is built, and :func:`write_figure` while it is
drawn: two of the kit's drawings never overlap, and a figure from any thread has the
bytes it has when drawn alone. Code of your own that changes ``rcParams`` or draws
with pyplot in other threads at the same time should take the lock too
(``with DRAWING_LOCK: ...``).
"""

from __future__ import annotations

import contextlib
import pathlib
import threading

import matplotlib.pyplot as plt
import numpy as np

from attn_teach import fonts

DPI = 100  # figure and savefig resolution
LABEL_POINTS = 9  # tick label size
AXIS_LABEL_POINTS = 10  # axis label size (matplotlib's "medium")
# The gap between the tick labels and the axis label, in ems of the axis label. matplotlib's 4 pt
# (0.4 em) is measured between text boxes, but ink can reach a box's edge: a Japanese label's
# glyphs fill their box to the top, and a rotated token label's ink runs to its box's end, so at
# 0.4 em 「キー：注目されるトークン」 touched the tick label 「language」 (lesson 02: 2 px between the
# inks). 0.7 em leaves 11 px there, and the same margin on every axis of every view, in any script.
AXIS_LABEL_GAP = 0.7
CMAP = "YlGnBu"  # the article's colormap
MASK_COLOR = "#d9d9d9"  # cells and spans a causal model cannot see (light grey)
DRAWING_LOCK = threading.RLock()  # held while a figure is built (style) or drawn (write_figure); re-entrant


@contextlib.contextmanager
def style():
    """Matplotlib defaults plus the kit's fonts and resolution, for the duration of a view.

    Holds :data:`DRAWING_LOCK` inside the block: matplotlib's settings are process-wide.
    """
    with DRAWING_LOCK:
        rc = {
            "font.family": fonts.register(),
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "image.interpolation": "nearest",
            "xtick.labelsize": LABEL_POINTS,
            "ytick.labelsize": LABEL_POINTS,
            "axes.labelsize": AXIS_LABEL_POINTS,
            "axes.labelpad": AXIS_LABEL_GAP * AXIS_LABEL_POINTS,
            "axes.titlesize": 11,
        }
        with plt.style.context(["default", rc]):
            yield


def figure_and_axes(ax, figsize: tuple[float, float]):
    """The figure of ``ax`` if one was given, else a new figure with one axes of ``figsize``."""
    if ax is not None:
        return ax.figure, ax
    fig = plt.figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def tick_step(n: int, length_inches: float, points: float = LABEL_POINTS) -> int:
    """Show every ``k``-th of ``n`` labels so that they do not overlap along ``length_inches``.

    One label needs about 1.3 times its font size (in points; 72 per inch).
    """
    fits = max(1, int(length_inches * 72 / (points * 1.3)))
    return max(1, int(np.ceil(n / fits)))


def set_token_ticks(
    ax, tokens: list[str], *, axis: str = "both", rotation: float = 90, length_inches: float | None = None
) -> int:
    """Label the cells of a token-by-token axes, thinning labels when they cannot all be read.

    Returns the step used (1 = every label shown).
    """
    n = len(tokens)
    if length_inches is None:
        bbox = ax.get_position()
        w, h = ax.figure.get_size_inches()
        length_inches = min(bbox.width * w, bbox.height * h)
    step = tick_step(n, length_inches)
    pos = np.arange(0, n, step)
    labels = [tokens[i] for i in pos]
    if axis in ("both", "x"):
        ax.set_xticks(pos, labels, rotation=rotation)
    if axis in ("both", "y"):
        ax.set_yticks(pos, labels)
    return step


def write_figure(fig, file, **kwargs) -> None:
    """Draw ``fig`` into an open binary ``file`` under matplotlib's default settings.

    Most of a figure is fixed when it is made, but a few things are read when it is
    drawn: ticks that matplotlib creates on demand take their size from the settings
    in force at that moment, and ``savefig.*`` settings apply. Drawing under the
    defaults, like pytest-mpl and sphinx-gallery, which check and publish the figures,
    gives the same pixels as the baselines whatever the user's ``matplotlibrc`` says.
    ``format`` defaults to PNG. Holds :data:`DRAWING_LOCK`, so another thread's view
    cannot change the settings halfway.
    """
    kwargs.setdefault("format", "png")
    with DRAWING_LOCK, plt.style.context("default"):
        fig.savefig(file, **{"dpi": DPI, **kwargs})


def save_figure(fig, path, *, force: bool = False, **kwargs) -> None:
    """Save ``fig`` to ``path`` as :func:`write_figure` draws it, atomically.

    The file is written through :func:`attn_teach.files.atomic_write`: a failed or
    interrupted save leaves no partial file, and an existing file is replaced only
    with ``force=True``. The format follows the file's suffix unless ``format=`` is given.
    """
    from attn_teach.files import atomic_write

    path = pathlib.Path(path)
    kwargs.setdefault("format", path.suffix.lower().lstrip(".") or "png")
    atomic_write(path, lambda f: write_figure(fig, f, **kwargs), force=force)
