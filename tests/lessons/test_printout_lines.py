"""A printout's line is one translated message with placeholders, so Japanese reads 「行の和：[1. 1.]」.

``print(_("row sums:"), sums)`` puts print's separator, a space, after the label: 「行の和： [1. 1.]」
in Japanese, where a full-width colon takes no space. And a token passed through ``repr()`` into a
message prints ASCII quotes ('love') where Japanese quotes tokens with 「」 (:func:`attn_teach.i18n.quote`).
Both are read from the source of the lessons and the package with :mod:`ast`.
"""

from __future__ import annotations

import ast
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "lessons").glob("*.py")) + sorted((ROOT / "attn_teach").rglob("*.py"))
GETTEXT = {"_", "gettext", "pgettext", "ngettext"}


def _translates(node: ast.AST) -> bool:
    """True when ``node`` holds a gettext call (``_("…")``, ``_("…").format(…)``, ``_("…") + "\\n"``)."""
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in GETTEXT for n in ast.walk(node)
    )


def split_prints(source: str) -> list[int]:
    """Lines of ``print(...)`` calls where a translated argument is followed by another argument."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            if any(_translates(arg) for arg in node.args[:-1]):
                found.append(node.lineno)
    return found


TOKEN_FIELD = re.compile(r"token|label|word|key|query|char|gainer|loser")


def repr_fields(source: str) -> list[int]:
    """Lines where ``repr(…)`` fills a token's field of a translated message (``_("…").format(token=repr(t))``);
    an object's repr (``attention=repr(attention)``, code) may stay."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and _translates(node.func.value)
        ):
            values = [k.value for k in node.keywords if k.arg and TOKEN_FIELD.search(k.arg)]
            if any(
                isinstance(n, ast.Call) and getattr(n.func, "id", None) == "repr" for v in values for n in ast.walk(v)
            ):
                found.append(node.lineno)
    return found


@pytest.mark.parametrize(
    "source, lines",
    [
        ('print(_("row sums:"), sums)', [1]),
        ('print(_("scores:") + "\\n", scores)', [1]),
        ('print(_("causal:"), c, "|", _("above:"), a)', [1]),
        ('print(_("row sums: {sums}").format(sums=sums))', []),
        ('print(_("scores:"))\nprint(scores)', []),
        ('print("tokenize():", labels)', []),  # code's own words, not translated
        ('print(x, _("(not probabilities)"))', []),  # the message last: nothing follows it
    ],
)
def test_the_split_print_rule(source, lines):
    assert split_prints(source) == lines


@pytest.mark.parametrize(
    "source, lines",
    [
        ('_("token {token}").format(token=repr(t))', [1]),
        ('_("{n} missing: {characters}").format(n=1, characters=" ".join(repr(c) for c in cs))', [1]),
        ('_("token {token}").format(token=quote(t))', []),
        ('_("{out}: {attention}").format(out=o, attention=repr(a))', []),  # an object's repr is code
        ('f"{t!r}"', []),
    ],
)
def test_the_repr_field_rule(source, lines):
    assert repr_fields(source) == lines


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_printouts_are_one_message_with_placeholders(path):
    source = path.read_text(encoding="utf-8")
    assert split_prints(source) == [], f"{path.name}: build the line with a placeholder, _('label: {{value}}')"
    assert repr_fields(source) == [], f"{path.name}: quote a token with attn_teach.i18n.quote, not repr()"


# An English printout lists labelled values as a sentence does, with ", " or "; ": a run of spaces
# or " | " between them reads as a log (lesson 12's "next 0.59  previous 0.13"). A table's padded
# columns ({name:28}) have no "label: value" before their spaces and are left alone.
LOG_SEPARATOR = re.compile(r":[ \t]*[^\s,;]+[ \t]{2,}(?=\S)|[ \t]\|[ \t]")


def lesson_messages(source: str) -> list[str]:
    """The English text of every gettext call (``_("…")``) in one source file."""
    return [
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in GETTEXT
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


@pytest.mark.parametrize(
    ("message", "log_like"),
    [
        ("layer {layer} head {head}: next {next:.2f}  previous {previous:.2f}", True),
        ("layer {layer}: {raw:.2f}   rollout: {rolled:.2f}", True),
        ("ids fed: {fed} | tokenize(): {pieces}", True),
        ("layer {layer} head {head}: next {next:.2f}, previous {previous:.2f}", False),
        ("tokens of the ids fed: {fed}; tokenize(): {pieces}", False),
        ("{name:28}{parameters:>13,} parameters  {layers:>2} layers", False),  # a table row
        ("scaled softmax:   {weights}", False),  # aligned under the line above it
    ],
)
def test_the_log_separator_rule(message, log_like):
    assert bool(LOG_SEPARATOR.search(message)) is log_like


def test_english_printouts_separate_labelled_values_as_a_sentence_does():
    found = [
        f"{path.relative_to(ROOT)}: {message!r}"
        for path in sorted((ROOT / "lessons").glob("*.py"))
        for message in lesson_messages(path.read_text(encoding="utf-8"))
        if LOG_SEPARATOR.search(message)
    ]
    assert found == [], "labelled values joined by spaces or ' | ' (write ', ' or '; '):\n" + "\n".join(found)
