"""One word per idea in what the kit prints and draws, and Japanese punctuation in it.

* The even share (each query's weight split evenly over the keys it can see, ``1 / (query + 1)`` in a
  causal model) is "even share" / 「均等な取り分」, never qualified into another phrase
  (「見えるトークンでの均等な取り分」) nor called "uniform over ...".
* 対角 never stands alone: the line is 対角線 and its value 「対角線の平均」 (the mean of the diagonal entries).
* A Japanese line writes a full-width ： after a label. :mod:`docs/check_spacing` flags a half-width
  ``:`` after Japanese text in a catalogue; two ways past it are held here: a ``{field}`` that fills in
  Japanese (a stage title, a count of a Japanese label) before ``: ``, and a line built in code
  (an f-string) with ``: `` after a token quoted by :func:`attn_teach.i18n.quote` (「love」: ...).
"""

from __future__ import annotations

import ast
import pathlib
import re

import matplotlib.pyplot as plt
import pytest
from babel.messages.pofile import read_po

from attn_teach.i18n import LOCALE_DIR, use_language
from attn_teach.reproduce import load_lesson

ROOT = pathlib.Path(__file__).resolve().parents[2]
CATALOGUES = sorted((LOCALE_DIR / "ja" / "LC_MESSAGES").glob("*.po"))
SOURCES = sorted((ROOT / "lessons").glob("*.py")) + sorted((ROOT / "attn_teach").rglob("*.py"))


def messages() -> list[tuple[str, int, str, str]]:
    """``(catalogue, line, msgid, msgstr)`` of every translated message of the kit's Japanese catalogues."""
    found = []
    for path in CATALOGUES:
        with open(path, "rb") as f:
            for m in read_po(f):
                if m.id and isinstance(m.id, str) and m.string:
                    found.append((path.name, m.lineno, m.id, m.string))
    return found


# -- the even share -----------------------------------------------------------------


def _qualified(msgstr: str) -> bool:
    """均等な取り分 written after other words (「…での均等な取り分」), not at the start, after （ or 、."""
    return any(m.start() > 0 and msgstr[m.start() - 1] not in "（、" for m in re.finditer("均等な取り分", msgstr))


def even_share_findings(msgid: str, msgstr: str) -> list[str]:
    found = []
    if "均等" in msgstr and "even share" not in msgid:
        found.append("Japanese says 均等 where the English does not say 'even share'")
    if "even share" in msgid and "均等な取り分" not in msgstr:
        found.append("English says 'even share' where the Japanese does not say 均等な取り分")
    if re.search(r"uniform (over|share)|evenly over", msgid):
        found.append("English names the even share another way: write 'even share'")
    if _qualified(msgstr) or re.search(r"均等(?!な取り分)", msgstr):
        found.append("均等な取り分 qualified or reworded: write it plainly (均等な取り分：…, （均等な取り分なら…）)")
    return found


@pytest.mark.parametrize(
    ("msgid", "msgstr", "count"),
    [
        ("layer {layer}: first token {first:.2f} (an even share would be {uniform:.2f})", "（均等な取り分なら{u}）", 0),
        ("even share, 1 / (query + 1)", "均等な取り分：1 / (クエリ + 1)", 0),
        ("uniform over what each row can see would give {u}", "各行が見えるトークンでの均等な取り分は{u}", 3),
        ("uniform over the visible keys (causal)", "見えるキーでの均等な取り分（因果モデル）", 3),
        ("even share", "均等に分けた場合", 2),
    ],
)
def test_the_even_share_rule(msgid, msgstr, count):
    assert len(even_share_findings(msgid, msgstr)) == count


def test_the_even_share_is_one_term():
    found = [(c, line, f) for c, line, i, s in messages() for f in even_share_findings(i, s)]
    assert not found


def test_the_even_share_is_what_lessons_14_and_15_print_and_draw(monkeypatch):
    from attn_teach.i18n import gettext

    first_line = load_lesson("plot_14_special_tokens").first_line  # the message, before .format
    with use_language("ja"):
        japanese = gettext(first_line)
    assert "(an even share would be {uniform:.2f})" in first_line and "（均等な取り分なら{uniform:.2f}）" in japanese
    monkeypatch.setenv("ATTN_TEACH_LANG", "ja")
    fig = load_lesson("plot_15_words").figure_received_ja()
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    plt.close(fig)
    assert "均等な取り分（クエリについての平均）" in legend


