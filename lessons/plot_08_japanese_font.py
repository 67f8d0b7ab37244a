"""
08. Japanese labels: fonts
==========================

**Article stage 8** (:ref:`article-stage-8`, 「日本語で挑戦してみる」). The first
Japanese figure came out with garbled labels, which it called 文字化け: boxes
where the characters should be. In English such boxes are called :term:`tofu`;
*mojibake*, the English loanword of 文字化け, means something else, text decoded
with the wrong encoding (``æ—¥æœ¬`` for 日本), and Japanese uses 文字化け loosely for
both. The article repaired the boxes with
``plt.rcParams['font.family'] = 'MS Gothic'``. This lesson makes the broken
labels on purpose, explains where they come from, why the article's repair works
only on Windows, and how the kit gets the same glyphs on every machine.

Goal: after this lesson you can draw figures with Japanese labels on any machine
without changing global settings.
"""

# %%
# Where the boxes come from
# -------------------------
# matplotlib draws text with the fonts named in ``font.family``. Its default is
# DejaVu Sans, a font it ships, which covers Latin, Greek, Cyrillic and many
# symbols, but no kana or kanji. For each character the font lacks, matplotlib
# draws the font's "missing glyph" box and emits a ``UserWarning`` that starts
# with ``Glyph``, e.g. ``Glyph 39135 (\N{CJK UNIFIED IDEOGRAPH-98DF}) missing
# from font(s) DejaVu Sans.`` The garbling is not in the data: the token strings
# are correct, only the font cannot show them.
#
# The helper functions of :mod:`attn_teach.glyphs` draw one small heatmap with the
# sentence's tokens as labels, using a font list given to them, and collect the
# missing-glyph warnings. You do not need them in your own code; why they render
# off-screen is explained in :ref:`troubleshooting-offscreen`.

import matplotlib.pyplot as plt

from attn_teach import extract, fonts
from attn_teach.glyphs import PANEL, draw_panel, missing_characters, render_with_fonts
from attn_teach.i18n import gettext as _
from attn_teach.i18n import quote
from attn_teach.lesson import figure
from attn_teach.views.style import DPI, style

MODEL = "tiny-gpt2-ja"
TEXT = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"

DEFAULT_ONLY = ["DejaVu Sans"]  # matplotlib's default font, and what "MS Gothic" falls back to off Windows
IPAEX_ONLY = ["IPAexGothic"]


# %%
# With matplotlib's default font only, every kana and kanji of the labels is a
# box; ``▁`` and ``</s>`` survive because DejaVu Sans has them:

if __name__ == "__main__":
    attention = extract(TEXT, MODEL)
    _pixels, missing = render_with_fonts(attention, DEFAULT_ONLY)
    lost = missing_characters(missing)
    print(
        _("DejaVu Sans alone: {count} characters missing: {characters}").format(
            count=len(lost), characters="".join(lost)
        )
    )
    print(missing[0])

# %%
# Why MS Gothic is a Windows-only repair
# ----------------------------------------
# MS Gothic is a Japanese font that comes with Windows, under Microsoft's
# licence; it is not on Linux, macOS, Google Colab or a CI machine, and it may not
# be copied there. Asked for a family it cannot find, matplotlib logs
# ``findfont: Font family 'MS Gothic' not found`` and uses DejaVu Sans, which
# gives exactly the boxes above. The repair has a second cost: it changes
# ``rcParams`` for the whole session, so every later figure is affected, and
# tools that reset matplotlib's settings (pytest-mpl, sphinx-gallery) undo it.

from matplotlib import font_manager

try:
    where = font_manager.findfont(font_manager.FontProperties(family="MS Gothic"), fallback_to_default=False)
    print(_("MS Gothic is installed here: {path}").format(path=where))
except ValueError:
    print(_("MS Gothic is not installed on this machine: matplotlib would fall back to DejaVu Sans"))

# %%
# A font that travels with the code
# ---------------------------------
# The package ``matplotlib-fontja`` ships IPAexGothic (``ipaexg.ttf``, IPA Font
# License), a Japanese font that may be redistributed. Installed with ``pip``, it
# is there on every machine the kit runs on. Importing it, though, registers the
# font *and* sets ``font.family`` globally, like the article's one-liner; the kit
# never changes global settings, so :mod:`attn_teach.fonts` only *locates* the
# file inside the installed package and registers it by path:

path = fonts.japanese_font_path()
print(path.relative_to(path.parents[2]) if path else _("matplotlib-fontja is not installed"))

# %%
# A function that draws a whole figure that way, with the font list only for this
# figure (the reference solution of practice stage 8):


