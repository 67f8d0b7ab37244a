"""Printed tables that line up with Japanese tokens (lessons 11, 13 and 15).

``f"{token:6}"`` pads by characters, but a terminal (and a docs page's literal block)
gives a kanji or kana two columns: a column of Japanese tokens padded that way is
ragged. :func:`ljust` pads by display width instead (Unicode East Asian Width).
"""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: 2 for wide and full-width characters, else 1.

    >>> width("食べ"), width("</s>")
    (4, 4)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def ljust(text: str, columns: int) -> str:
    """``text`` followed by spaces up to ``columns`` display columns (never cut).

    >>> ljust("食べ", 6) + "|", ljust("は", 6) + "|"
    ('食べ  |', 'は    |')
    """
    return text + " " * max(0, columns - width(text))
