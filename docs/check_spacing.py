"""Find stray spaces around inline markup, and half-width colons, in the Japanese catalogues.

::

    python docs/check_spacing.py                # every Japanese .po of the repository
    python docs/check_spacing.py FILE.po ...    # only these catalogues

reST needs a space (or ``\\ ``, an escaped space that prints nothing) before and after inline
markup. Between Japanese words a real space shows on the page: 「ラベルが 文字化け し、」. Where
markup that is not code touches Japanese text, the catalogue must write ``\\ `` instead: markup that
shows Japanese (``:term:`文字化け <mojibake>```, ``**重要**``) and, as the site writes no space
between Japanese and a plain Latin word either, markup that shows Latin text (``**attn_teach**\\ は``,
``*eager*\\ 実装``, ``:term:`NumPy配列 <NumPy array>```, a formula ``:math:`\\sqrt{d}```\\ で). A
link shows its text (```記事から変わったこと`_ に``), and ``:doc:`` or ``:ref:`` without a title
shows the (Japanese) title of what it names. Code keeps a visible space on both sides: a
````literal```` and the roles that show code (``:func:``, ``:class:``, ``:mod:`` ...), as in
``モデル ``tiny-bert-en`` を``.

A code literal takes a visible space on both sides (``は ``x`` で``), none only next to full-width
punctuation (``x``\\ （). On the site's catalogues, a plain Latin word or number takes no space beside
Japanese text (``JavaScriptが``, ``0から11まで``).

Emphasis marks a whole word or phrase: never a particle alone (``トークン*が*``) or half a word
(``*受け取り*\\ ます``); the Japanese site shows it as 傍点 (``docs/_ext/emphasis_ja.py``).

Lists of links and of code names are separated by 、 and Japanese text never by an ASCII ``; ``.
Japanese prose writes a full-width colon (``ステージ：``); a half-width ``:`` right after Japanese
text is flagged (reST's ``実行します::`` prints one ``:``). Code, commands and the command line's
``補足:`` prefix keep theirs.

Prints ``file:line: ...`` per stray space or colon. Exit status 0 when there is none, 1 otherwise.
"""

from __future__ import annotations

import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_terms  # noqa: E402  (the catalogues and how to read them)

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e、。「」『』（）]")
# inline markup and the text it shows: a titled role, a role, a literal, strong, emphasis, a link
_MARKUP = re.compile(
    r"(?::(?P<titled>[\w:]+):`(?P<title>[^`<]*?)\s*<[^<>`]*>`|:(?P<name>[\w:]+):`(?P<role>[^`]*)`"
    r"|``(?P<literal>[^`]+)``|\*\*(?P<strong>[^*]+)\*\*|\*(?P<em>[^*\s][^*]*)\*"
    r"|`(?P<link>[^`<]*?)\s*(?:<[^<>`]*>)?`_)_?"
)
#: roles that, without a title, show the title of the page or section they name (Japanese here)
_TITLE_ROLES = {"ref", "doc", "std:ref", "std:doc"}
#: roles that show code (in code font, as a ``literal``): a space beside them is the usual one
_CODE_ROLES = {
    *("func", "meth", "class", "mod", "attr", "data", "exc", "obj", "const", "type"),
    *("file", "samp", "kbd", "command", "program", "envvar", "option", "code"),
}
# what shows at the edge of markup and joins Japanese text without a space: a Japanese character, a
# Latin letter or a digit (a plain Latin word takes no space either), or a formula (:math:)
_JOINS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e、。「」『』（）A-Za-z0-9]")


def _shows_code(match: re.Match) -> bool:
    """The markup shows code: a ``literal`` or a code role (``:func:`x```, ``:class:`~a.B <a.B>```)."""
    role = match.group("name") or match.group("titled") or ""
    return match.group("literal") is not None or role.split(":")[-1] in _CODE_ROLES


