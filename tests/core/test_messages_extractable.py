"""Every message the kit translates can be found by the extraction that builds the catalogues.

pybabel does not look inside f-strings: a ``_("...")`` written inside ``f"{...}"`` is
translated at run time only if someone added it to the catalogue by hand, and the
catalogue check cannot see it go stale. The kit writes such messages into a variable first.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "attn_teach").rglob("*.py")) + sorted((ROOT / "lessons").glob("*.py"))
KEYWORDS = {"_", "gettext", "N_", "tr"}


def translated_calls_inside_fstrings(tree: ast.AST) -> list[int]:
    """Line numbers of ``_()``-style calls that sit inside an f-string's expressions."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in KEYWORDS
                    and inner.args
                    and isinstance(inner.args[0], ast.Constant)  # a literal: the text pybabel would extract
                ):
                    lines.append(inner.lineno)
    return lines


def test_the_rule_finds_a_message_inside_an_fstring():
    assert translated_calls_inside_fstrings(ast.parse("x = f\"<p>{_('hidden')}</p>\"")) == [1]
    assert translated_calls_inside_fstrings(ast.parse("m = _('seen')\nx = f'<p>{m}</p>'")) == []
    assert translated_calls_inside_fstrings(ast.parse("x = f'{tr(TABLE[key])}'")) == []  # marked where TABLE is


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_translated_message_inside_an_fstring(path):
    found = translated_calls_inside_fstrings(ast.parse(path.read_text(encoding="utf-8")))
    assert not found, f"{path.name}: lines {found}: put the message in a variable first (pybabel skips f-strings)"
