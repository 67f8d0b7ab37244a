"""The command line hands each view the options it asks for, and refuses before any model runs.

Each test here fails for a specific plausible one-line bug (named in its docstring) that once
passed every other test (a mutation run): the wrong head drawn, a line drawn as bars, a refusal
after the model ran. They read back what the saved figure holds.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from attn_teach import (
    cli,
    extract,
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


# -- loading never unpickles --------------------------------------------------------------------


def test_plot_bars_of_one_head(tmp_path, capsys, drawn):
    """Bug guarded: ``--view bars --head 1`` drawing the mean of heads."""
    weights = extract(EN, "tiny-bert-en", layers=[-1]).weights  # (1, head, query, key)
    ax = plot(capsys, drawn, tmp_path, "--view", "bars", "--head", "1").axes[0]
    np.testing.assert_allclose([p.get_height() for p in ax.patches], weights[0, 1].mean(axis=0), rtol=1e-6)