def _stray(text: str) -> list[tuple[int, re.Match]]:
    """``(position of the space, markup)`` for each stray space of ``text``."""
    found = []
    for match in _MARKUP.finditer(text):
        groups = {k: v for k, v in match.groupdict().items() if v is not None and k not in ("name", "titled")}
        shown = next(iter(groups.values()), "")
        if not shown or _shows_code(match):  # code always takes a space (see literal_spaces)
            continue
        role = (match.group("name") or "").split(":")[-1]
        # :doc:`since_the_article` shows 「記事から変わったこと」: its end is Japanese text; a formula
        # shows letters and numbers, whatever its LaTeX starts with
        first = "あ" if role == "math" else shown[0]
        last = "あ" if role == "math" or match.group("name") in _TITLE_ROLES else shown[-1]
        before = text[max(0, match.start() - 2) : match.start()]
        after = text[match.end() : match.end() + 2]
        if len(before) == 2 and before[1] == " " and _JAPANESE.match(before[0]) and _JOINS.match(first):
            found.append((match.start() - 1, match))
        if len(after) == 2 and after[0] == " " and _JAPANESE.match(after[1]) and _JOINS.match(last):
            found.append((match.end(), match))
    return found


# a half-width colon right after Japanese text (reST's "::" prints one ":"); the command line's
# "補足:" prefix is the term base's own word. A {field} is text too: "{title}: 完了" and
# "ステージ {number}: {title}" are Japanese labels; "  {error}: {text}" is Python's own line.
_J = "\u3040-\u30ff\u3400-\u9fff、。「」『』（）"
_COLON = re.compile(rf"(?<!補足)(?<=[{_J}]):|(?<=[{_J}])\s*\{{[^{{}}]*\}}:|\{{[^{{}}]*\}}:(?=\s*[{_J}])")


# the command line's own prefixes keep ASCII, as program output: "attn-teach: エラー: ..."
_CLI_PREFIX = re.compile(r"(?:^|\n)attn-teach: [^\s:]+:$")


def half_width_colons(text: str) -> list[str]:
    """A short excerpt around each half-width ":" written right after Japanese prose in ``text``.

    Code (````literal````, roles, links) is left out first; ``{fields}`` stay."""
    plain = check_terms.prose(text.replace("{", "\x00").replace("}", "\x01"), None)
    plain = plain.replace("\x00", "{").replace("\x01", "}")
    return [
        plain[max(0, m.start() - 8) : m.end() + 4]
        for m in _COLON.finditer(plain)
        if not _CLI_PREFIX.search(plain[: m.end()])
    ]


def stray_spaces(text: str) -> list[str]:
    """A short excerpt around each stray space of ``text``."""
    return [text[max(0, match.start() - 6) : match.end() + 6] for _, match in _stray(text)]


def without_stray_spaces(text: str) -> str:
    """``text`` with each stray space written as ``\\ `` (reST's escaped space, which prints nothing)."""
    for position, _ in sorted(_stray(text), key=lambda pair: pair[0], reverse=True):
        text = text[:position] + "\\ " + text[position + 1 :]
    return text


# ", " between two links or references (a list of links on a Japanese page takes 、), and an ASCII
# "; " after Japanese text (alt texts and labels take 。 or 、)
# (:ref:, :doc: and `links`_ show titles)
_LINK_LIST = re.compile(r"(?::(?:ref|doc):`[^`]*`|(?<!`)`[^`]+`_{1,2}), (?=:(?:ref|doc):`|`[^`]+`_)")
# ", " between two code names (a References list: :func:`a`, ``b``): Japanese lists take 、 too
_CODE_LIST = re.compile(r"(?:`|）)(?<!`_), (?=:(?!ref:|doc:)[\w:]+:`|``)")
_SEMICOLON = re.compile(rf"(?<=[{_J}]); ")


def ascii_separators(text: str) -> list[str]:
    """A short excerpt around each ASCII ", " between links and each "; " after Japanese in ``text``."""
    found = [text[max(0, m.start() - 12) : m.end() + 8] for m in _LINK_LIST.finditer(text)]
    found += [text[max(0, m.start() - 12) : m.end() + 8] for m in _CODE_LIST.finditer(text)]
    plain = check_terms.prose(text, None)
    return found + [plain[max(0, m.start() - 8) : m.end() + 4] for m in _SEMICOLON.finditer(plain)]


