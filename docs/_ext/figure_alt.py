"""Alt text that says what a lesson figure shows, in the language the figure is drawn in.

sphinx-gallery gives each captured figure the alt text of its titles (the figure's suptitle and
the axes' titles), and, for a figure without titles, the lesson's file name ("plot 08 japanese
font"), which tells a reader with a screen reader nothing. The lessons draw their figures in the
page's language (``ATTN_TEACH_LANG``), so the text drawn on a figure is the best description at
hand: this extension lets sphinx-gallery's alt text read, in order, the suptitle, every axes'
title, the figure's own text (``fig.text``, notes under a panel) and, for axes without a title,
their axis labels ("x: key ... / y: query ..."). Nothing else changes.

It replaces ``sphinx_gallery.scrapers._matplotlib_fig_titles`` (where sphinx-gallery 0.19 reads
the titles); with a sphinx-gallery that has no such function it warns once and leaves alt texts
as they are. The replacement is made by ``matplotlib_scraper`` (``conf.py``'s image scraper) in
the process that scrapes the figure: when lessons run in parallel, that is a worker process,
which never ran this extension's ``setup``.
"""

from __future__ import annotations

import re

from sphinx.util import logging

logger = logging.getLogger(__name__)
_LIMIT = 400  # characters: alt text is read aloud in full
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# a title's line break after Japanese text or punctuation (。、）」), or before a full-width bracket or
# Japanese text, joins without a space, as Japanese does
_JAPANESE_BREAK = re.compile(
    r"(?<=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])\s*\n\s*|\s*\n\s*(?=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])"
)


def figure_description(fig) -> str:
    """Suptitle, axes titles, figure text and the axis labels of untitled axes, in drawing order."""
    parts: list[str] = []

    def add(text: str) -> None:
        text = " ".join(_JAPANESE_BREAK.sub("", text).split())
        if text and text not in parts:
            parts.append(text)

    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None:
        add(suptitle.get_text())
    for subfigure in getattr(fig, "subfigs", []):
        if getattr(subfigure, "_suptitle", None) is not None:
            add(subfigure._suptitle.get_text())
    row_labels = []  # a grid's row names: a y label with no x label ("層0"), after the titles
    for ax in fig.get_axes():
        titles = [ax.get_title(loc=loc) for loc in ("left", "center", "right")]
        for title in titles:
            add(title)
        if ax.get_label() == "<colorbar>":
            continue
        if ax.get_ylabel() and not ax.get_xlabel():
            row_labels.append(ax.get_ylabel())
        elif not any(titles):
            labels = [label for label in (ax.get_xlabel(), ax.get_ylabel()) if label]
            if labels:
                add(" / ".join(labels))
    for label in row_labels:
        add(label)
    for text in fig.texts:
        add(text.get_text())
    # Japanese parts are sentences of their own (。); an ASCII "; " does not belong in Japanese text
    japanese = any(_JAPANESE.search(part) for part in parts)
    description = ("。" if japanese else "; ").join(parts)
    return description if len(description) <= _LIMIT else description[: _LIMIT - 1] + "…"


def matplotlib_scraper(block, block_vars, gallery_conf, **kwargs):
    """sphinx-gallery's matplotlib scraper, with ``figure_description`` as the alt text."""
    from sphinx_gallery import scrapers

    if hasattr(scrapers, "_matplotlib_fig_titles"):
        scrapers._matplotlib_fig_titles = figure_description
    return scrapers.matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)


def setup(app):
    try:
        from sphinx_gallery import scrapers
    except ImportError:  # pragma: no cover - conf.py requires sphinx-gallery
        return {"parallel_read_safe": True}
    if hasattr(scrapers, "_matplotlib_fig_titles"):
        scrapers._matplotlib_fig_titles = figure_description
    else:
        logger.warning("figure_alt: this sphinx-gallery has no _matplotlib_fig_titles; alt texts unchanged")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
