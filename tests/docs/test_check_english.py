"""docs/check_english.py finds English prose on a Japanese page, and only that: hand-made pages,
no Sphinx build; and one lesson's printout in Japanese, run as the Japanese docs build runs it."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest
from docs_scripts import load

ROOT = pathlib.Path(__file__).resolve().parents[2]


check_english = load("check_english")

PAGE = '<!DOCTYPE html><html lang="ja"><head><title>レッスン</title></head><body>{body}</body></html>'
OUT = '<div class="sphx-glr-script-out highlight-none notranslate"><div class="highlight"><pre>{text}</pre></div></div>'


def _two_languages(root: pathlib.Path, body: str) -> pathlib.Path:
    """A built site at ``root``: a home page and ``en/`` and ``ja/`` index pages showing ``body``."""
    (root / "index.html").write_text('<a hreflang="en" href="en/index.html">', encoding="utf-8")
    for lang in ("en", "ja"):
        (root / lang).mkdir()
        page = PAGE.replace('lang="ja"', f'lang="{lang}"').format(body=body)
        (root / lang / "index.html").write_text(page, encoding="utf-8")
    return root


def findings(body: str) -> list[str]:
    return check_english.check_page(PAGE.format(body=body))


@pytest.mark.parametrize(
    "body",
    [
        "<p>Attentionの重みを NumPy配列 にします。</p>",  # two Latin words beside Japanese
        "<p>次のコードを実行します: <code>print(attention.head_mean(-1))</code></p>",
        '<div class="highlight-Python"><pre>for token in tokens: print(token, weight)</pre></div>',
        "<p>以前は「Some weights of the model checkpoint were not used」と表示されました。</p>",
        "<p>「<code>output_attentions</code> is not a valid generation flag」が出たら</p>",
        '<li><p>Clark, Khandelwal, Levy, Manning (2019), "What Does BERT Look At? An Analysis"</p></li>',
        "<p>Clark et al. が見たのと同じです。</p>",
        '<dt>散布図 <span class="term-english" lang="en">3D scatter plot of weights</span></dt>',
        '<p><a class="reference external" href="https://matplotlib.org/">Creating annotated heatmaps</a> を参照</p>',
        "<p>例文 I love natural language processing を使います。</p>",
        '<dl class="py function"><dt class="sig sig-object py"><span>class attn_teach.LoadedModel(network,'
        " tokenizer, name, causal, max positions)</span></dt><dd><p>モデルを読み込む。</p></dd></dl>",  # code
        "<p><math><mi>softmax of the scores</mi></math></p>",
        OUT.format(text="[[0.03 0.26 0.11]\n [0.03 0.43 0.09]]\n['[CLS]', 'i', 'love', 'natural', 'language']"),
        OUT.format(text="行の和: [1. 1. 1.]\ntokenize(): ['i', 'love', 'natural'] 7"),
        OUT.format(text="RuntimeError: Can't call numpy() on Tensor that requires grad. Use tensor.detach()"),
        OUT.format(text="The following generation flags are not valid and may be ignored: ['output_attentions']"),
        OUT.format(text="Glyph 12290 (\\N{IDEOGRAPHIC FULL STOP}) missing from font(s) DejaVu Sans."),
        OUT.format(
            text="Attention(model='tiny-bert-en', layers=4, heads=4, "
            "tokens=9: [CLS] i love natural language process ##ing ! ...)"
        ),
        '<a class="headerlink" href="#x" title="この見出しへのリンク">#</a>',
    ],
    ids=lambda body: body[:40],
)
def test_what_is_not_prose_passes(body):
    assert findings(body) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>ヘッドを見ると the mean of the heads hides this です。</p>", "prose: 'the mean of the heads hides this'"),
        ("<p>ページは <em>hide special tokens</em> にチェック</p>", "prose: 'hide special tokens'"),
        ("<p>このリンク <a href='#a'>is not translated yet</a> です</p>", "prose: 'is not translated yet'"),
        (
            OUT.format(text="DejaVu Sans alone: 25 characters missing: 。い"),
            "lesson output: 'alone: 25 characters missing:'",
        ),
        (
            OUT.format(text="layer 0, head 1: next token 0.21, previous token 0.26"),
            "lesson output: 'layer 0, head 1: next",
        ),
        ('<button title="Color mode">◐</button>', "theme text not translated: 'Color mode'"),
        ('<a class="headerlink" title="Link to this heading">#</a>', "theme text not translated"),
        ('<img alt="plot of the attention weights" src="a.png">', "tooltip: 'plot of the attention weights'"),
        # sphinx-gallery's lesson cards show their own attribute on hover
        (
            '<div class="sphx-glr-thumbcontainer" tooltip="Before the article stage 1.">',
            "tooltip: 'Before the article stage'",
        ),
    ],
)
def test_english_prose_is_found(body, expected):
    found = findings(body)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_whole_build_is_checked_page_by_page_the_api_too(tmp_path):
    (tmp_path / "auto_lessons").mkdir()
    (tmp_path / "_static").mkdir()
    (tmp_path / "index.html").write_text(PAGE.format(body="<p>ようこそ</p>"), encoding="utf-8")
    english = PAGE.format(body=OUT.format(text="MS Gothic is not installed on this machine"))
    (tmp_path / "auto_lessons" / "plot_08_japanese_font.html").write_text(english, encoding="utf-8")
    (tmp_path / "_static" / "x.html").write_text(english, encoding="utf-8")  # a file, not a page
    api = (
        '<dl class="py function"><dt class="sig">load_model()</dt><dd><p>Load a model and its tokenizer.</p></dd></dl>'
    )
    (tmp_path / "api.html").write_text(PAGE.format(body=api), encoding="utf-8")
    assert check_english.check_build(tmp_path) == [
        "api.html: prose: 'Load a model and its tokenizer.'",  # a docstring left in English
        "auto_lessons/plot_08_japanese_font.html: lesson output: 'is not installed on this machine'",
    ]
    assert check_english.main([str(tmp_path)]) == 1
    (tmp_path / "api.html").write_text(PAGE.format(body=api.replace("Load a model and its tokenizer.", "読み込む。")))
    (tmp_path / "auto_lessons" / "plot_08_japanese_font.html").write_text(PAGE.format(body="<p>はい</p>"))
    assert check_english.main([str(tmp_path)]) == 0


@pytest.mark.heavy
def test_lesson_printout_is_japanese_when_the_docs_run_it_in_japanese():
    """Lesson 00a run as sphinx-gallery runs it for the Japanese site (ATTN_TEACH_LANG=ja, as
    __main__ in lessons/): its printout holds no English prose; in English it does (the check bites)."""

    def printout(language: str) -> str:
        env = dict(os.environ, ATTN_TEACH_LANG=language, MPLBACKEND="Agg")
        result = subprocess.run(
            [sys.executable, "plot_00a_what_attention_computes.py"],
            cwd=ROOT / "lessons",
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout

    assert check_english.output_findings(printout("ja")) == []
    assert "after dividing by" in " ".join(check_english.output_findings(printout("en")))


def test_the_site_check_runs_the_english_check_on_the_japanese_build_only(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "path", [*sys.path])  # check_site puts docs/ on the path to import its neighbour
    problems = load("check_site").check_languages(_two_languages(tmp_path, "<p>the mean of the heads hides this</p>"))
    assert "ja/index.html: prose: 'the mean of the heads hides this'" in problems
    assert not any(p.startswith("en/") and "prose" in p for p in problems)


SEARCHTOOLS = """const _finishSearch = (resultCount) => {
  Search.title.innerText = _("Search Results");
  Search.status.innerText = Documentation.ngettext(
      "Search finished, found one page matching the search query.",
      "Search finished, found ${resultCount} pages matching the search query.",
      resultCount,
    );
  const descr = objName + _(", in ") + title;
};"""


def _static_build(tmp_path, messages):
    static = tmp_path / "_static"
    static.mkdir(exist_ok=True)
    (static / "searchtools.js").write_text(SEARCHTOOLS, encoding="utf-8")
    # page text (not a script) that quotes a call: not a message the page asks for
    (static / "search_pages.js").write_text('window.ATTN_TEACH_SEARCH_PAGES = {"x": "_(\\"Layer\\")"};')
    catalogue = {"locale": "ja", "messages": messages, "plural_expr": "0"}
    (static / "translations.js").write_text(f"Documentation.addTranslations({json.dumps(catalogue)});")
    return tmp_path


def test_the_search_pages_words_are_read_from_its_scripts(tmp_path):
    static = _static_build(tmp_path, {}) / "_static"
    assert check_english.script_messages(static) == [
        "Search Results",
        "Search finished, found one page matching the search query.",
        ", in ",
    ]


def test_search_words_translated_pass(tmp_path):
    build = _static_build(
        tmp_path,
        {
            "Search Results": "検索結果",
            "Search finished, found one page matching the search query.": ["${resultCount}ページ"],
            ", in ": "、ページ：",
        },
    )
    assert check_english.translation_findings(build) == []


@pytest.mark.parametrize(
    ("message", "translated", "expected"),
    [
        (", in ", ", in ", "', in ' left in English"),  # Sphinx's Japanese catalogue
        ("Search finished, found one page matching the search query.", [""], "translated as empty"),
        ("Search finished, found one page matching the search query.", "", "translated as empty"),
        ("Search Results", None, "not translated"),
    ],
)
def test_a_search_word_left_english_or_empty_is_found(tmp_path, message, translated, expected):
    messages = {
        "Search Results": "検索結果",
        "Search finished, found one page matching the search query.": ["${resultCount}ページ"],
        ", in ": "、ページ：",
    }
    if translated is None:
        del messages[message]
    else:
        messages[message] = translated
    found = check_english.translation_findings(_static_build(tmp_path, messages))
    assert len(found) == 1 and expected in found[0], found


_GOOD = {
    "Search Results": "検索結果",
    "Search finished, found one page matching the search query.": ["${resultCount}ページ"],
    ", in ": "、ページ：",
}


@pytest.mark.parametrize(
    ("message", "translated", "expected"),
    [  # messages no script of the site asks for (Sphinx's Japanese catalogue, 9.0)
        ("Welcome! This is", "Welcome! This is", "left in English"),
        ("the documentation for", "the documentation for", "left in English"),
        ("Index &#x2013; %(key)s", "", "translated as empty"),
        ("Search finished", [""], "translated as empty"),
        ("Quick search", "Quick search", "left in English"),
        ("Go back", "Go back to the start\nページ", "has English: 'Go back to the start'"),
    ],
)
def test_every_message_of_the_catalogue_is_checked(tmp_path, message, translated, expected):
    found = check_english.translation_findings(_static_build(tmp_path, {**_GOOD, message: translated}))
    assert len(found) == 1 and expected in found[0] and repr(message) in found[0], found


@pytest.mark.parametrize(
    ("message", "translated"),
    [
        ("%(filename)s &#8212; %(docstitle)s", "%(filename)s &#8212; %(docstitle)s"),  # markup only
        ("Please activate JavaScript", "JavaScriptを有効にしてください。"),  # a name
        (
            'Created using <a href="https://www.sphinx-doc.org/">Sphinx</a> %(sphinx_version)s.',
            '<a href="https://www.sphinx-doc.org/">Sphinx</a> %(sphinx_version)sで作成',
        ),
        ("C API changes", "C APIに関する変更"),
    ],
)
def test_a_catalogue_message_with_markup_or_a_name_passes(tmp_path, message, translated):
    assert check_english.translation_findings(_static_build(tmp_path, {**_GOOD, message: translated})) == []


@pytest.mark.parametrize(
    ("message", "translated", "expected"),
    [  # Sphinx's Japanese catalogue (9.0) against the site's spacing and punctuation
        ("Search within %(docstitle)s", "%(docstitle)s 内を検索", "a space between a Latin word and Japanese"),
        ("C API changes", "C API に関する変更", "a space between a Latin word and Japanese"),
        ("Indices and tables:", "索引と表一覧:", "a half-width colon after Japanese text"),
        ("Preparing search...", "検索を準備しています...", "three ASCII dots after Japanese text"),
        ("Search finished", ["${resultCount} ページ"], "a space between a Latin word and Japanese"),
    ],
)
def test_every_message_of_the_catalogue_is_held_to_the_spacing_rule(tmp_path, message, translated, expected):
    found = check_english.translation_findings(_static_build(tmp_path, {**_GOOD, message: translated}))
    assert len(found) == 1 and expected in found[0] and repr(message) in found[0], found


def test_a_page_naming_a_version_switcher_is_found(tmp_path):
    """The theme's version banner (English in its script) shows only where a page names a switcher's JSON."""
    (tmp_path / "index.html").write_text("<script>DOCUMENTATION_OPTIONS.pagename = 'index';</script>")
    assert check_english.version_banner_findings(tmp_path) == []
    (tmp_path / "api.html").write_text(
        "<script>DOCUMENTATION_OPTIONS.theme_switcher_json_url = 'versions.json';\n"
        "DOCUMENTATION_OPTIONS.show_version_warning_banner = true;</script>"
    )
    found = check_english.version_banner_findings(tmp_path)
    assert len(found) == 1 and found[0].startswith("api.html: names a version switcher"), found


def test_the_site_check_reads_the_japanese_search_words(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "path", [*sys.path])
    site = _two_languages(tmp_path, "<p>はい</p>")
    for lang in ("en", "ja"):
        _static_build(site / lang, {", in ": ", in "})
    problems = load("check_site").check_languages(site)
    assert "ja/_static/translations.js: ', in ' left in English" in problems
    assert not any(p.startswith("en/_static/translations.js") for p in problems)


def test_the_search_page_and_its_script_ask_for_javascript_in_one_wording():
    """The theme's search page and Sphinx's script each have their own English message (one line, two
    lines); the site's ``sphinx.po`` gives both the same Japanese."""
    from babel.messages.pofile import read_po

    with (ROOT / "docs" / "locale" / "ja" / "LC_MESSAGES" / "sphinx.po").open("rb") as f:
        messages = {m.id: m.string for m in read_po(f) if m.id}
    page = messages["Please activate JavaScript to enable the search functionality."]
    script = messages["Please activate JavaScript to enable the search\n    functionality."]
    assert page == script == "検索機能を使うにはJavaScriptを有効にしてください。"