# Japanese letters (not punctuation): a code literal takes a visible space beside them, a plain Latin
# word or number takes none (JavaScriptが, IDの, 層3, 0から11まで)
_LETTER = "\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u9fff"
_NO_SPACE_LITERAL = re.compile(rf"(?<=``)\\ (?=[{_LETTER}])|(?<=[{_LETTER}])\\ (?=``)")
# markup whose text is not prose (code, roles, links, fields); **strong** and *emphasis* hold prose
_MARKUP_ANY = re.compile(r":[\w:]+:`[^`]*`|``.+?``|`[^`]*`_{0,2}|\{[\w.!:]*\}")
# a Latin letter, a digit or a plain-text formula sign (なぜ√dで割るのか)
_LATIN_SPACE = re.compile(rf"(?<=[A-Za-z0-9√]) (?=[{_LETTER}])|(?<=[{_LETTER}]) (?=[A-Za-z0-9√])")


def literal_spaces(text: str) -> list[str]:
    """An excerpt around each ````literal```` joined to a Japanese letter by ``\\ `` (it takes a real space;
    none only next to full-width punctuation: ````x````\\ （, 、````x````)."""
    return [text[max(0, m.start() - 6) : m.end() + 6] for m in _NO_SPACE_LITERAL.finditer(text)]


def latin_spaces(text: str) -> list[str]:
    """An excerpt around each space between a plain Latin word or number and Japanese text, outside markup.

    The site's prose writes ``JavaScriptが``, ``IDの``, ``0から11まで``, also inside ``**strong**`` and
    ``*emphasis*`` (「**列 k は**」 is prose); the spaces around markup are :func:`stray_spaces`'s. Only the
    site's catalogues are held to it (the kit's messages and figures still space Latin words)."""
    return [
        part[max(0, m.start() - 8) : m.end() + 4]
        for part in _MARKUP_ANY.split(text)
        for m in _LATIN_SPACE.finditer(part)
    ]


# emphasis on a particle or half a word: all hiragana (*が*, *だけでなく*, *なければなりません*), or a
# word cut from its polite ending (*受け取り*\ ます)
_PARTICLE_EMPHASIS = re.compile(r"(?<!\*)\*([\u3041-\u309f]+)\*(?!\*)|(?<!\*)\*[^*\s][^*]*\*(?:\\ )?(?=ま[すせし])")


def particle_emphasis(text: str) -> list[str]:
    """An excerpt around each ``*emphasis*`` of a particle or of half a word (Japanese emphasises
    a whole word or phrase: reword, or emphasise the word)."""
    plain = _MARKUP_ANY.sub(" ", text)
    return [plain[max(0, m.start() - 6) : m.end() + 4] for m in _PARTICLE_EMPHASIS.finditer(plain)]


def site_catalogue(path: pathlib.Path) -> bool:
    """A catalogue of the docs site (``docs/locale/``), not one of the kit's."""
    return "docs" in path.resolve().parts and "locale" in path.resolve().parts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [pathlib.Path(a) for a in args] or check_terms.japanese_catalogues()
    count = 0
    for path in paths:
        for line, text in check_terms.messages(path):
            for excerpt in stray_spaces(text):
                count += 1
                print(
                    f"{path}:{line}: a space shows between Japanese words: …{excerpt}…; write \\\\ (an escaped space)"
                )
            for excerpt in half_width_colons(text):
                count += 1
                print(f"{path}:{line}: a half-width colon after Japanese text: …{excerpt}…; write ：")
            for excerpt in literal_spaces(text):
                count += 1
                print(f"{path}:{line}: a code literal joined to Japanese text: …{excerpt}…; write a space")
            for excerpt in particle_emphasis(text):
                count += 1
                print(f"{path}:{line}: emphasis on a particle or half a word: …{excerpt}…; emphasise a whole word")
            for excerpt in latin_spaces(text) if site_catalogue(path) else []:
                count += 1
                print(f"{path}:{line}: a space between a Latin word and Japanese text: …{excerpt}…; write none")
            for excerpt in ascii_separators(text):
                count += 1
                print(f"{path}:{line}: an ASCII list separator in Japanese: …{excerpt}…; write 、 (or 。)")
    if count:
        print(f"spacing check FAILED: {count} finding(s)", file=sys.stderr)
        return 1
    print(f"spacing check passed: {len(paths)} catalogue(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
