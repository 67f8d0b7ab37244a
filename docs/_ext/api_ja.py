"""The API page in Japanese around the docstrings: section labels, the views table, colons.

The API's docstrings are translated through ``api.po`` like any page; the words Sphinx and
numpydoc put around them are not in that catalogue: on a translated site this extension

* writes numpydoc's section labels in the site's language (``Parameters`` 引数, ``Returns`` 戻り値,
  ``Examples`` 例, ...), in field lists and rubrics alike, as Sphinx translates them: the site's
  ``docs/locale/ja/LC_MESSAGES/sphinx.po`` gives the words (a function's arguments are 引数;
  パラメーター is what a model has learned, the glossary's word);
* writes the table of the command line's views (:func:`attn_teach.view_registry.table`) in the
  site's language: the kit's own catalogue translates each view's description;
* writes the index entry of each module (Sphinx's untranslated pair ``module; NAME``) with Sphinx's
  own word for a module (モジュール), so that the general index says ``attn_teach`` → モジュール;
* ends every Japanese field name with a full-width colon (``ステージ：``, ``引数：``) instead of the
  half-width ``:`` Sphinx's HTML writer adds, on every page of the Japanese site.
"""

from __future__ import annotations

import re

from docutils import nodes

#: numpydoc's section labels; ``sphinx.po`` translates each
LABELS = (
    "Parameters",
    "Other Parameters",
    "Returns",
    "Yields",
    "Raises",
    "Warns",
    "Attributes",
    "Methods",
    "Examples",
    "Notes",
    "References",
    "See Also",
    "Warnings",
)
#: the header and the cells of the views table on the Japanese site
TABLE_WORDS_JA = {"draws": "描くもの", "yes": "○", "no": "－", "sep": "、"}
_COLON_EN = '<span class="colon">:</span>'
# a colon after a Japanese field name (パラメーター, ステージ); a parameter's own name keeps its ":"
_COLON_AFTER_JAPANESE = re.compile(r'(?<=[\u3040-\u30ff\u3400-\u9fff）」])<span class="colon">:</span>')


def translate_labels(app, doctree, docname, translate=None) -> None:
    """``doctree-resolved``: numpydoc's labels (field names and rubrics) in the site's language.

    ``translate`` is Sphinx's translation of its own strings (``sphinx.locale._``, which reads the
    site's ``sphinx.po`` first) unless given."""
    if app.config.language != "ja":
        return
    if translate is None:
        from sphinx.locale import _ as translate
    for node in doctree.findall(lambda n: isinstance(n, (nodes.field_name, nodes.rubric))):
        text = node.astext().strip()
        if text in LABELS:
            node.children = [nodes.Text(str(translate(text)))]


def module_index_word(doctree, word: str) -> None:
    """Each index entry ``pair: module; NAME`` (written by ``py:module`` in English) says ``word``."""
    from sphinx import addnodes

    for node in doctree.findall(addnodes.index):
        node["entries"] = [
            (kind, word + value[len("module") :], *rest)
            if kind == "pair" and value.startswith("module; ")
            else (kind, value, *rest)
            for kind, value, *rest in node["entries"]
        ]


def _module_index_transform():
    from sphinx.locale import _
    from sphinx.transforms import SphinxTransform

    class ModuleIndexWord(SphinxTransform):
        """Before the index domain collects a page's entries (priority 850), on a translated site."""

        default_priority = 845

        def apply(self, **kwargs) -> None:
            if self.config.language == "ja":
                module_index_word(self.document, str(_("module")))

    return ModuleIndexWord


def views_table_language(app, config) -> None:
    """``config-inited``: the views table in ``attn_teach.view_registry``'s docstring, in Japanese."""
    if config.language != "ja":
        return
    from attn_teach import view_registry

    english = view_registry.table()
    if english in (view_registry.__doc__ or ""):
        view_registry.__doc__ = view_registry.__doc__.replace(english, view_registry.table("ja", **TABLE_WORDS_JA))


def full_width_colons(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: a Japanese field name ends with ``：`` on the Japanese site."""
    if app.config.language == "ja" and _COLON_EN in context.get("body", ""):
        context["body"] = _COLON_AFTER_JAPANESE.sub('<span class="colon">：</span>', context["body"])


def setup(app):
    app.add_transform(_module_index_transform())
    app.connect("config-inited", views_table_language)
    app.connect("doctree-resolved", translate_labels)
    app.connect("html-page-context", full_width_colons)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
