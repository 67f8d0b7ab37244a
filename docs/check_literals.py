"""Check that every inline literal of a page's English survives its Japanese translation as code.

::

    python docs/check_literals.py                 # every catalogue under docs/locale/ja
    python docs/check_literals.py FILE.po ...     # only these catalogues

reST closes an inline literal only where its end-string is followed by a space or by certain
punctuation: ````x````（ and ````x````の are not closed, so docutils reads on to the next ``````
that is, and the Japanese prose in between is shown as code (and the backticks are shown too).
Such a translation needs ``\\ `` after the literal (````x``\\ （…``). A Japanese reader sees the
leak only on the built page; this check finds it in the catalogue.

For each message whose ``msgid`` has an inline literal, both the ``msgid`` and the ``msgstr`` are
parsed with docutils (as Sphinx parses them, default settings, no report shown) and the texts of
their ``literal`` nodes must be the same multiset: a translation keeps the code as written and
adds none. A message whose ``msgid`` has no literal is not checked.

A translation may differ on purpose: it writes a Japanese token as 「食べ」 where the English
writes ````食べ````, writes eager実装 for ````eager```` (the term base), or shows ``None`` as code
where the English writes it as a word. A translator comment above the message names each such
difference, ``# literals: -"食べ" +"None"`` (``-`` a literal of the English the translation
leaves out, ``+`` one it adds; a literal with a ``"`` in it is named in single quotes,
``-'{"s": 1}'``), and the check then holds the message to exactly those.

Prints one line per finding, ``file:line: literals differ: missing [...], extra [...]``.
Exit status 0 when every message keeps its literals, 1 otherwise.
"""

from __future__ import annotations

import collections
import pathlib
import re
import sys

from docutils import nodes
from docutils.core import publish_doctree

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_terms  # noqa: E402  (how the catalogues are read)

ROOT = pathlib.Path(__file__).resolve().parent.parent
LOCALE = ROOT / "docs" / "locale" / "ja"

#: docutils settings: nothing reported, nothing halts (Sphinx's roles are unknown to bare docutils)
_SETTINGS = {"report_level": 5, "halt_level": 5, "warning_stream": False, "file_insertion_enabled": False}


#: a translator comment naming the literals a translation leaves out (-) or adds (+) on purpose
_DECLARED = re.compile(r"""([+-])(?:"([^"]*)"|'([^']*)')""")


def declared(comments) -> tuple[collections.Counter, collections.Counter]:
    """``(left out, added)`` literals that a ``# literals: -"x" +"y"`` comment names."""
    out, added = collections.Counter(), collections.Counter()
    for comment in comments:
        if comment.strip().startswith("literals:"):
            for sign, double, single in _DECLARED.findall(comment):
                (out if sign == "-" else added)[double or single] += 1
    return out, added


def literals(text: str) -> collections.Counter:
    """The texts of the inline literals docutils finds in ``text`` (a multiset)."""
    if "``" not in text:
        return collections.Counter()
    tree = publish_doctree(text, settings_overrides=_SETTINGS)
    return collections.Counter(node.astext() for node in tree.findall(nodes.literal))


def check_message(msgid: str, msgstr: str, comments=()) -> tuple[list[str], list[str]] | None:
    """``(missing, extra)`` literals of the translation, or None when it keeps them all (but for the
    differences its ``# literals:`` comment declares)."""
    expected = literals(msgid)
    if not expected:
        return None
    found = literals(msgstr)
    missing, extra = expected - found, found - expected
    if (missing, extra) == declared(comments):
        return None
    return sorted(missing.elements()), sorted(extra.elements())


def check_catalogue(path: pathlib.Path) -> list[tuple[int, list[str], list[str]]]:
    """``(line, missing, extra)`` for every translated message of ``path`` whose literals differ."""
    findings = []
    for message, string in check_terms.translated(path):
        if isinstance(message.id, tuple):  # a plural: its forms have no one English to compare with
            continue
        result = check_message(message.id, string, message.user_comments)
        if result:
            findings.append((message.lineno, *result))
    return findings


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [pathlib.Path(a) for a in args] or sorted(LOCALE.rglob("*.po"))
    count = 0
    for path in paths:
        for line, missing, extra in check_catalogue(path):
            count += 1
            print(
                f"{path}:{line}: literals differ: missing {missing}, extra {extra}; close each ``literal`` "
                "(a space or '\\ ' after it) and keep the code as the English writes it, or name a deliberate "
                'difference in a comment \'# literals: -"x" +"y"\''
            )
    print(f"check_literals: {count} message(s) whose literals differ from the English", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
