"""The Japanese search finds the article's words: docs/check_search.py searches a built index as
the search page does (docs/_static/search_words.js). A small hand-made index, no Sphinx build."""

from __future__ import annotations

import json
import pathlib

from docs_scripts import load

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs"
check_search = load("check_search")
# What janome with the glossary as its user dictionary puts into the index: terms are whole.
INDEX = {
    "docnames": ["glossary", "lesson", "index"],
    "terms": {
        "注意機構": [0, 2],
        "特殊トークン": 0,
        "トークン": [0, 1],
        "attention": [0, 1],
        "重み": 1,
        "numpy": 0,
        "配列": 0,
        "文字化け": 1,
    },
    "titleterms": {"用語集": 0},
}


def test_a_japanese_query_is_cut_into_the_index_words():
    assert check_search.split_query("注意機構", INDEX) == ["注意機構"]
    assert check_search.split_query("Attentionの重み", INDEX) == ["attention", "重み"]  # の is left out
    assert check_search.split_query("Numpy配列", INDEX) == ["numpy", "配列"]
    assert check_search.split_query("因果マスク", INDEX) == ["因果マスク"]  # unknown: kept, so it must match


def test_search_finds_pages_holding_every_word():
    assert check_search.search("注意機構", INDEX) == ["glossary", "index"]
    assert check_search.search("Attentionの重み", INDEX) == ["lesson"]
    assert check_search.search("トークン", INDEX) == ["glossary", "lesson"]  # and inside 特殊トークン
    assert check_search.search("因果マスク", INDEX) == []


def test_a_term_missing_from_the_index_is_reported():
    # janome's own dictionary cuts トークン into トー + ーク...; a word it never indexed is not found
    split = {"docnames": ["glossary"], "terms": {"トー": 0, "クン": 0, "因果": 0}, "titleterms": {}}
    problems = check_search.check_search(split, ["因果マスク"], ("特殊トークン",))
    assert len(problems) == 2 and "does not find the glossary" in problems[0], problems
    assert "finds no page" in problems[1]


def test_the_checker_reads_a_built_index(tmp_path, capsys):
    (tmp_path / "ja").mkdir()
    index = dict(INDEX, terms=dict(INDEX["terms"], **{w.lower(): 0 for w in check_search.ARTICLE_WORDS}))
    (tmp_path / "ja" / "searchindex.js").write_text(f"Search.setIndex({json.dumps(index)})", encoding="utf-8")
    headwords = check_search.glossary_headwords()
    assert "注意機構" in headwords and "因果マスク" in headwords and len(headwords) >= 25
    # every headword of the glossary, whole (each word of it, split at spaces), on the glossary page: passes
    index["terms"].update({w.lower(): 0 for h in headwords for w in h.split()})
    (tmp_path / "ja" / "searchindex.js").write_text(f"Search.setIndex({json.dumps(index)})", encoding="utf-8")
    assert check_search.main([str(tmp_path)]) == 0
    del index["terms"]["注意機構"]
    (tmp_path / "ja" / "searchindex.js").write_text(f"Search.setIndex({json.dumps(index)})", encoding="utf-8")
    assert check_search.main([str(tmp_path)]) == 1
    assert "'注意機構'" in capsys.readouterr().err
