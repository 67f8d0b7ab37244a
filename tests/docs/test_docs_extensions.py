"""The docs' own Sphinx extensions (docs/_ext): what they compute, without a Sphinx build."""

from __future__ import annotations

import pathlib
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "docs" / "_ext"))
import figure_alt  # noqa: E402
import glossary_ja  # noqa: E402
import offline_search  # noqa: E402


def test_alt_text_reads_what_the_figure_draws():
    fig, (left, right) = plt.subplots(1, 2)
    fig.suptitle("tiny-bert-en、層3")
    left.set_title("ヘッド0")
    right.set_xlabel("キー: 注目されるトークン")
    right.set_ylabel("クエリ: 注目するトークン")
    fig.text(0.5, 0.01, "灰色のセルは因果マスク")
    fig.colorbar(right.imshow([[0, 1]]), ax=right, label="Attentionの重み")
    assert figure_alt.figure_description(fig) == (
        "tiny-bert-en、層3。ヘッド0。キー: 注目されるトークン / クエリ: 注目するトークン。灰色のセルは因果マスク"
    )
    plt.close(fig)


def test_alt_text_of_an_english_figure_keeps_semicolons():
    fig, ax = plt.subplots()
    fig.suptitle("tiny-bert-en, layer 3")
    ax.set_title("head 0")
    assert figure_alt.figure_description(fig) == "tiny-bert-en, layer 3; head 0"
    plt.close(fig)


def test_alt_text_names_every_row_of_a_grid():
    """A grid titles its top row (ヘッド0 ...) and names each row on its left (層0 ...): 層0 too."""
    fig, axes = plt.subplots(2, 2)
    for layer, row in enumerate(axes):
        for head, ax in enumerate(row):
            if layer == 0:
                ax.set_title(f"ヘッド{head}")
            if head == 0:
                ax.set_ylabel(f"層{layer}")
    assert figure_alt.figure_description(fig) == "ヘッド0。ヘッド1。層0。層1"
    plt.close(fig)


def test_alt_text_of_a_figure_without_text_is_empty_for_sphinx_gallerys_fallback():
    fig = plt.figure()
    fig.add_subplot()
    assert figure_alt.figure_description(fig) == ""
    plt.close(fig)


def test_search_page_text_keeps_sections_and_drops_markup():
    page = (
        '<html><body><nav>menu</nav><article class="bd-article" role="main">'
        '<section id="top"><h1>注意機構<a class="headerlink" href="#top">#</a></h1>'
        "<p>Attention &amp; <code>x&lt;1</code></p><script>var x=1;</script>"
        '<section id="sub"><p>因果マスク</p></section></section></article><footer>f</footer></body></html>'
    )
    assert offline_search.page_text(page) == (
        '<section id="top"> 注意機構 Attention &amp; x&lt;1 <section id="sub"> 因果マスク </section></section>'
    )
    assert offline_search.page_text("<html><body>no article</body></html>") is None


def test_glossary_headwords_carry_their_readings():
    docs = pathlib.Path(__file__).resolve().parents[2] / "docs"
    catalogue = docs / "locale" / "ja" / "LC_MESSAGES" / "glossary.po"
    headwords = dict(glossary_ja.glossary_headwords(catalogue))
    assert headwords["注意機構"] == "ちゅういきこう" and headwords["トークン化"] == "とーくんか"
    assert all(reading and all("ぁ" <= c <= "ゖ" or c in "ー" for c in reading) for reading in headwords.values()), (
        headwords
    )


def test_glossary_order_reads_the_long_vowel_mark_as_its_vowel():
    """トークン (とーくん, read とおくん) comes before 特殊トークン (とくしゅ...), as in a Japanese dictionary."""
    readings = ["とくしゅとーくん", "とーくんか", "とーくん", "そふとまっくす", "あてんしょん"]
    assert sorted(readings, key=glossary_ja.reading_order) == [
        "あてんしょん",
        "そふとまっくす",
        "とーくん",
        "とーくんか",
        "とくしゅとーくん",
    ]


def test_the_index_is_grouped_by_first_kana():
    """Sphinx makes one 索引 heading per reading; the Japanese site groups them under あ, か, と ..."""

    def entry(word, key):
        return (word, ([("", f"glossary.html#{word}")], [], key))

    context = {
        "genindexentries": [
            ("E", [entry("extract() (attn_teach モジュール)", None)]),
            ("あてんしょん", [entry("Attention", "あてんしょん")]),
            ("がいど", [entry("ガイド", "がいど")]),
            ("かーど", [entry("カード", "かーど")]),
            ("とくしゅとーくん", [entry("特殊トークン", "とくしゅとーくん")]),
            ("とーくん", [entry("トークン", "とーくん")]),
        ]
    }

    class App:
        class config:
            language = "ja"

    glossary_ja.group_index_by_kana(App, "genindex", "genindex.html", context, None)
    assert [(h, [e[0] for e in entries]) for h, entries in context["genindexentries"]] == [
        ("E", ["extract() (attn_teach モジュール)"]),
        ("あ", ["Attention"]),
        ("か", ["カード", "ガイド"]),
        ("と", ["トークン", "特殊トークン"]),
    ]
    assert context["genindexcounts"] == [1, 1, 2, 2]