def draw_japanese_heatmap(matrix, tokens):
    """A heatmap with Japanese tick labels, fonts set for this figure only."""
    family = fonts.register()  # ["DejaVu Sans", "IPAexGothic"], IPAexGothic added by file path
    with plt.rc_context({"font.family": family}):
        fig, ax = plt.subplots(figsize=(6, 5.4), dpi=100, layout="constrained")
        image = ax.imshow(matrix, cmap="YlGnBu")
        ax.set_xticks(range(len(tokens)), tokens, rotation=90)
        ax.set_yticks(range(len(tokens)), tokens)
        fig.colorbar(image, ax=ax)
    return fig


# %%
# In code of your own, the recipe is three lines (the figure is built where
# the ``...`` stands):
#
# .. code-block:: python
#
#    from matplotlib import font_manager
#    font_manager.fontManager.addfont(str(fonts.japanese_font_path()))
#    with plt.rc_context({"font.family": ["DejaVu Sans", "IPAexGothic"]}):
#        ...
#
# IPAexGothic alone is not quite enough: it has no ``▁`` (U+2581), the
# SentencePiece word marker of lesson 7, so that label becomes a box. Hence a
# *list* of families: matplotlib takes each character from the first font in
# the list that has it. DejaVu Sans comes first (Latin text looks as in every
# other figure, and it has ``▁``); kana and kanji fall through to IPAexGothic.
# That list is what :func:`attn_teach.fonts.register` returns and what every view
# of the kit draws with, through :func:`attn_teach.views.style.style`.
#
# Before and after
# ----------------
# The same panel three times; only the font list differs. The first two are
# pictures of off-screen renders (their glyph warnings caught as above); the
# third is drawn directly, as every figure of the kit is, and under the kit's
# tests a single missing glyph there would be an error.


@figure
def figure_fonts(model: str = MODEL):
    """Three font lists side by side: default only, IPAexGothic only, the kit's fallback list."""
    attention = extract(TEXT, model)
    before, missing_default = render_with_fonts(attention, DEFAULT_ONLY)
    ipaex, missing_ipaex = render_with_fonts(attention, IPAEX_ONLY)
    header = 0.55  # inches above the panels for their titles
    with style():
        fig = plt.figure(figsize=(3 * PANEL, PANEL + header))
        fig.figimage(before, xo=0, yo=0)
        fig.figimage(ipaex, xo=int(PANEL * DPI), yo=0)
        draw_panel(fig, attention, left_inches=2 * PANEL)
        chars_default = missing_characters(missing_default)
        chars_ipaex = missing_characters(missing_ipaex)
        titles = [
            (
                _("before: DejaVu Sans only (matplotlib's default;\nalso what 'MS Gothic' becomes off Windows)"),
                _("{count} characters missing, drawn as boxes").format(count=len(chars_default)),
            ),
            (
                _("IPAexGothic only"),
                _("{count} missing: {characters}").format(
                    count=len(chars_ipaex), characters=" ".join(quote(c) for c in chars_ipaex)
                ),
            ),
            (
                _("after: DejaVu Sans, then IPAexGothic\n(attn_teach.fonts, registered by file path)"),
                _("every label a real glyph"),
            ),
        ]
        for i, (title, note) in enumerate(titles):
            x = (i + 0.5) / 3
            fig.text(x, 1 - 0.08 / (PANEL + header), title, ha="center", va="top", fontsize=10)
            fig.text(
                x,
                (PANEL - 0.05) / (PANEL + header),
                note,
                ha="center",
                va="top",
                fontsize=9,
                color="#b2182b" if i < 2 else "#1a7837",
            )
    return fig


if __name__ == "__main__":
    figure_fonts()

# %%
# The middle panel, IPAexGothic alone, shows why a fallback font is needed at
# all: every kana and kanji is there, but IPAexGothic has no ``▁``, so that
# label in the first row and column is a box. The right panel lists DejaVu Sans
# first and IPAexGothic after it, and each font supplies the glyphs the other
# lacks.
#
# References
# ----------
# * :func:`attn_teach.fonts.japanese_font_path`, :func:`attn_teach.fonts.register`,
#   :func:`attn_teach.views.style.style`
# * :meth:`matplotlib.font_manager.FontManager.addfont`, :func:`matplotlib.pyplot.rc_context`,
#   :meth:`matplotlib.figure.Figure.figimage`, :func:`warnings.catch_warnings`
# * matplotlib, "Fonts in Matplotlib" (font fallback lists, since 3.6)
# * matplotlib-fontja, https://github.com/ciffelia/matplotlib-fontja
#
# Next: :ref:`sphx_glr_auto_lessons_plot_09_annotated_heatmap.py`

# %%
# Practice: write this stage yourself, ``attn-teach practice check 8`` (see :doc:`/practice`).
