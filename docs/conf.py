"""Sphinx configuration: the lessons as a sphinx-gallery, the library's API, the article's stages.

Build both languages (English in ``docs/_build/html/en/``, Japanese in ``docs/_build/html/ja/``),
with warnings as errors, and check the result::

    pip install -e ".[docs]" && python docs/build.py

The Japanese pages are the English ones translated through gettext catalogues
(``docs/locale/ja/LC_MESSAGES/*.po``, managed with ``sphinx-intl``); ``docs/build.py`` runs
the lessons once, in the English build, and the Japanese build reuses their pages and figures.

sphinx-gallery runs every ``lessons/plot_NN_*.py`` as ``__main__`` (in file-name order),
keeps the figures each one draws and writes one page per lesson into ``docs/auto_lessons/``,
with the lesson as a ``.py`` file and a Jupyter notebook to download. The lessons import
``attn_teach`` from the installed package and use its embedded models: the build never
reaches for the network.
"""

from __future__ import annotations

import os
import sys
import warnings

# -- environment: set before anything imports transformers or huggingface_hub ---------------
os.environ["HF_HUB_OFFLINE"] = "1"  # lessons use the embedded models; never the network
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no "Loading weights 0%|..." in the pages
sys.dont_write_bytecode = True  # leave no __pycache__ in lessons/ (examples run in their folder)
# The same two settings for the processes that run lessons in parallel (sphinx_gallery_conf's
# "parallel" below): they start from the environment, not from this process's state.
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
os.environ["PYTHONWARNINGS"] = "error:Glyph:UserWarning"

# A label drawn as boxes is a broken figure: fail the build, as the image tests do
# (pyproject.toml: "error:Glyph:UserWarning").
warnings.filterwarnings("error", message="Glyph", category=UserWarning)

import attn_teach  # noqa: E402  (after the environment above)

# -- project ------------------------------------------------------------------------------
project = "attn_teach"
author = "attn_teach contributors"
copyright = "attn_teach contributors"
release = version = attn_teach.__version__
language = "en"  # docs/build.py passes -D language=ja for the Japanese site

# -- translations (gettext) ---------------------------------------------------------------
locale_dirs = ["locale/"]  # docs/locale/ja/LC_MESSAGES/<page>.po
gettext_compact = False  # one catalogue per page: auto_lessons/plot_NN_name.po, index.po, ...
gettext_location = False  # no "file:line" comments: catalogues change only when a message does
gettext_uuid = False
# A figure with a Japanese twin (``_static/heatmap.ja.png`` beside ``heatmap.png``) is shown on the
# Japanese site (Sphinx's default figure_language_filename, stated here).
# Both are copies of lesson 04's image-test baselines (baseline_images/test_lesson_figure_plot_04_heatmap-
# figure_heatmap.png and its baseline_images/ja/ twin): copy them again when those change.
figure_language_filename = "{root}.{language}{ext}"
# API docstrings are translated in full (api.po), like any page; their code stays out of the
# catalogues (docs/_ext/api_docstrings.py; doctests and literal blocks as Sphinx leaves them).

# -- math -----------------------------------------------------------------------------------
# Sphinx's default renders math with MathJax loaded from a CDN, and the site must work from a
# disk with no network; imgmath would need LaTeX, which CI does not have. docs/_ext/mathml.py
# writes each formula into the page as MathML (latex2mathml, at build time), which browsers
# draw themselves: no script, no font, no network.
_EXT = os.path.join(os.path.dirname(__file__), "_ext")
sys.path.insert(0, _EXT)
# ... and for the worker processes that run lessons in parallel (they import figure_alt's scraper by name)
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [_EXT, os.environ.get("PYTHONPATH")]))
html_math_renderer = "mathml"

extensions = [
    "sphinx.ext.autodoc",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "mathml",  # docs/_ext/mathml.py
    "glossary_ja",  # docs/_ext/glossary_ja.py: Japanese glossary by reading, English beside
    "offline_search",  # docs/_ext/offline_search.py: search result snippets from file://
    "figure_alt",  # docs/_ext/figure_alt.py: alt text from what a lesson figure draws
    "redirects",  # docs/_ext/redirects.py: a renamed page's old address leads to the new one
    "api_docstrings",  # docs/_ext/api_docstrings.py: docstrings translated, their code kept out
    "api_ja",  # docs/_ext/api_ja.py: numpydoc's labels, the views table and field colons in Japanese
    "translations_js",  # docs/_ext/translations_js.py: the search page's words from sphinx.po too
    "emphasis_ja",  # docs/_ext/emphasis_ja.py: Japanese emphasis as 傍点, not slanted
]
exclude_patterns = ["_build", "locale"]
templates_path = ["_templates"]

