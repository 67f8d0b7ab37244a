"""Check the register of the kit's Japanese printouts and figure text: plain form, never です・ます.

::

    python docs/check_register.py                 # every Japanese catalogue of the kit (attn_teach/locale)
    python docs/check_register.py FILE.po ...     # only these catalogues

A lesson's printout and a figure's text are labels and results: plain form (常体) or a noun
ending (体言止め), 「記事のリストには401点」, 「…倍の長さに描かれる」. A message *to* the learner
(a command-line error, a practice hint, a warning, the interactive view's instructions) is polite
(です・ます). The catalogue's ``#:`` source references tell which is which: a message used only in
``lessons/*.py`` and ``attn_teach/views/*.py`` is a printout or figure text. Where such a file
addresses the learner (a view's error or warning), a translator comment ``# register: polite``
above the message says so.

One page of the site is plain form throughout: the API page (``docs/locale/ja/LC_MESSAGES/api.po``)
is the package's docstrings, translated in だ・である, and its own framing paragraphs follow them.

Two more rules hold the same messages: a printout or figure names a layer by its number (「層3」,
never 「最終層」: prose may say 「最終層（層3）」), and says what it shows in the present
(「…のうち0.14が特殊トークンに向かう」, not 〜ていた).

Prints one line per finding, ``file:line: polite ending '…です' in a printout or figure: …``.
Exit status 0 when none is found, 1 otherwise.
"""

from __future__ import annotations

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs"))

import check_terms  # noqa: E402  (docs/ is not a package)

#: source files whose messages are printouts or figure text (plain form)
PRINTOUT_SOURCES = (re.compile(r"lessons/[^/]+\.py"), re.compile(r"attn_teach/views/[^/]+\.py"))
#: the site's catalogues written in plain form throughout (the API page: translated docstrings)
PLAIN_PAGES = ("api.po",)

#: the translator comment that marks a message of those files as addressed to the learner
POLITE_COMMENT = "register: polite"
# a polite ending: です, ます and their forms, at the end of a clause (not 〜ますます or a verb stem)
_POLITE = re.compile(r"(?<!ます)(?:です|でした|でしょう|ます|ました|ません|ましょう|ください)(?![ぁ-ゖ])")


# a layer named without its number; a past progressive (〜ていた) at the end of a clause
_LAST_LAYER = re.compile(r"最終層")
_PAST = re.compile(r"[てで]いた(?![ぁ-ゖ])")


def layer_and_tense(text: str) -> list[str]:
    """An excerpt around each 最終層 (write 層{layer}) and each 〜ていた (write the present) in ``text``."""
    plain = check_terms.prose(text, None)
    return [plain[max(0, m.start() - 10) : m.end() + 2] for p in (_LAST_LAYER, _PAST) for m in p.finditer(plain)]


def polite_endings(text: str) -> list[str]:
    """An excerpt around each です・ます ending in ``text`` (code and ``{fields}`` left out)."""
    plain = check_terms.prose(text, None)
    return [plain[max(0, m.start() - 10) : m.end() + 2] for m in _POLITE.finditer(plain)]


def is_printout(locations, comments) -> bool:
    """True for a message used only in lessons and views (by its ``#:`` references) and not marked polite."""
    files = [str(location[0]) for location in locations]
    if not files or any(comment.strip() == POLITE_COMMENT for comment in comments):
        return False
    return all(any(pattern.fullmatch(name) for pattern in PRINTOUT_SOURCES) for name in files)


def plain_page(path: pathlib.Path) -> bool:
    """True for a page of the site written in plain form throughout (:data:`PLAIN_PAGES`)."""
    return check_terms.site_catalogue(path) and path.name in PLAIN_PAGES


def check_catalogue(path: pathlib.Path) -> list[tuple[int, str]]:
    """``(line, excerpt)`` of every polite ending in a printout or figure message of one catalogue
    (in every message of a :func:`plain_page`)."""
    everything = plain_page(path)
    return [
        (message.lineno, excerpt)
        for message, string in check_terms.translated(path)
        if everything or is_printout(message.locations, message.user_comments)
        for excerpt in polite_endings(string)
    ]


def check_layer_and_tense(path: pathlib.Path) -> list[tuple[int, str]]:
    """``(line, excerpt)`` of every 最終層 or 〜ていた in a printout or figure message of one catalogue
    (a message to the learner, ``# register: polite``, is prose and may say 最終層)."""
    return [
        (message.lineno, excerpt)
        for message, string in check_terms.translated(path)
        if is_printout(message.locations, message.user_comments)
        for excerpt in layer_and_tense(string)
    ]


def kit_catalogues(root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    """The kit's Japanese catalogues (``attn_teach/locale``); the site's pages are prose, です・ます."""
    return [p for p in check_terms.japanese_catalogues(root) if not check_terms.site_catalogue(p)]


def plain_pages(root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    """The site's catalogues written in plain form throughout (the API page)."""
    return [p for p in check_terms.japanese_catalogues(root) if plain_page(p)]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [pathlib.Path(a) for a in args] or kit_catalogues() + plain_pages()
    count = 0
    for path in paths:
        for line, excerpt in check_catalogue(path):
            count += 1
            print(
                f"{path}:{line}: polite ending in a printout or figure: …{excerpt}…; write plain form "
                f"(常体 or a noun ending), or mark a message to the learner '# {POLITE_COMMENT}'"
            )
        for line, excerpt in check_layer_and_tense(path):
            count += 1
            print(
                f"{path}:{line}: in a printout or figure: …{excerpt}…; name the layer by its number "
                f"(層{{layer}}, not 最終層) and say what the figure shows in the present (向かう)"
            )
    if count:
        print(f"register check FAILED: {count} finding(s)", file=sys.stderr)
        return 1
    print(f"register check passed: {len(paths)} catalogue(s), printouts and figures in plain form")
    return 0


if __name__ == "__main__":
    sys.exit(main())
