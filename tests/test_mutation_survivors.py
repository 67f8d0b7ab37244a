"""Tests written against one-line changes of the library that the rest of the suite let through.

Each test here fails for a specific plausible bug (named in its docstring) that once
passed every other test: the command line handing the wrong option to a view, a
figure drawn with the wrong numbers, a rule decided on the wrong input. They go
through the public API (``attn_teach.*`` and :func:`attn_teach.cli.main`) and read
back what a figure holds (image arrays, line data, bar heights, titles, pixels).
"""

from __future__ import annotations

import json
import pickle
import re
import shutil

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from attn_teach import (
    Attention,
    AttnTeachError,
    cli,
    embedded_model_path,
    extract,
    grid,
    heatmap,
    load_model,
    received_plot,
)

EN = "I love natural language processing!"
UNCACHED = "attn-teach-tests/no-such-model"  # a hub id no cache holds: loading it fails (offline)


# -- helpers -------------------------------------------------------------------------------------
def refused(capsys, argv: list[str]) -> str:
    """Run the CLI expecting a refusal; return its one error line."""
    code = cli.main(argv)
    captured = capsys.readouterr()
    assert code == 2, captured
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("attn-teach: error: "), captured.err
    return lines[0]


def plot(capsys, drawn, tmp_path, *args: str) -> Figure:
    """Run ``attn-teach plot`` expecting success; return the one figure it saved."""
    out = tmp_path / "out.png"
    code = cli.main(["plot", EN, *args, "-o", str(out), "--force"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert len(drawn) == 1
    return drawn.pop()


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
    return canvas[int(y0):int(y1), int(x0):int(x1)]


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


# -- 1. extract refuses an existing output before any model runs --------------------------------
@pytest.mark.parametrize("command", [["extract"], ["plot"]])
def test_an_existing_output_is_refused_before_the_model_loads(tmp_path, capsys, command):
    """Bug guarded: the command line's own file check skipped (as if ``--force`` were always given).
    The refusal then came later, from ``Attention.save``, after the model had run; with a model that
    cannot load, the model's error came instead."""
    out = tmp_path / ("x.npz" if command == ["extract"] else "x.png")
    out.write_bytes(b"keep me")
    line = refused(capsys, [*command, EN, "--model", UNCACHED, "-o", str(out)])
    assert "already exists" in line and "add --force" in line, line  # not the model's "not in the local cache"
    assert out.read_bytes() == b"keep me"


def test_extract_refusal_is_the_command_lines_message(tmp_path, capsys):
    """Bug guarded: same as above with a model that loads: ``Attention.save``'s refusal speaks of the
    Python API (``overwrite=True``), the command line's of ``--force`` only."""
    out = tmp_path / "x.npz"
    out.write_bytes(b"keep me")
    line = refused(capsys, ["extract", EN, "-o", str(out)])
    assert "add --force" in line and "overwrite=True" not in line, line
    assert out.read_bytes() == b"keep me"


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
    np.testing.assert_allclose(text, readable, atol=0.1,
                               err_msg=f"cell {value}: text {text}, contrast {wcag_contrast(text, cell):.1f}:1")


# -- 4. a decoder config is causal without an LM-head architecture ------------------------------
def test_a_decoder_config_without_an_lm_head_is_causal(tmp_path):
    """Bug guarded: ``is_decoder=True`` ignored when deciding causality (only the architecture names
    ``...ForCausalLM`` / ``...LMHeadModel`` counted)."""
    folder = tmp_path / "bert-decoder"
    shutil.copytree(embedded_model_path("tiny-bert-en"), folder)
    config = json.loads((folder / "config.json").read_text())
    config.update(is_decoder=True, architectures=["BertModel"])
    (folder / "config.json").write_text(json.dumps(config))
    loaded = load_model(str(folder))
    assert loaded.causal is True
    a = extract(EN, loaded, layers=[-1])
    assert a.causal is True
    np.testing.assert_array_equal(np.triu(a.weights[0, 0], k=1), 0.0)  # and the model really is causal


# -- 5. the head grid's interpolation for long inputs -------------------------------------------
@pytest.mark.parametrize(("n", "interpolation"), [
    (9, "nearest"), (150, "nearest"), (200, "nearest"),  # a panel of 2 in at 100 dpi has 200 pixels
    (201, "antialiased"), (300, "antialiased"), (512, "antialiased"),
])
def test_grid_antialiases_only_panels_with_fewer_pixels_than_tokens(n, interpolation):
    """Bug guarded: the rule that averages cells when a panel has fewer pixels than tokens changed
    (moiré on 512 tokens, or blurred cells on short inputs)."""
    a = Attention("x", "m", [f"t{i}" for i in range(n)], np.zeros(n, bool),
                  np.full((1, 1, n, n), 1 / n, np.float32))
    fig = grid(a)
    assert fig.axes[0].images[0].get_interpolation() == interpolation


# -- 6 and 8. the command line draws what its options ask for ------------------------------------
def test_plot_head_draws_that_head(tmp_path, capsys, drawn):
    """Bug guarded: ``plot --head 2`` drawing the mean of heads."""
    fig = plot(capsys, drawn, tmp_path, "--head", "2")
    weights = extract(EN, "tiny-bert-en", layers=[-1]).weights  # (1, head, query, key)
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), weights[0, 2])
    assert "head 2" in fig.axes[0].get_title()


