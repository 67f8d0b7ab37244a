"""What the views draw, read back from the figure: cell-value colours, the grid's interpolation,
layer numbers in titles.

Each test fails for a specific plausible one-line bug (named in its docstring) that once passed
every other test (a mutation run).
"""

from __future__ import annotations

import re

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure

from attn_teach import (
    Attention,
    extract,
    grid,
    heatmap,
    received_plot,
)

EN = "I love natural language processing!"


# -- helpers -------------------------------------------------------------------------------------


def wcag_contrast(a, b) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (1 = none, 21 = black on white)."""

    def luminance(rgb):
        c = np.asarray(rgb, dtype=float)[:3]
        linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return float(linear @ [0.2126, 0.7152, 0.0722])

    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def cell_pixels(fig: Figure, row: int, col: int) -> np.ndarray:
    """RGB pixels inside cell ``(row, col)`` of the first axes' image, a small margin left out."""
    fig.canvas.draw()
    canvas = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)  # (y, x, 3), y downward
    ax = fig.axes[0]
    corners = ax.transData.transform([(col - 0.4, row - 0.4), (col + 0.4, row + 0.4)])  # display, y upward
    (x0, x1), (y0, y1) = np.sort(corners[:, 0]), np.sort(canvas.shape[0] - corners[:, 1])
    return canvas[int(y0) : int(y1), int(x0) : int(x1)]


def text_colour_in_cell(fig: Figure, row: int, col: int) -> tuple[np.ndarray, np.ndarray]:
    """``(background, text)`` RGB (0..1) of one annotated cell, read from the drawn pixels.

    The background is the commonest pixel; the text colour is the pixel farthest from it
    (the core of a glyph, where antialiasing does not blend the two).
    """
    pixels = cell_pixels(fig, row, col).reshape(-1, 3)
    colours, counts = np.unique(pixels, axis=0, return_counts=True)
    background = colours[np.argmax(counts)]
    distance = np.abs(pixels - background).sum(axis=1)
    assert distance.max() > 150, "no text found in the cell"
    return background / 255, pixels[np.argmax(distance)] / 255


# -- 3. the colour of the cell values on mid-range cells -----------------------------------------
@pytest.mark.parametrize("value", [0.6, 0.7, 0.8])
def test_mid_range_cells_get_the_more_readable_text_colour(value):
    """Bug guarded: the light/dark text threshold moved (0.5 -> 0.3 of the cell's luma): at 70 % of
    the colour scale YlGnBu is mid-blue, and the value was then written in black (contrast 4.1:1)
    instead of white (5.1:1). Only the extremes (0 and 1) were tested before.

    The oracle is independent of the kit's rule: of black and white, the drawn text must be the one
    with the higher WCAG contrast against the drawn cell."""
    w = np.zeros((1, 1, 3, 3), np.float32)
    w[0, 0, :, 0] = value  # column 0 holds the value under test (vmax = 1 from row 2)
    w[0, 0, :2, 1] = 1 - value
    w[0, 0, 2] = [0.0, 0.0, 1.0]
    w[0, 0, 2, 0], w[0, 0, 2, 2] = value, 1 - value
    a = Attention("x", "m", ["a", "b", "c"], np.zeros(3, bool), w)
    fig = heatmap(a, annotate=True, vmax=1.0)
    cell = mpl.colormaps["YlGnBu"](value)
    background, text = text_colour_in_cell(fig, 0, 0)
    np.testing.assert_allclose(background, cell[:3], atol=2 / 255)  # the cell really is YlGnBu(value)
    readable = max([(0.0, 0.0, 0.0), (1.0, 1.0, 1.0)], key=lambda c: wcag_contrast(c, cell))
    np.testing.assert_allclose(
        text, readable, atol=0.1, err_msg=f"cell {value}: text {text}, contrast {wcag_contrast(text, cell):.1f}:1"
    )


# -- 5. the head grid's interpolation for long inputs -------------------------------------------
@pytest.mark.parametrize(
    ("n", "interpolation"),
    [
        (9, "nearest"),
        (150, "nearest"),
        (200, "nearest"),  # a panel of 2 in at 100 dpi has 200 pixels
        (201, "antialiased"),
        (300, "antialiased"),
        (512, "antialiased"),
    ],
)
def test_grid_antialiases_only_panels_with_fewer_pixels_than_tokens(n, interpolation):
    """Bug guarded: the rule that averages cells when a panel has fewer pixels than tokens changed
    (moiré on 512 tokens, or blurred cells on short inputs)."""
    a = Attention("x", "m", [f"t{i}" for i in range(n)], np.zeros(n, bool), np.full((1, 1, n, n), 1 / n, np.float32))
    fig = grid(a)
    assert fig.axes[0].images[0].get_interpolation() == interpolation


# -- 7. titles name the model's layer, not the position in the array ---------------------------
def test_titles_name_the_models_layer_number():
    """Bug guarded: a figure of ``extract(..., layers=[-1])`` titled "layer 0" (its position along
    axis 0) instead of "layer 3" (tiny-bert-en's last layer)."""
    a = extract(EN, "tiny-bert-en", layers=[-1])
    assert a.layers == (3,)
    for fig in (heatmap(a), received_plot(a)):
        title = fig.axes[0].get_title()
        assert re.search(r"\blayer 3\b", title) and not re.search(r"\blayer 0\b", title), title
