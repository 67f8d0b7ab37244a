"""Numbers the lessons' prose states about their figures, checked against the code.

A sentence such as "rinna's model has about 351 times as many parameters" or "the
darkest cell is (!, !)" is only true of the model it was written for. Each test here
computes the number from the lesson's own functions and checks that the English text
of the lesson (and of its twin elsewhere in the docs) and its Japanese translation
(the page's gettext catalogue) say it, so a retrained model or a changed figure fails
here instead of leaving a stale sentence.
"""

from __future__ import annotations

import pathlib

import numpy as np
import pytest
from babel.messages.pofile import read_po

from attn_teach import extract
from attn_teach.reproduce import load_lesson

ROOT = pathlib.Path(__file__).resolve().parents[1]
CATALOGUES = ROOT / "docs" / "locale" / "ja" / "LC_MESSAGES"
TEXT = "I love natural language processing!"
JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"


def english(lesson: str) -> str:
    """The lesson's text, comment lines joined as the page shows them (one space between lines)."""
    lines = (ROOT / "lessons" / f"{lesson}.py").read_text(encoding="utf-8").splitlines()
    return " ".join(line.lstrip("# ").rstrip() for line in lines)


def japanese(page: str) -> str:
    """Every translated message of one page's catalogue, e.g. ``auto_lessons/plot_00_getting_models``."""
    with open(CATALOGUES / f"{page}.po", "rb") as f:
        return "\n".join(m.string for m in read_po(f) if m.id)


def says(text: str, *phrases: str) -> None:
    for phrase in phrases:
        assert phrase in text, f"the text should say {phrase!r}"


# -- lesson 00 ---------------------------------------------------------------
def test_lesson00_parameter_ratios_in_the_lesson_and_troubleshooting():
    ratios = load_lesson("plot_00_getting_models").size_ratios()
    bert, rinna = round(ratios["bert-base-uncased"]), round(ratios["rinna/japanese-gpt2-medium"])
    page = english("plot_00_getting_models")
    says(page, f"{bert} times as many parameters", f"about {rinna} times")
    says(japanese("auto_lessons/plot_00_getting_models"), f"{bert}倍", f"およそ{rinna}倍")
    troubleshooting = " ".join((ROOT / "docs" / "troubleshooting.rst").read_text(encoding="utf-8").split())
    says(troubleshooting, f"has {bert} times as many parameters", f"about {rinna} times as many")
    says(japanese("troubleshooting"), f"{bert}倍", f"約{rinna}倍")


def test_lesson00_log_bars_draw_a_large_ratio_short():
    lesson = load_lesson("plot_00_getting_models")
    drawn = lesson.drawn_length_ratio()
    words = {3: "three", 2: "twice", 4: "four"}[round(drawn)]
    says(english("plot_00_getting_models"), f"only about {words} times as")
    says(japanese("auto_lessons/plot_00_getting_models"), f"およそ{round(drawn)}倍の長さ")
    assert lesson.size_ratios()["bert-base-uncased"] > 10 * drawn  # the point of the sentence
