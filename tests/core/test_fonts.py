"""Japanese labels: the packaged font is found by path, views render every glyph, and the
deliberately broken "before" of lesson 8 really is broken.

pyproject.toml turns "Glyph ... missing" warnings into errors for the whole suite; the
tests here also record them explicitly, so that a pass means "no warning", not "no check".
"""

from __future__ import annotations

import importlib.util
import io
import logging
import pathlib
import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib import font_manager

from attn_teach import Attention, attention_from, bars_by_layer, fonts, heads, heatmap, received_plot, scatter3d
from attn_teach.reproduce import load_lesson

TOKENS = ["▁", "今日", "は", "カレー", "を", "食べ", "ました", "。", "</s>"]


@pytest.fixture(scope="module")
def japanese():
    """A hand-made causal Attention with Japanese and "▁" tokens: no model needed."""
    n = len(TOKENS)
    lower = np.tril(np.ones((n, n)))
    rows = lower / lower.sum(axis=1, keepdims=True)  # causal-uniform: each query spreads over what it sees
    weights = np.broadcast_to(rows, (2, 2, n, n)).astype(np.float32)
    special = np.array([t == "</s>" for t in TOKENS])
    return Attention("hand-made", "hand-made", TOKENS, special, weights, causal=True)


def glyph_warnings(fig) -> list[str]:
    """Render ``fig`` completely and return every missing-glyph warning raised while doing it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught if str(w.message).startswith("Glyph")]


def test_japanese_font_is_the_file_inside_matplotlib_fontja():
    path = fonts.japanese_font_path()
    assert path is not None and path.is_file()
    assert path.name == "ipaexg.ttf"
    spec = importlib.util.find_spec("matplotlib_fontja")  # located, never imported (importing changes rcParams)
    package = pathlib.Path(list(spec.submodule_search_locations)[0])
    assert path.resolve().is_relative_to(package.resolve())


def test_register_adds_the_font_by_path_and_keeps_dejavu_first():
    family = fonts.register()
    assert family == ["DejaVu Sans", "IPAexGothic"]
    found = font_manager.findfont(font_manager.FontProperties(family="IPAexGothic"), fallback_to_default=False)
    assert pathlib.Path(found).resolve() == fonts.japanese_font_path().resolve()


def test_views_do_not_change_global_settings(japanese):
    before = (list(mpl.rcParams["font.family"]), mpl.rcParams["figure.dpi"])
    heatmap(japanese)
    assert (list(mpl.rcParams["font.family"]), mpl.rcParams["figure.dpi"]) == before


@pytest.mark.parametrize(
    "view",
    [
        lambda a: heatmap(a, annotate=True),
        lambda a: attention_from(a, "食べ"),
        lambda a: received_plot(a),
        lambda a: scatter3d(a),
        lambda a: bars_by_layer(a),
        lambda a: bars_by_layer(a, "食べ"),
    ],
    ids=["heatmap", "attention_from", "received_plot", "scatter3d", "bars_by_layer", "bars_by_layer_query"],
)
def test_views_render_japanese_and_the_word_marker(japanese, view):
    fig = view(japanese)
    labels = {t.get_text() for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()}
    assert {"▁", "食べ"} <= labels  # the labels are really there...
    assert glyph_warnings(fig) == []  # ...and every character of them has a glyph


def test_views_render_under_a_reset_style(japanese):
    """pytest-mpl and sphinx-gallery reset matplotlib before each figure: the view must not care."""
    with plt.style.context("classic", after_reset=True):
        fig = heatmap(japanese)
    assert glyph_warnings(fig) == []


def test_default_font_alone_misses_the_japanese_glyphs(japanese):
    """The check above can fail: the same labels in matplotlib's default font do warn."""
    with plt.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_xticks(range(len(TOKENS)), TOKENS)
    missing = glyph_warnings(fig)
    assert any("CJK UNIFIED IDEOGRAPH-98DF" in m for m in missing)  # 食
    assert not any("9601" in m for m in missing)  # DejaVu Sans has "▁"


def test_lesson8_before_records_missing_glyphs():
    lesson = load_lesson("plot_08_japanese_font")
    from attn_teach import extract
    from attn_teach.glyphs import missing_characters, render_with_fonts

    attention = extract(lesson.TEXT, lesson.MODEL, layers=[-1])
    pixels, missing = render_with_fonts(attention, lesson.DEFAULT_ONLY)
    assert pixels.shape == (480, 480, 4)
    chars = missing_characters(missing)
    assert {"食", "べ", "。"} <= set(chars) and "▁" not in chars
    assert all(m.startswith("Glyph") and "DejaVu Sans" in m for m in missing)
    _, missing_ipaex = render_with_fonts(attention, lesson.IPAEX_ONLY)
    assert missing_characters(missing_ipaex) == ["▁"]  # IPAexGothic has no word marker
    _, missing_kit = render_with_fonts(attention, fonts.register())
    assert missing_kit == []


def test_lesson8_figure_shows_both_broken_renders_and_one_live_panel():
    fig = load_lesson("plot_08_japanese_font").figure_fonts()
    assert len(fig.images) == 2  # the two "before" panels, as pixels
    assert len(fig.axes) == 1  # the "after" panel, drawn live
    assert glyph_warnings(fig) == []


@pytest.fixture
def font_log(caplog):
    """matplotlib's font messages from a fresh font lookup (``findfont`` caches, and logs once per font)."""
    font_manager.fontManager._findfont_cached.cache_clear()
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        yield caplog
    font_manager.fontManager._findfont_cached.cache_clear()


@pytest.mark.parametrize(("lang", "weight"), [("ja", "normal"), ("en", "bold")])
def test_bold_panel_title_asks_only_for_a_weight_the_font_has(japanese, font_log, lang, weight):
    """heads() sets the mean's title in bold: IPAexGothic has no bold face, so a Japanese title is
    drawn in the regular weight it has, saying so (no "Failed to find font weight bold" warning);
    an English title is DejaVu Sans Bold, a face that exists."""
    fig = heads(japanese, language=lang)
    fig.canvas.draw()
    title = fig.axes[japanese.n_heads].title  # the last panel: the mean of the heads
    assert title.get_fontweight() == weight
    assert [r.getMessage() for r in font_log.records if "findfont" in r.getMessage()] == []


def test_emphasis_is_bold_only_where_dejavu_sans_draws_every_character():
    assert fonts.emphasis("mean of heads") == {"fontweight": "bold", "fontfamily": ["DejaVu Sans"]}
    assert fonts.emphasis("ヘッドの平均") == {"fontweight": "normal"}
    assert fonts.emphasis("head ▁") == {"fontweight": "bold", "fontfamily": ["DejaVu Sans"]}  # DejaVu has ▁
