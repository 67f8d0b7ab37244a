"""docs/_ext/api_docstrings.py: docstring prose goes to the catalogue, its code and matplotlib's members do not."""

from __future__ import annotations

import pathlib
import sys

from docutils import nodes

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "docs" / "_ext"))
import api_docstrings  # noqa: E402

DOCSTRING = "/src/attn_teach/models/loading.py:docstring of attn_teach.models.loading.load_model"


def _parameter(name: str, kind: str, description: str, source: str = DOCSTRING) -> nodes.definition_list_item:
    """numpydoc's ``**name** : kind`` then its description, as autodoc hands it to Sphinx."""
    term = nodes.term("", "", nodes.strong(text=name), nodes.Text(" "))
    classifier = nodes.classifier(text=kind)
    paragraph = nodes.paragraph(text=description)
    item = nodes.definition_list_item("", term, classifier, nodes.definition("", paragraph))
    for node in (term, classifier, paragraph):
        node.source = source
    return item


def _marks(*items: nodes.Node) -> list[tuple[str, object]]:
    document = nodes.document(None, None)
    document += nodes.definition_list("", *items)
    api_docstrings.code_untranslatable(None, document)
    return [(node.astext(), node.get("translatable")) for node in document.findall(nodes.TextElement)]


def test_names_and_bare_types_stay_code_prose_and_worded_types_are_translated():
    assert _marks(_parameter("layers", "sequence of int, optional", "Layers to keep.")) == [
        ("layers ", False),  # the parameter's name: code
        ("layers", None),
        ("sequence of int, optional", None),  # a type in words: translated (int のシーケンス（省略可）)
        ("Layers to keep.", None),  # the description: translated
    ]
    assert _marks(_parameter("name", "numpy.ndarray", "A name."))[2] == ("numpy.ndarray", False)
    assert _marks(_parameter("x, y, z", "int", "Cell positions."))[0] == ("x, y, z ", False)
    # numpydoc writes "The other parameters are those of Attention." as a term: a sentence, translated
    assert _marks(_parameter("The other parameters are those of Attention.", "", ""))[0][1] is None


def test_text_that_is_not_a_docstring_is_left_alone():
    assert {mark for _, mark in _marks(_parameter("name", "int", "x", source="/docs/api.rst"))} == {None}


def test_the_views_table_is_left_to_api_ja():
    source = "/src/attn_teach/view_registry.py:docstring of attn_teach.view_registry"
    cell = nodes.paragraph(text="query x key weights as colours")
    cell.source = source
    prose = nodes.paragraph(text="What --view takes.")
    prose.source = source
    document = nodes.document(None, None)
    document += nodes.table("", nodes.tgroup("", nodes.tbody("", nodes.row("", nodes.entry("", cell)))))
    document += prose
    api_docstrings.code_untranslatable(None, document)
    assert (cell.get("translatable"), prose.get("translatable")) == (False, None)


def test_members_made_by_matplotlib_are_skipped_the_kits_are_not():
    from attn_teach.views import cells

    skip = api_docstrings.skip_third_party
    assert skip(None, "method", "set", cells.CellLabels.set, False, {}) is True  # matplotlib made it
    assert skip(None, "function", "annotate_cells", cells.annotate_cells, False, {}) is None
    assert skip(None, "class", "CellLabels", cells.CellLabels, False, {}) is None
    assert skip(None, "data", "ANNOTATE_MAX", 34, False, {}) is None