# -- lessons gallery ----------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../lessons",  # the lessons, also installed as attn_teach.lessons
    "gallery_dirs": "auto_lessons",  # labels: sphx_glr_auto_lessons_plot_NN_name.py
    "filename_pattern": r"/plot_\d\d[a-z]?_",  # every lesson, plot_00a_... too: each page shows its figures
    "ignore_pattern": r"__init__\.py",
    "within_subsection_order": "FileNameSortKey",  # lesson 00, 01, ... as in the article
    "reset_modules": ("matplotlib", "seaborn"),  # matplotlib defaults before each lesson: views carry their own style
    # figures reached through pyplot, with alt texts that say what they show (docs/_ext/figure_alt.py)
    # (named, not imported: a function in the configuration could not be cached by Sphinx)
    "image_scrapers": ("figure_alt.matplotlib_scraper",),
    "capture_repr": ("_repr_html_", "__repr__"),  # a cell ending in interactive(...) shows the live view
    "remove_config_comments": True,
    "download_all_examples": True,
    "min_reported_time": float("inf"),  # no running time on the pages: it would change every catalogue
    "write_computation_times": False,  # no sg_execution_times page: builds are reproducible
    "show_signature": False,
    # build speed: lessons run two at a time (one on a one-core machine), each in a worker process
    # (joblib); the lessons share nothing but the embedded models, which each worker loads once.
    # ATTN_TEACH_DOCS_JOBS=1: in order. Pages come out the same either way (compared: the same HTML
    # but for the interactive views' random ids and float noise in two printed differences of 1e-7)
    "parallel": int(os.environ.get("ATTN_TEACH_DOCS_JOBS", str(min(2, os.cpu_count() or 1)))),
}

# -- API ----------------------------------------------------------------------------------
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"  # numpydoc sections carry the types
numpydoc_show_class_members = False  # members are listed by autodoc itself
# a method the kit overrides without a docstring (CellLabels.draw) is matplotlib's API, not the kit's:
# no docstring inherited from a third-party base class, so autodoc (without undoc-members) leaves it out
autodoc_inherit_docstrings = False

# -- HTML ---------------------------------------------------------------------------------
# pydata-sphinx-theme: light and dark modes, search, and its icons (Font Awesome) bundled in
# _static. It loads nothing from another host; docs/check_site.py checks every built page.
html_theme = "pydata_sphinx_theme"
html_title = f"attn_teach {release}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
# _static/figures.js: a figure opens at full size; _static/search_words.js: Japanese queries split
# into the words of the search index
html_js_files = ["figures.js", "search_words.js"]
html_theme_options = {
    "navbar_end": ["language-switcher", "theme-switcher"],  # _templates/language-switcher.html
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    # lesson pages: no "on this page" column, so that 110-character code lines fit beside the lesson list
    "secondary_sidebar_items": {"*": ["page-toc"], "auto_lessons/*": []},  # "*" stops at "/"
    # The theme's version-warning banner is hard-coded English in its script ("This is documentation
    # for ...", "Switch to stable version"). It can show only with a version switcher ("switcher": a
    # versions JSON), which the site does not have: one version, built offline. Keep it off;
    # docs/check_english.py fails if a Japanese page names a switcher's JSON.
    "show_version_warning_banner": False,
}
# wide tables, and pages outside the lesson list: no (empty) left sidebar on these pages
html_sidebars = {"api": [], "since_the_article": [], "glossary": [], "practice": [], "troubleshooting": []}
# Japanese search: Sphinx splits Japanese text into words with janome (a morphological analyser,
# pure Python), so that 注意機構, 特殊トークン or 文字化け are words of the index. English ignores it.
html_search_options = {"type": "sphinx.search.ja.JanomeSplitter"}
html_show_sourcelink = False
html_context = {"languages": (("en", "English"), ("ja", "日本語"))}  # the language switcher's choices


