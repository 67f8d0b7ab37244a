"""Check the built documentation site, both languages: pages complete, nothing from the network.

Run after ``python docs/build.py`` (which runs it)::

    python docs/check_site.py [docs/_build/html]

The site holds one build per language (``en/``, ``ja/``) and an ``index.html`` that links to
both. Every page of every build must:

* say its language in ``<html lang="...">``;
* link to the same page in the other language (the language switcher), and that page exists;
* show no reST markup as text (````code````, ``:ref:`...```, ``**strong**``: a translation that
  broke inline markup, e.g. with a full-width parenthesis right after ``**``);
* on the Japanese pages, show no English prose outside code, quotations and citations
  (``docs/check_english.py``; the lessons' printouts included), and the search page's scripts
  find every message they ask for translated, none empty, in ``_static/translations.js``;
* load nothing from another host: no ``http(s)://`` or ``//host`` address in a ``src``, ``srcset``,
  ``<link>`` (style sheet, font, icon, preload) or CSS ``url()``/``@import``, in the page or in
  the style sheets of ``_static/`` (links to references, ``<a href>``, may point anywhere).

Then, in each language's build: the list of lessons comes from ``lessons/plot_NN_*.py``, so a lesson that the gallery
did not turn into a page is caught. For each lesson the page must exist, show at least
one figure drawn by the lesson (``sphx_glr_plot_NN_*.png``, file present and a PNG),
and offer the lesson as a ``.py`` and an ``.ipynb`` download (files present). The
article, since_the_article and API pages must exist; the article page must carry the anchors
``article-stage-0`` to ``article-stage-11`` that lessons link to; the API page must
document every name in ``attn_teach.__all__`` and ``attn_teach.views.__all__``.
Every old page name in ``docs/_ext/redirects.py`` must still be a page that sends the reader
on to its new page: a ``<meta http-equiv="refresh">`` to it and a link to it, the new page
present.

Exit status 0 when everything is there, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import html
import html.parser
import importlib.util
import pathlib
import re
import sys

_HERE = str(pathlib.Path(__file__).resolve().parent)
if _HERE not in sys.path:  # imported by the tests too: the path grows once, not at every import
    sys.path.insert(0, _HERE)
import check_english  # noqa: E402  (English left on the Japanese pages)

ROOT = pathlib.Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
PAGES = ("index", "article", "since_the_article", "api", "auto_lessons/index")
STAGES = range(12)  # the article's stages 0..11
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _redirects() -> dict[str, str]:
    """Old page name -> new page name, from the extension that writes the redirect pages."""
    spec = importlib.util.spec_from_file_location("docs_redirects", ROOT / "docs" / "_ext" / "redirects.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.REDIRECTS)


REDIRECTS = _redirects()
REFRESH = re.compile(r"^\s*0\s*;\s*url=(?P<url>\S+)\s*$", re.IGNORECASE)


def lesson_names(folder: pathlib.Path = LESSONS) -> list[str]:
    """``plot_NN_name`` (or ``plot_NNa_name``) of every lesson file, in order."""
    return sorted(p.stem for p in folder.glob("plot_*.py") if re.match(r"plot_\d\d[a-z]?_", p.stem))


def _links(page: str, attribute: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(rf'{attribute}="([^"#]+)"', page)]


def _target(site: pathlib.Path, page_path: pathlib.Path, link: str) -> pathlib.Path:
    return (page_path.parent / link).resolve() if not link.startswith("/") else site / link.lstrip("/")


def check_lesson(site: pathlib.Path, name: str) -> list[str]:
    """Problems with one lesson's page (empty list: none)."""
    page_path = site / "auto_lessons" / f"{name}.html"
    if not page_path.is_file():
        return [f"{name}: no page auto_lessons/{name}.html (did sphinx-gallery see lessons/{name}.py?)"]
    page = page_path.read_text(encoding="utf-8")
    problems = []
    images = [src for src in _links(page, "src") if re.search(rf"sphx_glr_{re.escape(name)}_\d+\.png$", src)]
    if not images:
        problems.append(f"{name}: the page shows no figure of the lesson (no <img> of sphx_glr_{name}_NNN.png)")
    for src in images:
        path = _target(site, page_path, src)
        if not path.is_file() or not path.read_bytes().startswith(PNG_MAGIC):
            problems.append(f"{name}: figure {src} is missing or not a PNG")
    hrefs = _links(page, "href")
    for suffix in (".py", ".ipynb"):
        downloads = [h for h in hrefs if h.endswith(f"/{name}{suffix}")]
        if not downloads:
            problems.append(f"{name}: no {suffix} download link on the page")
        for href in downloads:
            if not _target(site, page_path, href).is_file():
                problems.append(f"{name}: download {href} is linked but the file is missing")
    return problems


