"""Printouts and figure text are plain form; messages to the learner are polite (docs/check_register.py).

Hand-made messages show both sides of the rule (a printout's です・ます is found, its plain form and a
learner's message are not); then every Japanese catalogue of the kit is checked.
"""

from __future__ import annotations

import pytest
from docs_scripts import load

check_register = load("check_register")

HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize(
    "text, count",
    [
        ("記事のリストには{points}点あります", 1),
        ("DejaVu Sansだけでは{count}文字が欠けます：", 1),
        ("1行目（トークン「▁」は自分自身にだけ注目できます）：", 1),
        ("この環境にはMS Gothicが入っていません。matplotlibはDejaVu Sansで代用します", 2),
        ("そこで最も高い線はキー「{key}」の{peak:.2f}です", 1),
        ("先に作成してください", 1),
        # plain form and noun endings
        ("記事のリストには{points}点", 0),
        ("bert-base-uncasedの棒はtiny-bert-enの棒の{ratio:.1f}倍の長さに描かれる", 0),
        ("DejaVu Sansだけでは欠ける文字が{count}個：", 0),
        ("ますます大きくなる", 0),  # not an ending
        ("``python -m attn_teach.lessons です``", 0),  # code
    ],
)
def test_polite_endings(text, count):
    assert len(check_register.polite_endings(text)) == count


@pytest.mark.parametrize(
    "text, count",
    [
        ("「{token}」に注目しているトークン：最終層の列、ヘッドの平均", 1),
        ("{layers}層、最終層：{shape}", 1),
        ("{model}：この層のAttentionの{share:.0%}を特殊トークンが受け取っていた", 1),
        ("{model}、最終層：重みを受け取っていた", 2),
        # the layer by its number, the present
        ("「{token}」に注目しているトークン：層{layer}の列、ヘッドの平均", 0),
        ("{model}：この層のAttentionのうち{share:.0%}が特殊トークンに向かう", 0),
        ("いたずら、抱いていたい", 0),  # not a clause ending in 〜ていた
    ],
)
def test_a_layer_by_number_and_the_present(text, count):
    assert len(check_register.layer_and_tense(text)) == count


def test_a_learners_message_may_say_last_layer(tmp_path, capsys):
    po = tmp_path / "attn_teach.po"
    po.write_text(
        HEADER + '#: lessons/plot_11_japanese_lines.py\nmsgid "a"\nmsgstr "最終層の列"\n\n'
        '# register: polite\n#: lessons/plot_11_japanese_lines.py\nmsgid "b"\nmsgstr "最終層を選んでください"\n',
        encoding="utf-8",
    )
    assert [line for line, _ in check_register.check_layer_and_tense(po)] == [5]
    assert check_register.main([str(po)]) == 1
    assert "最終層" in capsys.readouterr().out


@pytest.mark.parametrize(
    "locations, comments, printout",
    [
        ([("lessons/plot_10_3d.py", None)], [], True),
        ([("attn_teach/views/lines.py", None), ("lessons/plot_06_line_plot.py", None)], [], True),
        ([("attn_teach/views/matrix.py", None)], ["register: polite"], False),  # a view's error or warning
        ([("attn_teach/cli.py", None)], [], False),
        ([("attn_teach/views/matrix.py", None), ("attn_teach/cli.py", None)], [], False),  # also a CLI message
        ([("attn_teach/interactive/format.py", None)], [], False),  # the interactive view's instructions
        ([], [], False),  # no reference: nothing to go by
    ],
)
def test_which_messages_are_printouts(locations, comments, printout):
    assert check_register.is_printout(locations, comments) is printout


def test_a_catalogue_is_read_by_its_references_and_comments(tmp_path, capsys):
    po = tmp_path / "attn_teach.po"
    po.write_text(
        HEADER + '#: lessons/plot_10_3d.py\nmsgid "a"\nmsgstr "記事のリストには401点あります"\n\n'
        '#: attn_teach/cli.py\nmsgid "b"\nmsgstr "先に作成してください"\n\n'
        '# register: polite\n#: attn_teach/views/lines.py\nmsgid "c"\nmsgstr "kind を指定してください"\n',
        encoding="utf-8",
    )
    assert [line for line, _ in check_register.check_catalogue(po)] == [5]
    assert check_register.main([str(po)]) == 1
    assert "点あります" in capsys.readouterr().out
    po.write_text(HEADER + '#: lessons/plot_10_3d.py\nmsgid "a"\nmsgstr "記事のリストには401点"\n', encoding="utf-8")
    assert check_register.main([str(po)]) == 0


def test_the_kit_has_catalogues_to_check():
    paths = check_register.kit_catalogues()
    assert {p.name for p in paths} >= {"attn_teach.po", "practice.po"}


@pytest.mark.parametrize("path", check_register.kit_catalogues(), ids=lambda p: p.name)
def test_every_kit_catalogue_writes_printouts_in_plain_form(path):
    assert check_register.check_catalogue(path) == []


def test_the_api_page_is_plain_form_throughout(tmp_path):
    """The API page's framing paragraphs follow its docstrings (だ・である); other site pages stay polite."""
    folder = tmp_path / "docs" / "locale" / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    text = (
        'msgid "a"\nmsgstr "レッスンで登場する順に並べています。"\n\n'
        'msgid "b"\nmsgstr "レッスンで登場する順に並べる。"\n'
    )
    (folder / "api.po").write_text(text, encoding="utf-8")
    (folder / "index.po").write_text(text, encoding="utf-8")
    assert [line for line, _ in check_register.check_catalogue(folder / "api.po")] == [1]  # msgid "a"
    assert check_register.check_catalogue(folder / "index.po") == []
    assert check_register.main([str(folder / "api.po")]) == 1


def test_the_api_page_is_checked_by_default():
    assert [p.name for p in check_register.plain_pages()] == ["api.po"]
    assert check_register.check_catalogue(check_register.plain_pages()[0]) == []
