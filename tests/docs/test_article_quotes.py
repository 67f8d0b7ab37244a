"""The article is quoted only in its own words (docs/check_quotes.py).

The article is shared material beside the repository (``../shared/article/article-ja.md``), not a
file of the project: without it the catalogue tests are skipped, saying why.
"""

from __future__ import annotations

import pathlib

import pytest
from docs_scripts import load

ROOT = pathlib.Path(__file__).resolve().parents[2]


check_quotes = load("check_quotes")
ARTICLE = check_quotes.normalise(
    "うーん・・・、3Dにする意味が無かったですね。"
    "注意機構が”注意”している部分の色は明るくなる。"
    "何となくですが「食べる」の文字に注意が向いているように見えます。"
)


@pytest.mark.parametrize(
    "text, quotes",
    [
        ("記事は「3Dにする意味はなかった」と結論しました。", ["3Dにする意味はなかった"]),
        # the article's own words, but without its hedge (〜ように見えます)
        ("記事の感想は「『食べる』の文字に注意が向いている」でした。", ["『食べる』の文字に注意が向いている"]),
        ("記事は数字の壁に出会いました。「どこを見ているのかわからない」。", ["どこを見ているのかわからない"]),
    ],
)
def test_an_invented_quote_of_the_article_is_found(text, quotes):
    assert check_quotes.article_quotes(text) == quotes
    assert all(check_quotes.invented(q, ARTICLE) for q in quotes)


@pytest.mark.parametrize(
    "text",
    [
        "記事の結論は「うーん・・・、3Dにする意味が無かったですね」でした。",
        "記事は「注意している部分の色は明るくなる」と書いています。",  # the article's ” marks left out
        "記事は「何となくですが『食べる』の文字に注意が向いているように見えます」と書きました。",
        "記事は「うーん……意味が無かったですね」と書きました。",  # a gap marked with ……
    ],
)
def test_the_articles_own_words_pass(text):
    quotes = check_quotes.article_quotes(text)
    assert quotes and not any(check_quotes.invented(q, ARTICLE) for q in quotes)


def test_a_link_in_brackets_names_a_page_and_quotes_nothing():
    text = "記事のコードの誤りは、「:doc:`since_the_article`」にまとめてあります。「`記事`_」も見てください。"
    assert check_quotes.article_quotes(text) == []
    assert check_quotes.article_quotes("記事は「:doc:`a` を食べる」と書いています。") == [":doc:`a` を食べる"]


def test_a_quote_not_given_as_the_articles_is_not_checked():
    assert check_quotes.article_quotes("ビューの「ロールアウト」にチェックを入れます。") == []


ARTICLE_TEXT = check_quotes.check_terms.article_text()
needs_article = pytest.mark.skipif(
    ARTICLE_TEXT is None,
    reason=f"the article is shared material, not in the repository: no {check_quotes.check_terms.ARTICLE}",
)


@needs_article
@pytest.mark.parametrize(
    "path", check_quotes.check_terms.japanese_catalogues(), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_every_quote_of_the_article_is_its_own_words(path):
    problems = check_quotes.check_catalogue(path, check_quotes.normalise(ARTICLE_TEXT))
    assert not problems, "\n".join(problems)
