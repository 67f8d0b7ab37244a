"""Drawing a panel off screen and collecting matplotlib's "Glyph ... missing" warnings.

Lesson 08 shows what labels look like in fonts that lack Japanese characters.
For each character a font lacks, matplotlib draws a box and emits a
``UserWarning`` that starts with ``Glyph``; everywhere else in the kit, its tests
included, such a warning is an error. This module draws those broken panels on a
:class:`~matplotlib.figure.Figure` that is never registered with pyplot, renders
it to pixels inside :func:`warnings.catch_warnings`, and returns the pixels with
the warnings it caught, so that the lesson can paste the pictures into its
figure and count the missing characters. Code of your own needs none of this:
register the font and use a fallback list (:func:`attn_teach.fonts.register`).
"""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from attn_teach.views.build import draw_matrix, future_mask
from attn_teach.views.style import DPI, style

PANEL = 4.8  # inches, side of one panel
AXES = (0.95, 0.95, 3.6)  # left, bottom, side of the heatmap inside a panel, inches


def draw_panel(fig, attention, left_inches: float = 0.0) -> None:
    """The last layer's head mean with every token labelled, in a panel starting ``left_inches`` from the left."""
    width, height = fig.get_size_inches()
    left, bottom, side = AXES
    ax = fig.add_axes(((left_inches + left) / width, bottom / height, side / width, side / height))
    n = len(attention.tokens)
    draw_matrix(ax, attention.head_mean(-1), masked=future_mask(n) if attention.causal else None)
    ax.set_xticks(range(n), attention.tokens, rotation=90)
    ax.set_yticks(range(n), attention.tokens)


def render_with_fonts(attention, family: list[str]) -> tuple[np.ndarray, list[str]]:
    """Draw :func:`draw_panel` with only the fonts in ``family``; return its pixels and missing-glyph warnings.

    The figure is rendered off-screen (never registered with pyplot), so the
    warnings are raised, and caught, here and nowhere else.

    Returns
    -------
    pixels : numpy.ndarray
        ``(row, column, RGBA)``, ``PANEL * DPI`` pixels square.
    missing : list of str
        The distinct ``Glyph NNNN (...) missing from font(s) ...`` messages, sorted.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with style(), plt.rc_context({"font.family": family}):
            fig = Figure(figsize=(PANEL, PANEL), dpi=DPI)
            FigureCanvasAgg(fig)
            draw_panel(fig, attention)
            fig.canvas.draw()
            pixels = np.asarray(fig.canvas.buffer_rgba()).copy()  # (row, column, RGBA)
    missing = sorted({str(w.message) for w in caught if str(w.message).startswith("Glyph")})
    return pixels, missing


def missing_characters(messages: list[str]) -> list[str]:
    """The characters named by ``Glyph NNNN (...) missing`` messages, without repeats.

    Examples
    --------
    >>> missing_characters(["Glyph 39135 (食) missing from font(s) DejaVu Sans.",
    ...                     "Glyph 39135 (食) missing from font(s) Arial."])
    ['食']
    """
    return sorted({chr(int(m.split()[1])) for m in messages})
