"""The docs checkers catch what they are for: a page loading from the network, a wrong ``lang``,
a missing language link, an incomplete or outdated catalogue. Small hand-made sites and
catalogues, no Sphinx build."""

from __future__ import annotations

import pathlib
import shutil

import pytest
from docs_scripts import load

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs"


check_site = load("check_site")
check_catalogues = load("check_catalogues")

PAGE = """<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>
<a href="https://www.sphinx-doc.org/">a reference may point anywhere</a>
<a href="{switch}" hreflang="{other}">other language</a>{body}</body></html>"""


def _site(
    tmp_path: pathlib.Path, head: str = "", body: str = "", ja_lang: str = "ja", switch: str = "../en/page.html"
) -> pathlib.Path:
    for lang, other, link in (("en", "ja", "../ja/page.html"), ("ja", "en", switch)):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "page.html").write_text(
            PAGE.format(
                lang=ja_lang if lang == "ja" else lang,
                other=other,
                switch=link,
                head=head if lang == "ja" else "",
                body=body if lang == "ja" else "",
            ),
            encoding="utf-8",
        )
    return tmp_path


def _page_problems(site: pathlib.Path) -> list[str]:
    return check_site.check_page(site, "ja", site / "ja" / "page.html")


def test_a_clean_page_passes(tmp_path):
    assert _page_problems(_site(tmp_path)) == []


@pytest.mark.parametrize(
    "head, body",
    [
        ('<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>', ""),
        ('<link rel="stylesheet" href="//fonts.googleapis.com/css2?family=Noto+Sans+JP">', ""),
        ('<link rel="preload" as="font" href="http://example.org/font.woff2">', ""),
        ('<style>@import url("https://fonts.googleapis.com/css2?family=Inter");</style>', ""),
        ("", '<img src="https://example.org/figure.png" alt="">'),
        ("", '<img srcset="local.png 1x, https://example.org/figure@2x.png 2x" src="local.png" alt="">'),
        ("", '<div style="background: url(https://example.org/bg.png)"></div>'),
    ],
)
def test_anything_loaded_from_the_network_fails(tmp_path, head, body):
    problems = _page_problems(_site(tmp_path, head=head, body=body))
    assert len(problems) == 1 and "from the network" in problems[0], problems


def test_local_resources_pass(tmp_path):
    head = '<script src="_static/searchtools.js"></script><link rel="stylesheet" href="_static/theme.css">'
    assert _page_problems(_site(tmp_path, head=head, body='<img src="_images/fig.png" alt="">')) == []


def test_wrong_lang_fails(tmp_path):
    problems = _page_problems(_site(tmp_path, ja_lang="en"))
    assert problems == ['ja/page.html: <html lang="en">, expected lang="ja"']


@pytest.mark.parametrize("switch", ["../en/index.html", "../en/missing.html"])
def test_language_link_must_lead_to_the_same_page(tmp_path, switch):
    site = _site(tmp_path, switch=switch)
    (site / "en" / "index.html").write_text("<html lang='en'></html>", encoding="utf-8")
    problems = _page_problems(site)
    assert len(problems) == 1 and "does not lead to en/page.html" in problems[0], problems


def test_external_import_in_a_style_sheet_fails(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "theme.css").write_text(
        '@import "https://fonts.googleapis.com/css?family=Lato";\nbody { color: red; }', encoding="utf-8"
    )
    (tmp_path / "_static" / "ok.css").write_text('@font-face { src: url("fonts/fa.woff2"); }', encoding="utf-8")
    assert check_site.check_static(tmp_path) == [
        "_static/theme.css: loads https://fonts.googleapis.com/css?family=Lato from the network"
    ]


REDIRECT = (
    '<!DOCTYPE html><html lang="en"><head><meta http-equiv="refresh" content="{refresh}"></head>'
    '<body><a href="{link}">What changed since the article</a></body></html>'
)


def _redirect_site(tmp_path: pathlib.Path, refresh: str, link: str, new_page: bool = True) -> pathlib.Path:
    (tmp_path / "changes.html").write_text(REDIRECT.format(refresh=refresh, link=link), encoding="utf-8")
    if new_page:
        (tmp_path / "since_the_article.html").write_text("<html lang='en'></html>", encoding="utf-8")
    return tmp_path


def test_the_renamed_page_is_listed_as_a_redirect():
    assert check_site.REDIRECTS == {"changes": "since_the_article"}


def test_a_redirect_to_the_new_page_passes(tmp_path):
    site = _redirect_site(tmp_path, "0; url=since_the_article.html", "since_the_article.html")
    assert check_site.check_redirects(site) == []


@pytest.mark.parametrize(
    "refresh, link, new_page, expected",
    [
        ("0; url=index.html", "since_the_article.html", True, 'no <meta http-equiv="refresh"'),
        ("5; url=since_the_article.html", "since_the_article.html", True, 'no <meta http-equiv="refresh"'),
        ("0; url=since_the_article.html", "index.html", True, "no link to since_the_article.html"),
        ("0; url=since_the_article.html", "since_the_article.html", False, "since_the_article.html, which is missing"),
    ],
)
def test_a_redirect_that_leads_nowhere_fails(tmp_path, refresh, link, new_page, expected):
    problems = check_site.check_redirects(_redirect_site(tmp_path, refresh, link, new_page))
    assert len(problems) == 1 and expected in problems[0], problems


