"""Fonts that render the same on every machine, Japanese included.

The article set matplotlib's ``font.family`` setting to 'MS Gothic', a font that exists
only on Windows (lesson 8). The kit instead uses IPAexGothic, the font file that the
``matplotlib-fontja`` package ships, registered by *file path*, so no system font
is ever consulted and the pixels match on Linux, macOS and Windows.

The family list puts DejaVu Sans (matplotlib's own font) first: Latin text looks as
usual and glyphs it lacks (kana, kanji) fall back to IPAexGothic. IPAexGothic alone
would miss ``▁`` (U+2581, the sentencepiece word marker), which DejaVu Sans has.

``matplotlib_fontja`` is located, not imported: importing it changes the global
``font.family``, and the kit never changes global settings.
"""

from __future__ import annotations

import functools
import importlib.util
import pathlib

FAMILY = ["DejaVu Sans", "IPAexGothic"]  # first match per glyph wins


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
