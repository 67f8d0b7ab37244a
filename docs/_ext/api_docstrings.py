"""The API's docstrings in the catalogues, less their code; no members made by a third party.

The Japanese API page is translated in full (``docs/locale/ja/LC_MESSAGES/api.po``): autodoc's
docstring text goes through the catalogue like any page's. Two handlers keep out what is not the
kit's prose:

* :func:`code_untranslatable` (``doctree-read``): the code inside docstrings stays as written, out
  of the catalogue: a parameter's name (numpydoc's term ``**name**``), a type that is a bare name
  (``int``, ``numpy.ndarray``, a return type ``LoadedModel``), and the views table of
  ``attn_teach.view_registry``, which ``docs/_ext/api_ja.py`` writes in each language itself.
  Doctests and literal blocks stay out as Sphinx leaves them (``gettext_additional_targets``).
* :func:`skip_third_party` (``autodoc-skip-member``): a member that another library made is not
  the kit's API. matplotlib gives every ``Artist`` subclass its own ``set`` method, with
  matplotlib's docstring; :class:`attn_teach.views.cells.CellLabels` must not document it.
  (A method the kit overrides without a docstring, ``CellLabels.draw``, would borrow its base
  class's docstring: ``conf.py`` sets ``autodoc_inherit_docstrings = False``.)
"""

from __future__ import annotations

import re

from docutils import nodes

#: a type or name written as code: ``int``, ``numpy.ndarray``, ``LoadedModel``
_NAME = re.compile(r"[\w.]+")


def _from_docstring(node: nodes.Node) -> bool:
    """autodoc gives docstring nodes a source like ``.../attention.py:docstring of attn_teach.X``."""
    return "docstring of " in (getattr(node, "source", None) or "")


#: parameter names as numpydoc's term writes them: ``name``, ``x, y, z``, ``*args``
_NAMES = re.compile(r"\**[\w.]+(?:, \**[\w.]+)*")


def _code_or_space(node: nodes.Node) -> bool:
    """A parameter's name (not a sentence in bold: "**The other parameters are those of Attention.**")."""
    if isinstance(node, (nodes.strong, nodes.literal)):
        return bool(_NAMES.fullmatch(node.astext().strip()))
    return isinstance(node, nodes.Text) and not node.strip()


def _in_views_table(node: nodes.Node) -> bool:
    if "view_registry" not in (node.source or ""):
        return False
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.table):
        parent = parent.parent
    return parent is not None


def code_untranslatable(app, doctree: nodes.document) -> None:
    """``doctree-read``: mark the code inside docstrings untranslatable (see the module's docstring)."""
    for node in doctree.findall(nodes.TextElement):
        if not _from_docstring(node):
            continue
        text = node.astext().strip()
        if isinstance(node, nodes.term) and (_NAME.fullmatch(text) or all(map(_code_or_space, node.children))):
            node["translatable"] = False  # **name**, **x, y, z**, a return type such as LoadedModel
        elif isinstance(node, nodes.classifier) and _NAME.fullmatch(text):
            node["translatable"] = False  # int, numpy.ndarray
        elif _in_views_table(node):
            node["translatable"] = False  # written per language by api_ja


def skip_third_party(app, what, name, obj, skip, options) -> bool | None:
    """``autodoc-skip-member``: skip a callable that another library made (its ``__module__``)."""
    module = getattr(obj, "__module__", None)
    if callable(obj) and isinstance(module, str) and not module.startswith("attn_teach"):
        return True
    return None


def setup(app):
    app.connect("doctree-read", code_untranslatable)
    app.connect("autodoc-skip-member", skip_third_party)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
