"""Each stage of the article page is named as its lesson, in English and in Japanese.

``docs/article.rst`` gives every stage a section whose heading is the stage's name; the lessons
link to it (``:ref:`article-stage-5```, which shows that heading) and the lesson list shows the
lesson's own title. A reader moving between the two lists must meet one name per stage: the
heading is the lesson's title without its number (``05. What ... does`` -> ``What ... does``), and
the Japanese catalogue translates it as the lesson's catalogue translates the title.
"""

from __future__ import annotations

import pathlib
import re

import pytest
from babel.messages.pofile import read_po

ROOT = pathlib.Path(__file__).resolve().parents[2]
LOCALE = ROOT / "docs" / "locale" / "ja" / "LC_MESSAGES"
# a stage's section: its heading, its underline, then its field list (":Stage: 5" ... ":Lesson: :ref:`...`")
_SECTION = re.compile(
    r"^(?P<heading>[^\n]+)\n-+\n\n:Stage: (?P<stage>\d+)\n(?::[^\n]*\n)*?"
    r":Lesson: :ref:`sphx_glr_auto_lessons_(?P<lesson>plot_\w+)\.py`",
    re.MULTILINE,
)
_NUMBER = re.compile(r"^\d+[a-z]?\.\s+")


def stages(text: str) -> list[tuple[int, str, str]]:
    """``(stage, heading, lesson file stem)`` for each stage section of the article page's source."""
    return [(int(m["stage"]), m["heading"], m["lesson"]) for m in _SECTION.finditer(text)]


def lesson_title(stem: str) -> str:
    """The English title of a lesson (its docstring's first line), with its number: ``05. What ...``."""
    return (ROOT / "lessons" / f"{stem}.py").read_text(encoding="utf-8").splitlines()[1].strip()


def translations(path: pathlib.Path) -> dict[str, str]:
    with path.open("rb") as f:
        return {message.id: message.string for message in read_po(f) if message.id and message.string}


STAGES = stages((ROOT / "docs" / "article.rst").read_text(encoding="utf-8"))


def test_every_stage_of_the_article_is_read():
    assert [stage for stage, _, _ in STAGES] == list(range(12))


@pytest.mark.parametrize("stage, heading, lesson", STAGES, ids=[f"stage-{s}" for s, _, _ in STAGES])
def test_stage_is_named_as_its_lesson(stage, heading, lesson):
    title = lesson_title(lesson)
    assert heading == _NUMBER.sub("", title), f"stage {stage} is {heading!r}, its lesson {title!r}"
    article = translations(LOCALE / "article.po")
    lesson_ja = translations(LOCALE / "auto_lessons" / f"{lesson}.po")
    assert article.get(heading) == _NUMBER.sub("", lesson_ja[title]), (
        f"stage {stage} in Japanese is {article.get(heading)!r}, its lesson {lesson_ja[title]!r}"
    )


def test_the_section_pattern_reads_a_stage():
    text = (
        "The heatmap\n-----------\n\n:Stage: 4\n:Article section: 「x」\n"
        ":Lesson: :ref:`sphx_glr_auto_lessons_plot_04_heatmap.py`\n"
    )
    assert stages(text) == [(4, "The heatmap", "plot_04_heatmap")]