# The views in the order the lessons introduce them; views not listed here follow, by name.
VIEW_ORDER = [
    "layer_panels",
    "heatmap",
    "heads",
    "received_plot",
    "attention_from",
    "attention_to",
    "scatter3d",
    "bars_by_layer",
    "grid",
    "rollout_view",
]
VIEWS_MARKER = ".. views-autodoc:"


def _list_views(app, docname, source):
    """``source-read`` handler: document every name in ``attn_teach.views.__all__`` on the API page.

    A view that the top-level package also exports is documented under that name
    (``attn_teach.heatmap``), the name lessons and docstrings use; the others under
    ``attn_teach.views``. A view added to the package appears without editing ``api.rst``.
    """
    if docname != "api" or VIEWS_MARKER not in source[0]:
        return
    import attn_teach.views

    names = list(attn_teach.views.__all__)
    ordered = [n for n in VIEW_ORDER if n in names] + sorted(n for n in names if n not in VIEW_ORDER)
    top = set(attn_teach.__all__)
    directives = "".join(
        f".. autofunction:: {'attn_teach' if name in top else 'attn_teach.views'}.{name}\n\n" for name in ordered
    )
    source[0] = source[0].replace(VIEWS_MARKER, directives + "..", 1)


def _translate_lesson_cards(app, doctree, docname):
    """``doctree-resolved`` handler: the lesson cards of the gallery index show translated text.

    sphinx-gallery writes each card as raw HTML, which gettext cannot reach: its visible title, and
    the ``tooltip`` attribute shown on hover (the lesson's first paragraph). The card's (hidden) link
    to the lesson names the lesson; its title is the link's text, as translated on the lesson's own
    page, and its tooltip is the text of that page's first paragraph, as translated there.
    """
    import html
    import re

    from docutils import nodes

    if app.config.language == "en" or not docname.endswith("auto_lessons/index"):
        return
    found = list(doctree.findall(lambda n: isinstance(n, (nodes.reference, nodes.raw))))
    for index, node in enumerate(found):
        if not isinstance(node, nodes.raw):
            continue
        text = node.astext()
        if "sphx-glr-thumbcontainer" in text and "tooltip=" in text:
            link = next((n for n in found[index + 1 :] if isinstance(n, nodes.reference)), None)
            intro = _lesson_intro(app, docname, link) if link is not None else None
            if intro is not None:
                escaped = html.escape(intro)
                text = re.sub(r'tooltip="[^"]*"', lambda _, shown=escaped: f'tooltip="{shown}"', text, count=1)
        if "sphx-glr-thumbnail-title" in text:
            link = next((n for n in reversed(found[:index]) if isinstance(n, nodes.reference)), None)
            if link is not None and "plot_" in link.get("refuri", ""):
                head, tag, rest = text.partition('<div class="sphx-glr-thumbnail-title">')
                _, end, tail = rest.partition("</div>")
                text = head + tag + html.escape(link.astext()) + end + tail
        if text != node.astext():
            node.replace(node.children[0], nodes.Text(text))


def _lesson_intro(app, docname, link):
    """The text of the first paragraph of the lesson ``link`` points to (translated), or None."""
    import posixpath

    from docutils import nodes

    uri = link.get("refuri", "").split("#")[0]
    if "plot_" not in uri:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), uri))
    target = target.removesuffix(app.builder.out_suffix) if hasattr(app.builder, "out_suffix") else target
    if target not in app.env.all_docs:
        return None
    lesson = app.env.get_and_resolve_doctree(target, app.builder)  # cross-references show their titles
    section = next(iter(lesson.findall(nodes.section)), None)
    first = next((n for n in section.children if isinstance(n, nodes.paragraph)), None) if section else None
    return " ".join(first.astext().split()) if first is not None else None


def _theme_strings(app, config):
    """``config-inited``: theme options that are text, in the site's language (-D language=ja)."""
    if config.language == "ja":
        config.html_theme_options["header_dropdown_text"] = "その他"  # the top bar's "More"
        config.html_theme_options["search_bar_text"] = "サイト内を検索…"  # the search field's placeholder
        config.copyright = "attn_teachの貢献者"  # the footer: 「© attn_teachの貢献者」 (sphinx.po)


def setup(app):
    app.connect("config-inited", _theme_strings)
    app.connect("source-read", _list_views)
    app.connect("doctree-resolved", _translate_lesson_cards)