def test_plot_layer_and_head_draw_that_layer_and_head(tmp_path, capsys, drawn):
    fig = plot(capsys, drawn, tmp_path, "--layer", "1", "--head", "-1")
    weights = extract(EN, "tiny-bert-en").weights  # (layer, head, query, key)
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), weights[1, 3])
    assert re.search(r"\blayer 1\b", fig.axes[0].get_title()) and "head 3" in fig.axes[0].get_title()


def test_plot_line_draws_a_line_not_bars(tmp_path, capsys, drawn):
    """Bug guarded: ``--view line`` drawing bars (or ``--view bars`` a line)."""
    received = extract(EN, "tiny-bert-en", layers=[-1]).head_mean().mean(axis=0)  # (key,)
    ax = plot(capsys, drawn, tmp_path, "--view", "line").axes[0]
    assert len(ax.lines) == 1 and not [p for p in ax.patches if isinstance(p, Rectangle)]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), received, rtol=1e-6)
    ax = plot(capsys, drawn, tmp_path, "--view", "bars").axes[0]
    assert not ax.lines
    np.testing.assert_allclose([p.get_height() for p in ax.patches], received, rtol=1e-6)


# -- 7. titles name the model's layer, not the position in the array ---------------------------
def test_titles_name_the_models_layer_number():
    """Bug guarded: a figure of ``extract(..., layers=[-1])`` titled "layer 0" (its position along
    axis 0) instead of "layer 3" (tiny-bert-en's last layer)."""
    a = extract(EN, "tiny-bert-en", layers=[-1])
    assert a.layers == (3,)
    for fig in (heatmap(a), received_plot(a)):
        title = fig.axes[0].get_title()
        assert re.search(r"\blayer 3\b", title) and not re.search(r"\blayer 0\b", title), title


# -- loading never unpickles --------------------------------------------------------------------
class _Marker:
    """Unpickling this object creates a file: the proof that a pickle was read."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_load_refuses_a_pickled_object_array_without_unpickling(tmp_path):
    """Bug guarded: ``Attention.load`` reading pickled (object) arrays: unpickling can run code."""
    good = Attention("a b", "m", ["a", "b"], np.zeros(2, bool), np.full((1, 1, 2, 2), 0.5, np.float32))
    path = tmp_path / "evil.npz"
    marker = tmp_path / "unpickled"
    fields = dict(text=np.array(good.text), model_name=np.array("m"), special_mask=good.special_mask,
                  weights=good.weights, layers=np.array([0]), causal=np.array(False))
    tokens = np.empty(2, dtype=object)
    tokens[:] = [_Marker(marker), "b"]
    with open(path, "wb") as f:
        np.savez(f, tokens=tokens, **fields)
    assert pickle.dumps(_Marker(marker))  # the file really holds a pickle
    with pytest.raises(AttnTeachError, match="is not an attention file written by Attention.save"):
        Attention.load(path)
    assert not marker.exists()



def test_plot_bars_of_one_head(tmp_path, capsys, drawn):
    """Bug guarded: ``--view bars --head 1`` drawing the mean of heads."""
    weights = extract(EN, "tiny-bert-en", layers=[-1]).weights  # (1, head, query, key)
    ax = plot(capsys, drawn, tmp_path, "--view", "bars", "--head", "1").axes[0]
    np.testing.assert_allclose([p.get_height() for p in ax.patches], weights[0, 1].mean(axis=0), rtol=1e-6)


@pytest.mark.parametrize("reduction", ["words", "without_special"])
def test_reductions_keep_text_model_and_layer_numbers(reduction):
    """Bug guarded (found by mutmut): ``words()`` dropping ``layers`` (a figure of the last layer then
    titled "layer 0"), or the text or model name."""
    a = extract(EN, "tiny-bert-en", layers=[-1])
    b = getattr(a, reduction)()
    assert (b.text, b.model_name, b.layers, b.causal) == (EN, "tiny-bert-en", (3,), False)
