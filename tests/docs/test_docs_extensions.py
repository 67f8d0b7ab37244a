"""The docs' own Sphinx extensions (docs/_ext): what they compute, without a Sphinx build."""

from __future__ import annotations

import pathlib
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "docs" / "_ext"))
import api_ja  # noqa: E402
import figure_alt  # noqa: E402
import glossary_ja  # noqa: E402
import offline_search  # noqa: E402
import translations_js  # noqa: E402

SPHINX_PO = pathlib.Path(__file__).resolve().parents[2] / "docs" / "locale" / "ja" / "LC_MESSAGES" / "sphinx.po"


def site_translation(message: str) -> str:
    """``message`` as the site's ``sphinx.po`` translates it (the msgid when it does not)."""
    from babel.messages.pofile import read_po

    with SPHINX_PO.open("rb") as f:
        found = read_po(f).get(message)
    return found.string if found is not None and found.string else message


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


def test_search_snippets_add_no_space_around_inline_code():
    page = (
        '<article class="bd-article"><p>（<code class="docutils literal"><span class="pre">tiny-bert-en</span>'
        "</code>での<em>例</em>）</p><p>次</p></article>"
    )
    assert offline_search.page_text(page) == "（tiny-bert-enでの例） 次"


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


def test_glossary_order_compares_voicing_marks_last():
    """パディングのマスク (ぱでぃんぐ) comes before バリュー (ばりゅー): は-row first, then で before り."""
    readings = ["ばりゅー", "ぱでぃんぐのますく", "はいぱー", "ばいと"]
    assert sorted(readings, key=glossary_ja.reading_order) == ["ばいと", "はいぱー", "ぱでぃんぐのますく", "ばりゅー"]
    assert glossary_ja.kana_heading("ばりゅー") == "は"


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
            ("モ", [entry("モジュール", None)]),  # Sphinx's own entry (api_ja): no key, its text is kana
            ("もじばけ", [entry("文字化け", "もじばけ")]),
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
        ("も", ["文字化け", "モジュール"]),  # one heading, not モ beside も; もじば before もじゅ
    ]
    assert context["genindexcounts"] == [1, 1, 2, 2, 2]


class _App:
    def __init__(self, language):
        self.config = type("Config", (), {"language": language})()


def test_numpydoc_labels_are_japanese_on_the_japanese_site():
    from docutils import nodes

    def page():
        doc = nodes.document(None, None)
        doc += nodes.field_list("", nodes.field("", nodes.field_name("", "Parameters"), nodes.field_body()))
        doc += nodes.rubric("", "Examples")
        doc += nodes.field_list("", nodes.field("", nodes.field_name("", "Stage"), nodes.field_body()))
        return doc

    japanese, english = page(), page()
    api_ja.translate_labels(_App("ja"), japanese, "api", translate=site_translation)
    api_ja.translate_labels(_App("en"), english, "api", translate=site_translation)
    assert [n.astext() for n in japanese.findall(lambda n: isinstance(n, (nodes.field_name, nodes.rubric)))] == [
        "引数",  # a function's arguments; パラメーター is what a model learned
        "例",
        "Stage",  # not numpydoc's: the page's own field, translated by its catalogue
    ]
    assert "Parameters" in english.astext() and "Examples" in english.astext()


def test_every_numpydoc_label_has_its_japanese_in_sphinx_po():
    assert {label: site_translation(label) for label in api_ja.LABELS if site_translation(label) == label} == {}


def _translations(messages):
    return {"locale": "ja", "messages": messages, "plural_expr": "0"}


def test_the_search_pages_words_come_from_the_sites_sphinx_po():
    """Sphinx's translations.js leaves ", in " English and the plural empty: sphinx.po's words replace them."""
    built = _translations(
        {
            ", in ": ", in ",
            "Search finished, found one page matching the search query.": [""],
            "Searching": "検索中",
        }
    )
    laid = translations_js.overlay(built, SPHINX_PO)
    assert laid["messages"][", in "] == "、ページ："
    assert laid["messages"]["Search finished, found one page matching the search query."] == [
        "検索が終わりました。${resultCount}ページが見つかりました。"
    ]
    assert laid["messages"]["Searching"] == "検索中"  # sphinx.po does not translate it: Sphinx's stays
    assert "Parameters" not in laid["messages"]  # the Python side's words stay out of the scripts' file
    assert laid["plural_expr"] == "0"


def test_translations_js_is_rewritten_after_a_japanese_html_build_only(tmp_path):
    static = tmp_path / "out" / "_static"
    static.mkdir(parents=True)
    (tmp_path / "locale" / "ja" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "locale" / "ja" / "LC_MESSAGES" / "sphinx.po").write_bytes(SPHINX_PO.read_bytes())
    original = 'Documentation.addTranslations({"locale": "ja", "messages": {", in ": ", in "}, "plural_expr": "0"});'
    (static / "translations.js").write_text(original, encoding="utf-8")

    def app(language, fmt="html"):
        config = type("Config", (), {"language": language})()
        builder = type("Builder", (), {"format": fmt})()
        return type("App", (), {"config": config, "builder": builder, "outdir": tmp_path / "out", "srcdir": tmp_path})

    translations_js.lay_site_catalogue_over(app("ja", "latex"), None)
    translations_js.lay_site_catalogue_over(app("ja"), RuntimeError("the build failed"))
    assert (static / "translations.js").read_text(encoding="utf-8") == original
    translations_js.lay_site_catalogue_over(app("ja"), None)
    assert translations_js.read(static / "translations.js")["messages"] == {", in ": "、ページ："}
    assert (static / "translations.js").read_text(encoding="utf-8").startswith("Documentation.addTranslations({")


