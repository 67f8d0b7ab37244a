"""A translation keeps the English's inline literals as code (docs/check_literals.py).

reST leaves ````x````（ unclosed, so the Japanese after it is shown as code: hand-made messages show
that this leak fails, that ``\\ `` after the literal passes, and that a deliberate difference
passes only when a ``# literals:`` comment names it; then every docs catalogue is checked.
"""

from __future__ import annotations

import pathlib

import pytest
from docs_scripts import load

ROOT = pathlib.Path(__file__).resolve().parents[2]

check_literals = load("check_literals")

MSGID = '``"tiny-bert-en"`` / ``"tiny-gpt2-ja"`` (embedded), or a hub id such as ``"bert-base-uncased"``.'


@pytest.mark.parametrize(
    "msgstr",
    [
        # the end-string before （ or a kana is not closed: the prose up to the next `` becomes code
        '``"tiny-bert-en"`` ／ ``"tiny-gpt2-ja"``（同梱のモデル）、または ``"bert-base-uncased"`` のようなHubのID。',
        '``"tiny-bert-en"`` ／ ``"tiny-gpt2-ja"``の同梱のモデル、または ``"bert-base-uncased"`` のようなHubのID。',
        # a literal left out, or one added
        '``"tiny-bert-en"`` ／ ``"tiny-gpt2-ja"``\\ （同梱のモデル）、またはHubのID。',
        '``"tiny-bert-en"`` ／ ``"tiny-gpt2-ja"``\\ （同梱のモデル）、または ``"bert-base-uncased"`` や ``None``。',
    ],
)
def test_a_leaked_or_changed_literal_fails(msgstr):
    assert check_literals.check_message(MSGID, msgstr) is not None


def test_the_leak_is_reported_as_the_prose_it_swallowed():
    leaked = (
        '``"tiny-bert-en"`` ／ ``"tiny-gpt2-ja"``（同梱のモデル）、または ``"bert-base-uncased"`` のようなHubのID。'
    )
    missing, extra = check_literals.check_message(MSGID, leaked)
    assert missing == ['"bert-base-uncased"', '"tiny-gpt2-ja"']
    assert extra == ['"tiny-gpt2-ja"``（同梱のモデル）、または ``"bert-base-uncased"']


def test_each_literal_closed_passes():
    closed = (
        '``"tiny-bert-en"`` ／ ``"tiny-gpt2-ja"``\\ （同梱のモデル）、または ``"bert-base-uncased"`` のようなHubのID。'
    )
    assert check_literals.check_message(MSGID, closed) is None


def test_a_message_without_literals_is_not_checked():
    assert check_literals.check_message("A plain sentence.", "``code`` を足しても問われない。") is None


def test_a_declared_difference_passes_and_only_that_one():
    msgid = "Row ``食べ`` is where the verb looks; default ``None``."
    msgstr = "「食べ」の行は動詞が注目するところ。既定は ``None``。"
    assert check_literals.check_message(msgid, msgstr) == (["食べ"], [])
    assert check_literals.check_message(msgid, msgstr, ['literals: -"食べ"']) is None
    # a declaration that no longer matches (stale, or naming another literal) fails
    assert check_literals.check_message(msgid, msgstr, ['literals: -"食べ" +"True"']) is not None
    assert (
        check_literals.check_message(msgid, msgstr.replace("「食べ」", "``食べ``"), ['literals: -"食べ"']) is not None
    )


def test_a_literal_with_double_quotes_is_declared_in_single_quotes():
    msgid = 'A matrix as ``({"s": max}, k plane)``.'
    msgstr = '行列を、最大値 ``"s"`` の辞書と ``k`` のバイト列の組にする。'
    declaration = 'literals: -\'({"s": max}, k plane)\' +\'"s"\' +"k"'
    assert check_literals.check_message(msgid, msgstr) is not None
    assert check_literals.check_message(msgid, msgstr, [declaration]) is None


def test_a_catalogue_with_a_leak_fails(tmp_path):
    po = tmp_path / "api.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "``.network`` (the torch module, eval mode), ``.tokenizer``."\n'
        'msgstr "``.network``（torchのモジュール、評価モード）、``.tokenizer``。"\n',
        encoding="utf-8",
    )
    findings = check_literals.check_catalogue(po)
    assert [line for line, *_ in findings] == [5]
    assert check_literals.main([str(po)]) == 1


CATALOGUES = sorted((ROOT / "docs" / "locale" / "ja").rglob("*.po"))


def test_the_docs_catalogues_are_found():
    names = {p.name for p in CATALOGUES}
    assert {"api.po", "glossary.po", "plot_06_line_plot.po"} <= names


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_docs_catalogue_keeps_its_literals(path):
    assert check_literals.check_catalogue(path) == []