def check_pages(site: pathlib.Path) -> list[str]:
    """Problems with the hand-written pages (empty list: none)."""
    problems = [f"page {p}.html is missing" for p in PAGES if not (site / f"{p}.html").is_file()]
    article = site / "article.html"
    if article.is_file():
        text = article.read_text(encoding="utf-8")
        problems += [
            f"article.html has no anchor article-stage-{n} (lessons link to it)"
            for n in STAGES
            if f'id="article-stage-{n}"' not in text
        ]
    api = site / "api.html"
    if api.is_file():
        text = api.read_text(encoding="utf-8")
        problems += [
            f"api.html does not document {name} (listed in {where}.__all__)"
            for where, name in public_names()
            if f'id="attn_teach.{name}"' not in text and f'id="attn_teach.views.{name}"' not in text
        ]
    return problems


def check_redirects(site: pathlib.Path, redirects: dict[str, str] | None = None) -> list[str]:
    """Problems with the pages left under old names (empty list: each leads to its new page)."""
    problems = []
    for old, new in (REDIRECTS if redirects is None else redirects).items():
        page_path = site / f"{old}.html"
        if not page_path.is_file():
            problems.append(f"{old}.html is missing: the old address of {new}.html must still lead there")
            continue
        parser = _Resources()
        parser.feed(page_path.read_text(encoding="utf-8"))
        refresh = REFRESH.match(parser.refresh or "")
        if not refresh or (page_path.parent / refresh["url"]).resolve() != (site / f"{new}.html").resolve():
            problems.append(f'{old}.html: no <meta http-equiv="refresh" content="0; url={new}.html">')
        if not any((page_path.parent / href).resolve() == (site / f"{new}.html").resolve() for href in parser.hrefs):
            problems.append(f"{old}.html: no link to {new}.html (for a browser that does not follow the refresh)")
        if not (site / f"{new}.html").is_file():
            problems.append(f"{old}.html leads to {new}.html, which is missing")
    return problems


def public_names() -> list[tuple[str, str]]:
    """``(module, name)`` for every name the package and its views export."""
    import importlib

    found: dict[str, str] = {}
    for module in ("attn_teach", "attn_teach.views"):
        for name in importlib.import_module(module).__all__:
            found.setdefault(name, module)
    return [(module, name) for name, module in found.items()]


LANGUAGES = ("en", "ja")
EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
VERBATIM = ("pre", "script", "style", "textarea")
STRAY_MARKUP = re.compile(r"``[^`]*``|:(?:ref|doc|func|class|meth|mod|download):`[^`]*`|\*\*[^*]+\*\*")
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""", re.IGNORECASE)


class _Resources(html.parser.HTMLParser):
    """The ``<html lang>``, the addresses a page loads, and its links to other pages."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.loads: list[str] = []  # addresses the browser fetches to render the page
        self.links: list[tuple[str, str]] = []  # (hreflang, href) of <a hreflang=...>
        self.hrefs: list[str] = []  # href of every <a>
        self.refresh: str | None = None  # content of <meta http-equiv="refresh">
        self._in_style = False
        self.stray_markup: list[str] = []  # reST left as text (a translation that broke inline markup)
        self._verbatim = 0  # depth inside <pre>, <script>, <style>, <textarea>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "a" and "hreflang" in a:
            self.links.append((a["hreflang"], a.get("href", "")))
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.refresh = a.get("content", "")
        if tag in ("script", "img", "iframe", "embed", "source", "audio", "video", "input", "track"):
            self.loads += [a[k] for k in ("src", "data", "poster") if a.get(k)]
        if a.get("srcset"):
            self.loads += [part.split()[0] for part in a["srcset"].split(",") if part.strip()]
        if tag == "object" and a.get("data"):
            self.loads.append(a["data"])
        if tag == "link" and a.get("rel", "").lower() not in (
            "canonical",
            "alternate",
            "next",
            "prev",
            "index",
            "search",
            "author",
            "license",
            "help",
        ):
            self.loads.append(a.get("href", ""))
        if a.get("style"):
            self.loads += CSS_URL.findall(a["style"])
        self._in_style = tag == "style"
        self._verbatim += tag in VERBATIM

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.loads += CSS_URL.findall(data)
        if not self._verbatim:
            self.stray_markup += [m.group(0) for m in STRAY_MARKUP.finditer(data)]

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag in VERBATIM and self._verbatim:
            self._verbatim -= 1


