"""Japanese emphasis on the Japanese site: 傍点 (sesame dots), not a slanted font.

Sphinx writes ``*text*`` as ``<em>``, which browsers set in italics. A CJK font has no italic:
the browser slants the glyphs, which makes kanji look broken, and slanting is not how Japanese
emphasises. On a translated site this extension marks each emphasis whose text holds Japanese
(kana or kanji) with the class ``emphasis-ja``; ``_static/custom.css`` sets it upright with
``text-emphasis`` (傍点 over each character). Emphasis on a Latin word (*tofu*, *pickle*) keeps
its italics. ``docs/check_spacing.py`` refuses emphasis on a particle or half a word.
"""

from __future__ import annotations

import re

from docutils import nodes

CLASS = "emphasis-ja"
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def mark_japanese_emphasis(app, doctree, docname) -> None:
    """``doctree-resolved``: on a translated site, each Japanese emphasis gets the class ``emphasis-ja``."""
    if app.config.language in (None, "en"):
        return
    for node in doctree.findall(nodes.emphasis):
        if _JAPANESE.search(node.astext()) and CLASS not in node["classes"]:
            node["classes"].append(CLASS)


def setup(app):
    app.connect("doctree-resolved", mark_japanese_emphasis)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