def test_a_modules_index_entry_says_module_in_the_sites_language():
    """``py:module`` writes the pair ``module; NAME`` untranslated: the general index said "module"."""
    from docutils import nodes
    from sphinx import addnodes

    doc = nodes.document(None, None)
    doc += addnodes.index(entries=[("pair", "module; attn_teach.fonts", "id", "", None)])
    doc += addnodes.index(entries=[("single", "module (in the text)", "id2", "", None)])
    api_ja.module_index_word(doc, "モジュール")
    assert [n["entries"][0][1] for n in doc.findall(addnodes.index)] == [
        "モジュール; attn_teach.fonts",
        "module (in the text)",  # not the pair Sphinx writes
    ]


def test_field_names_end_with_a_full_width_colon_on_the_japanese_site():
    body = '<dt>ステージ<span class="colon">:</span></dt><dt>name<span class="colon">:</span></dt>'
    for language, colon in (("ja", "："), ("en", ":")):
        context = {"body": body}
        api_ja.full_width_colons(_App(language), "article", "page.html", context, None)
        assert context["body"] == body.replace(":", colon, 1), (language, context)


def test_the_views_table_is_in_the_sites_language():
    from attn_teach import view_registry

    english = view_registry.table()
    japanese = view_registry.table("ja", **api_ja.TABLE_WORDS_JA)
    assert "query x key weights as colours" in english and "     - draws" in english
    assert "クエリ×キーの重みを色で表したヒートマップ" in japanese and "     - 描くもの" in japanese
    assert "query x key" not in japanese and "yes" not in japanese and "○、○" in japanese
    assert english.count("\n") == japanese.count("\n")


def test_alt_text_joins_a_japanese_title_broken_over_two_lines_without_a_space():
    """A two-line Japanese title is one sentence in the alt text (「既定。Windows」, not 「既定。 Windows」)."""
    fig = plt.figure()
    fig.suptitle("修正前：DejaVu Sansのみ（matplotlibの既定。\nWindows以外で「MS Gothic」を指定しても同じ）")
    fig.add_subplot().set_title("two\nlines")
    assert figure_alt.figure_description(fig) == (
        "修正前：DejaVu Sansのみ（matplotlibの既定。Windows以外で「MS Gothic」を指定しても同じ）。two lines"
    )
    plt.close(fig)


def test_the_scraper_gives_the_description_in_the_process_that_scrapes(monkeypatch):
    """A lesson run in a joblib worker never ran the extension's setup: the scraper named in conf.py
    makes the replacement where the figure is scraped."""
    from sphinx_gallery import scrapers

    fig, ax = plt.subplots()
    ax.set_title("層3")
    monkeypatch.setattr(scrapers, "_matplotlib_fig_titles", lambda figure: "")  # a fresh worker's
    seen = []
    monkeypatch.setattr(
        scrapers, "matplotlib_scraper", lambda *args, **kwargs: seen.append(scrapers._matplotlib_fig_titles(fig))
    )
    figure_alt.matplotlib_scraper(None, {}, {})
    assert seen == ["層3"]
    plt.close(fig)


def test_alt_text_joins_a_line_that_starts_with_a_full_width_bracket_without_a_space():
    """「IPAexGothic\\n（attn_teach.fonts…」 reads 「IPAexGothic（attn_teach.fonts…」: no space before （."""
    fig = plt.figure()
    fig.suptitle("修正後：DejaVu Sans、次にIPAexGothic\n（attn_teach.fonts、ファイルのパスで登録）")
    expected = "修正後：DejaVu Sans、次にIPAexGothic（attn_teach.fonts、ファイルのパスで登録）"
    assert figure_alt.figure_description(fig) == expected
    plt.close(fig)


def test_the_index_figures_are_lesson_04s_baselines():
    """docs/_static/heatmap.png and heatmap.ja.png are copies of lesson 04's English and Japanese baselines
    (the Japanese one once kept an old 「クエリ: 」 label after the lesson's figure changed)."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    name = "test_lesson_figure_plot_04_heatmap-figure_heatmap.png"
    assert (root / "docs/_static/heatmap.png").read_bytes() == (root / "baseline_images" / name).read_bytes()
    assert (root / "docs/_static/heatmap.ja.png").read_bytes() == (root / "baseline_images/ja" / name).read_bytes()


def test_japanese_emphasis_is_marked_for_sesame_dots_and_latin_keeps_italics():
    import emphasis_ja
    from docutils import nodes

    def page():
        doc = nodes.document(None, None)
        doc += nodes.paragraph("", "", nodes.emphasis("", "注目する"), nodes.emphasis("", "tofu"))
        return doc

    japanese, english = page(), page()
    emphasis_ja.mark_japanese_emphasis(_App("ja"), japanese, "glossary")
    emphasis_ja.mark_japanese_emphasis(_App("en"), english, "glossary")
    assert [e["classes"] for e in japanese.findall(nodes.emphasis)] == [["emphasis-ja"], []]
    assert [e["classes"] for e in english.findall(nodes.emphasis)] == [[], []]


def test_the_style_sheet_sets_japanese_emphasis_upright_with_sesame_dots():
    css = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "_static" / "custom.css").read_text("utf-8")
    rule = css[css.index("em.emphasis-ja {") :].split("}", 1)[0]
    assert "font-style: normal" in rule and "text-emphasis: filled sesame" in rule
