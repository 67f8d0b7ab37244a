"""The image checks themselves: they can fail, and they see the same pixels everywhere.

* A deliberately changed figure is reported by pytest-mpl as a mismatch, and the
  unchanged one passes: the comparison is live, not a formality.
* A figure drawn under a hostile global style, or written by ``attn-teach reproduce``,
  equals its baseline: views carry their own style and fonts.
"""

from __future__ import annotations

import pathlib
import textwrap

import matplotlib.pyplot as plt
from matplotlib.testing.compare import compare_images

from attn_teach.reproduce import load_lesson, reproduce

pytest_plugins = ["pytester"]

BASELINES = pathlib.Path(__file__).resolve().parents[2] / "baseline_images"
HEATMAP = "test_lesson_figure_plot_04_heatmap-figure_heatmap.png"
TOLERANCE = 2  # pytest-mpl's default RMS tolerance


def _run_compare(pytester, body: str):
    pytester.makepyfile(
        test_probe=textwrap.dedent(f"""
        import pytest
        from attn_teach import extract, heatmap

        @pytest.mark.mpl_image_compare(filename={HEATMAP!r})
        def test_probe():
            attention = extract("I love natural language processing!", "tiny-bert-en")
            {body}
    """)
    )
    return pytester.runpytest_subprocess(
        "--mpl", f"--mpl-baseline-path={BASELINES}", "-o", "mpl-default-style=default", "-p", "no:cacheprovider"
    )


def test_unchanged_figure_matches(pytester):
    _run_compare(pytester, "return heatmap(attention)").assert_outcomes(passed=1)


def test_changed_figure_is_reported_as_mismatch(pytester):
    result = _run_compare(pytester, 'return heatmap(attention, cmap="viridis")')
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Image files did not match*"])


def test_changed_numbers_are_reported_as_mismatch(pytester):
    # the same drawing code, one row of the matrix altered: the image test must notice
    body = """import numpy as np
            w = attention.weights.copy()
            w[-1, :, 1] = w[-1, :, 1][:, ::-1]
            from attn_teach import Attention
            changed = Attention(attention.text, attention.model_name, attention.tokens,
                                attention.special_mask, w, attention.layers, attention.causal)
            return heatmap(changed)"""
    _run_compare(pytester, body).assert_outcomes(failed=1)


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


def test_reproduce_writes_the_baseline_pixels(tmp_path):
    """Every figure `attn-teach reproduce` writes equals its baseline (all lessons, in order)."""
    with plt.rc_context({"xtick.labelsize": 20, "ytick.labelsize": 20, "savefig.dpi": 300}):  # a user's rc
        rows = reproduce(tmp_path)
    written = sorted(tmp_path.glob("*.png"))
    assert len(written) == sum(r[1] for r in rows) == len(list(BASELINES.glob("test_lesson_figure_*.png")))
    for png in written:
        baseline = BASELINES / f"test_lesson_figure_{png.name}"
        assert compare_images(str(baseline), str(png), tol=TOLERANCE) is None, png.name