def test_a_missing_redirect_fails(tmp_path):
    assert check_site.check_redirects(tmp_path) == [
        "changes.html is missing: the old address of since_the_article.html must still lead there"
    ]


# -- catalogues ---------------------------------------------------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _catalogues(tmp_path: pathlib.Path, pot: str, po: str) -> tuple[pathlib.Path, pathlib.Path]:
    (tmp_path / "gettext").mkdir()
    (tmp_path / "gettext" / "index.pot").write_text(HEADER + pot, encoding="utf-8")
    (tmp_path / "ja" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "ja" / "LC_MESSAGES" / "index.po").write_text(HEADER + po, encoding="utf-8")
    return tmp_path / "gettext", tmp_path / "ja"


needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")

POT = 'msgid "Heatmap"\nmsgstr ""\n\nmsgid "Tokens"\nmsgstr ""\n'


@needs_msgfmt
def test_complete_catalogue_passes(tmp_path):
    po = 'msgid "Heatmap"\nmsgstr "ヒートマップ"\n\nmsgid "Tokens"\nmsgstr "トークン"\n'
    problems, counts = check_catalogues.check_catalogues(*_catalogues(tmp_path, POT, po))
    assert problems == []
    assert (counts["index"].translated, counts["index"].total, counts["index"].share) == (2, 2, 1.0)


@needs_msgfmt
@pytest.mark.parametrize(
    "po, expected",
    [
        ('msgid "Heatmap"\nmsgstr "ヒートマップ"\n\nmsgid "Tokens"\nmsgstr ""\n', "1 untranslated and 0 fuzzy"),
        (
            'msgid "Heatmap"\nmsgstr "ヒートマップ"\n\n#, fuzzy\nmsgid "Tokens"\nmsgstr "トークン"\n',
            "0 untranslated and 1 fuzzy",
        ),
        ('msgid "Heatmap"\nmsgstr "ヒートマップ"\n', "1 message(s) of the pages are not in the catalogue"),
        (
            'msgid "Heatmap"\nmsgstr "ヒートマップ"\n\n#~ msgid "Tokens"\n#~ msgstr "トークン"\n',
            "1 message(s) of the pages are not in the catalogue",
        ),  # obsolete is not current
    ],
)
def test_incomplete_or_outdated_catalogue_fails(tmp_path, po, expected):
    problems, _ = check_catalogues.check_catalogues(*_catalogues(tmp_path, POT, po))
    assert len(problems) == 1 and expected in problems[0], problems


def test_catalogue_for_no_page_fails(tmp_path):
    pot_dir, po_dir = _catalogues(tmp_path, POT, POT)
    (po_dir / "LC_MESSAGES" / "gone.po").write_text(HEADER, encoding="utf-8")
    problems, _ = check_catalogues.check_catalogues(pot_dir, po_dir)
    assert any(p.startswith("gone: catalogue") for p in problems), problems


@needs_msgfmt
def test_the_theme_catalogue_belongs_to_no_page_but_must_be_complete(tmp_path):
    complete = 'msgid "Heatmap"\nmsgstr "ヒートマップ"\n\nmsgid "Tokens"\nmsgstr "トークン"\n'
    pot_dir, po_dir = _catalogues(tmp_path, POT, complete)
    theme = po_dir / "LC_MESSAGES" / "sphinx.po"
    theme.write_text(HEADER + 'msgid "Color mode"\nmsgstr "表示の色"\n', encoding="utf-8")
    assert check_catalogues.check_catalogues(pot_dir, po_dir)[0] == []
    theme.write_text(HEADER + 'msgid "Color mode"\nmsgstr ""\n', encoding="utf-8")
    problems, _ = check_catalogues.check_catalogues(pot_dir, po_dir)
    assert len(problems) == 1 and problems[0].startswith("sphinx: 1 untranslated"), problems


@pytest.mark.parametrize(
    "body, stray",
    [
        (
            "<p>（<code>huggingface_hub</code> の）``hf download REPO`` でキャッシュに入ります。</p>",
            "``hf download REPO``",
        ),
        ("<p>**記事のステージ 2**（テンソル）</p>", "**記事のステージ 2**"),
        ("<p>詳しくは :ref:`article-stage-2` を見てください。</p>", ":ref:`article-stage-2`"),
    ],
)
def test_markup_left_as_text_by_a_translation_fails(tmp_path, body, stray):
    problems = _page_problems(_site(tmp_path, body=body))
    assert len(problems) == 1 and repr(stray) in problems[0], problems


def test_markup_inside_code_is_fine(tmp_path):
    body = '<pre>x = "``literal``"  # **kwargs</pre><p><code>**kwargs</code> と <code>x</code></p>'
    assert _page_problems(_site(tmp_path, body=body)) == []
