"""The image checks themselves: they can fail, and they see the same pixels everywhere.

* A deliberately changed figure is reported by pytest-mpl as a mismatch, and the
  unchanged one passes: the comparison is live, not a formality.
* A figure drawn under a hostile global style, or written by ``attn-teach reproduce``,
  equals its baseline: views carry their own style and fonts.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import matplotlib.pyplot as plt
import pytest
from matplotlib.testing.compare import compare_images

from attn_teach.reproduce import load_lesson, reproduce

BASELINES = pathlib.Path(__file__).resolve().parents[2] / "baseline_images"
HEATMAP = "test_lesson_figure_plot_04_heatmap-figure_heatmap.png"
TOLERANCE = 2  # pytest-mpl's default RMS tolerance


# Three probes against lesson 4's heatmap baseline, in one pytest subprocess (one start-up of torch
# and the kit, not three): the unchanged figure, the same numbers in another colour map, and the same
# drawing code with one row of the matrix altered. The image test must pass the first and notice both
# changes.
PROBES = """
import pytest
from attn_teach import Attention, extract, heatmap

def _attention():
    return extract("I love natural language processing!", "tiny-bert-en")

@pytest.mark.mpl_image_compare(filename={heatmap!r})
def test_unchanged():
    return heatmap(_attention())

@pytest.mark.mpl_image_compare(filename={heatmap!r})
def test_changed_figure():
    return heatmap(_attention(), cmap="viridis")

@pytest.mark.mpl_image_compare(filename={heatmap!r})
def test_changed_numbers():
    a = _attention()
    w = a.weights.copy()
    w[-1, :, 1] = w[-1, :, 1][:, ::-1]
    return heatmap(Attention(a.text, a.model_name, a.tokens, a.special_mask, w, a.layers, a.causal))
"""


@pytest.fixture(scope="module")
def probe_outcomes(tmp_path_factory) -> dict[str, str]:
    """Each probe's outcome line (``PASSED``/``FAILED``) and the run's output."""
    folder = tmp_path_factory.mktemp("probes")
    (folder / "test_probe.py").write_text(PROBES.format(heatmap=HEATMAP), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "test_probe.py",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-rA",
            "--mpl",
            f"--mpl-baseline-path={BASELINES}",
            "-o",
            "mpl-default-style=default",
            "-o",
            "addopts=",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    outcomes = {
        name: outcome
        for outcome, name in re.findall(r"^(PASSED|FAILED) test_probe\.py::(\w+)", result.stdout, re.MULTILINE)
    }
    outcomes["output"] = result.stdout
    return outcomes


@pytest.mark.heavy  # (the three share one pytest subprocess)
def test_unchanged_figure_matches(probe_outcomes):
    assert probe_outcomes.get("test_unchanged") == "PASSED", probe_outcomes["output"][-2000:]


@pytest.mark.heavy  # (the three share one pytest subprocess)
def test_changed_figure_is_reported_as_mismatch(probe_outcomes):
    assert probe_outcomes.get("test_changed_figure") == "FAILED", probe_outcomes["output"][-2000:]
    assert "Image files did not match" in probe_outcomes["output"]


@pytest.mark.heavy  # (the three share one pytest subprocess)
def test_changed_numbers_are_reported_as_mismatch(probe_outcomes):
    # the same drawing code, one row of the matrix altered: the image test must notice
    assert probe_outcomes.get("test_changed_numbers") == "FAILED", probe_outcomes["output"][-2000:]


def test_same_pixels_under_a_hostile_global_style(tmp_path):
    with (
        plt.style.context("classic"),
        plt.rc_context({"font.family": "serif", "savefig.dpi": 300, "image.cmap": "jet", "font.size": 20}),
    ):
        fig = load_lesson("plot_04_heatmap").figure_heatmap()
        from attn_teach.views.style import save_figure

        save_figure(fig, tmp_path / "hostile.png")
        plt.close(fig)
    assert compare_images(str(BASELINES / HEATMAP), str(tmp_path / "hostile.png"), tol=TOLERANCE) is None


@pytest.mark.heavy
def test_reproduce_writes_the_baseline_pixels(tmp_path):
    """Every figure `attn-teach reproduce` writes equals its baseline (all lessons, in order)."""
    with plt.rc_context({"xtick.labelsize": 20, "ytick.labelsize": 20, "savefig.dpi": 300}):  # a user's rc
        rows = reproduce(tmp_path)
    written = sorted(tmp_path.glob("*.png"))
    assert len(written) == sum(r[1] for r in rows) == len(list(BASELINES.glob("test_lesson_figure_*.png")))
    for png in written:
        baseline = BASELINES / f"test_lesson_figure_{png.name}"
        assert compare_images(str(baseline), str(png), tol=TOLERANCE) is None, png.name
