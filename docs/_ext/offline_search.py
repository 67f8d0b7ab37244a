"""Search result snippets on a site opened from disk (``file://``), without a server.

Sphinx's search page shows, under each result, a few lines of the page around the words found.
It gets them by fetching the page (``fetch(page.html)``), and a browser refuses that for a
``file://`` address (a CORS error in the console, and no snippet). After an HTML build this
extension writes ``_static/search_pages.js``: the text of every page's article, kept with its
sections' ids (the anchors a result may point at), and nothing else. ``_static/offline_search.js``
(loaded on every page) answers the search page's fetches from it when the site is read from disk;
over HTTP it does nothing.
"""

from __future__ import annotations

import html
import json
import pathlib
import re

_ARTICLE = re.compile(r'<article class="bd-article"[^>]*>(.*?)</article>', re.S)
_DROP = re.compile(r"<(script|style|svg|math)\b.*?</\1>|<a class=\"headerlink\".*?</a>", re.S)
_SECTION = re.compile(r"<(/?)section\b([^>]*)>")
_TAG = re.compile(r"<[^>]+>")
# inline tags join their text to its neighbours: 「（<code>tiny-bert-en</code>での」 has no space to add
_INLINE = re.compile(r"</?(?:a|code|span|em|strong|b|i|kbd|sub|sup|cite|abbr|dfn|var|samp|mark|small)\b[^>]*>")


def _text(fragment: str) -> str:
    """The text of an HTML fragment: inline tags dropped, other tags a space."""
    return _TAG.sub(" ", _INLINE.sub("", fragment))


def page_text(page_html: str) -> str | None:
    """The article of a built page as ``<section id=...>`` elements around plain (escaped) text."""
    match = _ARTICLE.search(page_html)
    if not match:
        return None
    body = _DROP.sub(" ", match.group(1))
    pieces = []
    position = 0
    for section in _SECTION.finditer(body):
        pieces.append(html.escape(html.unescape(_text(body[position : section.start()]))))
        ids = re.search(r'id="([^"]*)"', section.group(2))
        pieces.append("</section>" if section.group(1) else f'<section id="{ids.group(1) if ids else ""}">')
        position = section.end()
    pieces.append(html.escape(html.unescape(_text(body[position:]))))
    return re.sub(r"\s+", " ", "".join(pieces)).strip()


def write_search_pages(app, exception) -> None:
    """``build-finished``: every page's text into ``_static/search_pages.js``."""
    if exception is not None or app.builder.format != "html":
        return
    out = pathlib.Path(app.outdir)
    pages = {}
    for path in sorted(out.rglob("*.html")):
        docname = path.relative_to(out).with_suffix("").as_posix()
        if docname.startswith("_") or docname in ("search", "genindex"):
            continue
        text = page_text(path.read_text(encoding="utf-8"))
        if text:
            pages[docname] = text
    script = "window.ATTN_TEACH_SEARCH_PAGES = " + json.dumps(pages, ensure_ascii=False) + ";\n"
    target = out / "_static" / "search_pages.js"
    temporary = target.with_name(".search_pages.js.tmp")
    temporary.write_text(script, encoding="utf-8")
    temporary.replace(target)


def setup(app):
    app.add_js_file("offline_search.js")
    app.connect("build-finished", write_search_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