# -- 対角 as a value ------------------------------------------------------------------
def test_a_diagonal_value_says_mean():
    """「対角0.11」 or 「対角の平均」 reads as a pattern's name (Kovaleva's class): the value is 対角線の平均."""
    found = [(c, line, s) for c, line, _, s in messages() if re.search(r"対角(?!線)", s)]
    assert not found


# -- half-width colons --------------------------------------------------------------------
#: fields that fill in code, a path or Python's own words: "{path}: …", "{error}: {text}" stay
CODE_FIELDS = {"out", "path", "folder", "where", "name", "error", "model", "file"}
_FIELD_COLON = re.compile(r"\{(\w+)[^{}]*\}:")


def field_colons(msgstr: str) -> list[str]:
    """Fields other than code's that a half-width ``:`` follows in a Japanese message."""
    return [m.group(0) for m in _FIELD_COLON.finditer(msgstr) if m.group(1) not in CODE_FIELDS]


@pytest.mark.parametrize(
    ("msgstr", "found"),
    [
        ("ステージ{n}のヒント {i}/{total}: {tip}", ["{total}:"]),
        ("{title}: {function} が値を返す前に", ["{title}:"]),
        ("{title}：{function} が値を返す前に", []),
        ("{out}: {attention}、重みの形 {shape}", []),
        ("{line}行目：{source}\n  {error}: {text}", []),
    ],
)
def test_the_field_colon_rule(msgstr, found):
    assert field_colons(msgstr) == found


def test_no_half_width_colon_after_a_field_of_japanese_text():
    found = [
        (c, line, f) for c, line, i, s in messages() if re.search(r"[ぁ-んァ-ン一-龥]", s) for f in field_colons(s)
    ]
    assert not found


def quoted_colons(source: str) -> list[int]:
    """Lines of f-strings that write ``:`` right after a token quoted by ``quote()`` (「love」: in Japanese)."""
    tree = ast.parse(source)
    quoted = set()
    for node in ast.walk(tree):  # names bound to quote(...): love, processing = quote("love"), quote("processing")
        if isinstance(node, ast.Assign):
            pairs = []
            for target in node.targets:
                if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    pairs += zip(target.elts, node.value.elts)
                else:
                    pairs.append((target, node.value))
            for name, value in pairs:
                if isinstance(name, ast.Name) and _is_quote(value):
                    quoted.add(name.id)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for part, after in zip(node.values, node.values[1:]):
                if (
                    isinstance(part, ast.FormattedValue)
                    and (_is_quote(part.value) or (isinstance(part.value, ast.Name) and part.value.id in quoted))
                    and isinstance(after, ast.Constant)
                    and str(after.value).startswith(":")
                ):
                    found.append(node.lineno)
    return found


def _is_quote(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "quote"


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        ('love = quote("love")\nx = f"{love} -> b: 1"', []),
        ('love, p = quote("love"), quote("p")\nx = f"{love} -> {p}: 1"', [2]),
        ('x = f"{quote(t)}: {v}"', [1]),
        ('x = f"{i18n.quote(t)}: {v}"', [1]),
        ('x = f"{token:>9}: {v}"', []),  # a table of the model's own tokens, unquoted, the same in both languages
        ('x = _("{source} -> {target}: {sum}").format(source=quote("a"), target=quote("b"), sum=1)', []),
    ],
)
def test_the_quoted_colon_rule(source, lines):
    assert quoted_colons(source) == lines


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_code_built_colon_after_a_quoted_token(path):
    """A line with a quoted token goes through the catalogue, where Japanese writes ：."""
    assert quoted_colons(path.read_text(encoding="utf-8")) == []


def test_lesson15_merge_lines_use_a_full_width_colon_in_japanese():
    lesson = load_lesson("plot_15_words")
    with use_language("ja"):
        to_word, from_word = lesson.merge_lines()
    assert to_word.startswith("「love」 -> 「processing」：") and from_word.startswith("「processing」 -> 「love」：")
    assert ": " not in to_word + from_word and ";" not in to_word + from_word
