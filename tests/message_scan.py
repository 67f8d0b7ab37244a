"""A scan of the package's source for messages a learner would read in English whatever their language."""

from __future__ import annotations

import ast


def _is_bare_text(node: ast.AST) -> bool:
    """A message written out in English in place: "..." or f"..." with a letter in its own text,
    also with .format(), + or % (an f-string of numbers and translated words only is not bare)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_is_bare_text(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _is_bare_text(node.left) or _is_bare_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_bare_text(node.func.value)
    return False


def untranslated(source: str, *, prints: bool) -> list[int]:
    """Line numbers of AttnTeachError(...) (and print(...) if ``prints``) whose message is bare text,
    and of _() calls made at import time (they would fix the language before the user chooses it)."""
    tree = ast.parse(source)
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "id", None)
            if (name == "AttnTeachError" or (prints and name == "print")) and _is_bare_text(node.args[0]):
                lines.append(node.lineno)
    for statement in tree.body:  # module level, outside functions and classes
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_":
                lines.append(node.lineno)
    return sorted(lines)
