"""Fonts that render the same on every machine, Japanese included.

The article set matplotlib's ``font.family`` setting to 'MS Gothic', a font that exists
only on Windows (lesson 8). The kit instead uses IPAexGothic, the font file that the
``matplotlib-fontja`` package ships, registered by *file path*, so no system font
is ever consulted and the pixels match on Linux, macOS and Windows.

The family list puts DejaVu Sans (matplotlib's own font) first: Latin text looks as
usual and glyphs it lacks (kana, kanji) fall back to IPAexGothic. IPAexGothic alone
would miss ``▁`` (U+2581, the sentencepiece word marker), which DejaVu Sans has.

Bold: IPAexGothic has one weight, regular; matplotlib cannot make a bold face up. Text
asked for in bold with the kit's family list would draw its Japanese in the regular weight
anyway, after matplotlib logs "findfont: Failed to find font weight bold for IPAexGothic".
:func:`emphasis` therefore asks for bold only where a bold face draws every character
(DejaVu Sans Bold, matplotlib's own), and otherwise for the weight the fonts have. A bold
Japanese face from the system (``fonts-noto-cjk``'s Noto Sans CJK JP Bold) is not used:
the figures would then differ between machines with and without it.

``matplotlib_fontja`` is located, not imported: importing it changes the global
``font.family``, and the kit never changes global settings.
"""

from __future__ import annotations

import functools
import importlib.util
import pathlib

FAMILY = ["DejaVu Sans", "IPAexGothic"]  # first match per glyph wins
BOLD_FAMILY = FAMILY[:1]  # the family of the list that has a bold face


def japanese_font_path() -> pathlib.Path | None:
    """Path of ``ipaexg.ttf`` inside the installed ``matplotlib-fontja``, or None."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = pathlib.Path(list(spec.submodule_search_locations)[0]) / "fonts" / "ipaexg.ttf"
    return path if path.is_file() else None


@functools.cache
def register() -> list[str]:
    """Add the packaged Japanese font to matplotlib's font list (once) and return the family list.

    Without ``matplotlib-fontja`` the list is DejaVu Sans alone, and Japanese
    labels show as boxes with a "Glyph ... missing" warning, as in the article.
    """
    from matplotlib import font_manager

    path = japanese_font_path()
    if path is None:
        return FAMILY[:1]
    font_manager.fontManager.addfont(str(path))
    return list(FAMILY)


@functools.cache
def _bold_characters() -> frozenset[int]:
    """Code points that DejaVu Sans Bold (shipped with matplotlib) has a glyph for."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties(family=BOLD_FAMILY, weight="bold"))
    return frozenset(FT2Font(path).get_charmap())


def emphasis(text: str) -> dict[str, object]:
    """Text properties that set ``text`` in bold where a bold face has every character.

    ``{"fontweight": "bold", "fontfamily": ["DejaVu Sans"]}`` for text DejaVu Sans Bold
    draws entirely; ``{"fontweight": "normal"}`` otherwise (Japanese: IPAexGothic has no
    bold face, and asking for one only logs a warning). Pass them to a text call:
    ``ax.set_title(name, **emphasis(name))``.

    >>> emphasis("mean of heads")
    {'fontweight': 'bold', 'fontfamily': ['DejaVu Sans']}
    >>> emphasis("ヘッドの平均")
    {'fontweight': 'normal'}
    """
    if all(ord(c) in _bold_characters() for c in text if not c.isspace()):
        return {"fontweight": "bold", "fontfamily": list(BOLD_FAMILY)}
    return {"fontweight": "normal"}