def check_page(site: pathlib.Path, language: str, page_path: pathlib.Path) -> list[str]:
    """Language, language switcher and external resources of one built page."""
    where = page_path.relative_to(site).as_posix()
    parser = _Resources()
    parser.feed(page_path.read_text(encoding="utf-8"))
    problems = []
    if parser.lang != language:
        problems.append(f'{where}: <html lang="{parser.lang}">, expected lang="{language}"')
    problems += [
        f"{where}: loads {url} from the network (the site must work offline)"
        for url in parser.loads
        if EXTERNAL.match(url)
    ]
    problems += [
        f"{where}: reST markup shown as text: {text[:60]!r} (check the translation's spacing around inline markup)"
        for text in parser.stray_markup
    ]
    for other in LANGUAGES:
        if other == language:
            continue
        hrefs = [href for lang, href in parser.links if lang == other]
        if not hrefs:
            problems.append(f"{where}: no link to the {other} page (language switcher)")
        for href in hrefs:
            target = (page_path.parent / href).resolve()
            same = (site / other / page_path.relative_to(site / language)).resolve()
            if target != same or not target.is_file():
                problems.append(f"{where}: the {other} link {href} does not lead to {same.relative_to(site)}")
    return problems


def built_pages(build: pathlib.Path) -> list[pathlib.Path]:
    """The pages of one build (``_static/``, ``_sources/``, ... hold files, not pages)."""
    return [
        p
        for p in sorted(build.rglob("*.html"))
        if not any(part.startswith("_") for part in p.relative_to(build).parts[:-1])
    ]


def check_static(site: pathlib.Path) -> list[str]:
    """External ``url()``/``@import`` in the style sheets the pages load."""
    return [
        f"{css.relative_to(site).as_posix()}: loads {url} from the network"
        for css in sorted(site.rglob("*.css"))
        for url in CSS_URL.findall(css.read_text(encoding="utf-8"))
    ]


def check_languages(site: pathlib.Path) -> list[str]:
    """Every problem in the two-language site at ``site`` (``index.html``, ``en/``, ``ja/``)."""
    if not (site / "index.html").is_file():
        return [f"{site} holds no built site (no index.html); run python docs/build.py first"]
    problems = []
    root = _Resources()
    root.feed((site / "index.html").read_text(encoding="utf-8"))
    for language in LANGUAGES:
        if (language, f"{language}/index.html") not in root.links:
            problems.append(f'index.html: no link <a hreflang="{language}" href="{language}/index.html">')
        build = site / language
        if not (build / "index.html").is_file():
            problems.append(f"{language}/: no build (no {language}/index.html)")
            continue
        problems += [f"{language}/{p}" for p in check_site(build)]
        if language == "ja":  # no English prose outside code and quotations (docs/check_english.py)
            problems += [f"ja/{finding}" for finding in check_english.check_build(build)]
            # and the search page's own words, which its scripts take from _static/translations.js
            problems += [f"ja/{finding}" for finding in check_english.translation_findings(build)]
            problems += [f"ja/{finding}" for finding in check_english.version_banner_findings(build)]
        for page_path in built_pages(build):
            problems += check_page(site, language, page_path)
    problems += check_page_external(site / "index.html", root, site) + check_static(site)
    return problems


def check_page_external(page_path: pathlib.Path, parser: _Resources, site: pathlib.Path) -> list[str]:
    return [
        f"{page_path.relative_to(site)}: loads {url} from the network" for url in parser.loads if EXTERNAL.match(url)
    ]


def check_site(site: pathlib.Path) -> list[str]:
    """Every problem found in one language's build at ``site`` (empty list: the site is complete)."""
    if not (site / "index.html").is_file():
        return [f"{site} holds no built site (no index.html); run sphinx-build first"]
    names = lesson_names()
    if not names:
        return [f"no lessons found in {LESSONS}"]
    problems = check_pages(site) + check_redirects(site)
    for name in names:
        problems += check_lesson(site, name)
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = pathlib.Path(args[0]) if args else ROOT / "docs" / "_build" / "html"
    problems = check_languages(site)
    if problems:
        print(f"docs site check FAILED ({len(problems)} problem(s)) in {site}:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    pages = sum(len(built_pages(site / language)) for language in LANGUAGES)
    moved = ", ".join(f"{old} -> {new}" for old, new in REDIRECTS.items())
    print(
        f"docs site check passed: {', '.join(LANGUAGES)}: {len(lesson_names())} lesson pages each with figures "
        f"and .py/.ipynb downloads, pages {', '.join(PAGES)}, redirects {moved}; "
        f"{pages} pages with the right lang, a link to "
        f"the other language and nothing loaded from the network"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
