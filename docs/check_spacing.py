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
The kit's own catalogues (``attn_teach/locale/``) follow the same two rules in plain text, where
nothing marks code: a plain word, name, unit, number or number field touches Japanese
(``PNGで保存``, ``x軸``, ``線が{got}本``), and code (code punctuation in the token, an option, a
path or repr field, or a word the message's ``# code:`` comment names) keeps a space on each side
(``ファイルは .npz で``, ``--layer を``, ``{out} に``); see :func:`kit_spaces`.

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


# a placeholder of Sphinx's and the theme's messages (sphinx.po, translations.js) shows a Latin word or a
# number: %(docstitle)s, %(version)s, %s, ${resultCount}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\$\{\w+\}")


def latin_spaces(text: str) -> list[str]:
    """An excerpt around each space between a plain Latin word or number and Japanese text, outside markup.

    The site's prose writes ``JavaScriptが``, ``IDの``, ``0から11まで``, also inside ``**strong**`` and
    ``*emphasis*`` (「**列 k は**」 is prose); the spaces around markup are :func:`stray_spaces`'s. A
    placeholder of Sphinx's messages reads as the Latin word it shows (``%(docstitle)s内を検索``). Only the
    site's catalogues are held to it; the kit's, with no markup, are held to :func:`kit_spaces`."""
    return [
        part[max(0, m.start() - 8) : m.end() + 4]
        for part in _MARKUP_ANY.split(_PLACEHOLDER.sub("X", text))
        for m in _LATIN_SPACE.finditer(part)
    ]


# three ASCII dots after Japanese text: Japanese writes the ellipsis 「…」 (検索を準備しています…)
_ASCII_ELLIPSIS = re.compile(rf"(?<=[{_J}])\s*(?:\.\.\.|．．．)")


def ascii_ellipses(text: str) -> list[str]:
    """An excerpt around each ``...`` written after Japanese prose in ``text`` (code left out first)."""
    plain = check_terms.prose(text, None)
    return [plain[max(0, m.start() - 8) : m.end() + 2] for m in _ASCII_ELLIPSIS.finditer(plain)]


def message_style(text: str) -> list[str]:
    """The site's spacing and punctuation rules on one message of Sphinx's or the theme's catalogue
    (``sphinx.po``, the built ``_static/translations.js``): no space between Japanese and a Latin word or
    a placeholder, a full-width ：, 「…」 for ``...``. ``docs/check_english.py`` holds every message of the
    built ``translations.js`` to it, also those the site's ``sphinx.po`` leaves to Sphinx's catalogue."""
    return (
        [f"a space between a Latin word and Japanese text: …{e}…; write none" for e in latin_spaces(text)]
        + [f"a half-width colon after Japanese text: …{e}…; write ：" for e in half_width_colons(text)]
        + [f"three ASCII dots after Japanese text: …{e}…; write …" for e in ascii_ellipses(text)]
    )


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


# -- the kit's own catalogues (attn_teach/locale/): plain text, where nothing marks code --------------

#: Japanese text: kana, kanji, the prolonged sound mark, Japanese punctuation and full-width forms
_JA_TEXT = "\u3000-\u303f\u3040-\u30ff\u3400-\u9fff\uff00-\uffef"
_JA_LETTER = re.compile(rf"[{_LETTER}]")
#: a ``{field}`` (python-brace format) and a `backtick` span are read whole, spaces and all
_WHOLE = re.compile(r"`[^`\n]*`|\{[^{}\n]*\}")
#: a run of text that is neither Japanese nor a space: one token of the kit rule
_TOKEN = re.compile(rf"[^\s{_JA_TEXT}]+")
#: characters that make a token code when they are in it (not the ``.`` or ``,`` of a number)
_CODE_PUNCTUATION = re.compile(r"[_.()=\[\]/*,<>'\"\\:;|$@#&~^`{}]")
_NUMBER = re.compile(r"[-+−]?\d+(?:[.,]\d+)*%?")
_OPTION = re.compile(r"--?[A-Za-z]")
#: a model's name on the Hub, owner/name (rinna/japanese-gpt2-medium): a name, not a path, so plain text
_MODEL_ID = re.compile(r"[A-Za-z][\w-]*/[\w.-]*(?:bert|gpt|GPT|BERT|roberta|llama|t5)[\w.-]*[,:;]?")
_FIELD = re.compile(r"\{(?P<name>[^{}!:]*)(?:!(?P<conversion>\w))?(?::(?P<spec>[^{}]*))?\}")
#: fields whose value is code wherever they appear: a path or file name, a Python type, name or shape
CODE_FIELDS = frozenset(
    {
        "path", "out", "folder", "file", "files", "filename", "suffixes", "backup", "results",
        "example", "function", "command", "module_name", "params", "type", "shape",
    }
)  # fmt: skip


def _field_is_code(field: re.Match, code_words: tuple[str, ...]) -> bool:
    name = field.group("name")
    if field.group(0) in code_words or field.group("conversion"):  # {value!r} prints a Python repr
        return True
    if re.search(r"[.\[\"' ]", name):  # an expression: {matrix[i, j]:.2f}, {"font.family": family}
        return True
    return name in CODE_FIELDS  # {out}, {path}, {type}; a number, a count or a word is plain


def kit_token_kind(token: str, code_words: tuple[str, ...] = ()) -> str:
    """``"code"``, ``"plain"`` or ``"symbol"``: how the kit rule reads one token (see :func:`kit_spaces`)."""
    if token.startswith("`") and token.endswith("`") and len(token) > 1:
        return "code"
    if _OPTION.match(token):
        return "code"
    fields = list(_FIELD.finditer(token))
    bare = _FIELD.sub("0", token)  # a code word names a word of the text, not a field's name ({vmin:.3g})
    if any(re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", bare) for word in code_words):
        return "code"
    if any(_field_is_code(field, code_words) for field in fields):
        return "code"
    rest = _FIELD.sub("0", token)
    if _MODEL_ID.fullmatch(rest):  # a model's name is a name (bert-base-uncasedの, rinna/japanese-gpt2-mediumの)
        return "plain"
    if not re.search(r"[^\W_]", rest):
        return "symbol"
    if _CODE_PUNCTUATION.search(_NUMBER.sub("0", rest)):
        return "code"
    return "plain"


def kit_spaces(text: str, code_words: tuple[str, ...] = ()) -> list[str]:
    """An excerpt around each place where a kit message spaces Latin text against Japanese the wrong way.

    The kit's catalogues (``attn_teach/locale/``: figure text, lesson printouts, CLI messages, practice
    hints) are plain text: no ````literal```` shows which words are code, so the rule reads the words.
    A *token* is a run of characters that are neither Japanese nor a space (a ``{field}`` and a
    `backtick` span count whole); tokens joined by single spaces make one *phrase* (``DejaVu Sans``,
    ``--layer L``, ``image = ax.imshow(...)``), which ends after a token ending in ``,`` ``:`` or ``;``
    (``{path}: Attentionの``). Where a phrase touches a Japanese letter (kana or kanji):

    * **a phrase with code in it keeps one space on that side** (``ファイルは .npz で終わります``,
      ``--layer L で選べます``, ``{out} に書き込みました``, ``image = ax.imshow(...) のように``). A token
      is code when
        - it has code punctuation in it: one of ``_ . ( ) = [ ] / * , < > ' " \\ : ; | $ @ # & ~ ^ { }``
          (``tokenize()``, ``attn_practice/``, ``[CLS]``, ``*.safetensors``, ``allow_pickle=True``,
          ``Attention.save``); the ``.`` and ``,`` of a number (``0.5``) are not code;
        - it starts with ``-`` or ``--`` and a letter (an option: ``--force``; a number ``-1`` is not);
        - it is a `backtick` span (```attn-teach practice init```);
        - it is a ``{field}`` that prints code: a repr (``{value!r}``), an expression
          (``{matrix[i, j]:.2f}``), or a name in :data:`CODE_FIELDS` (paths and files such as
          ``{out}``, ``{path}``, ``{folder}``; ``{type}``, ``{shape}``, ``{function}``);
        - it is a word or ``{field}`` named by the message's translator comment ``# code: ...``.
    * **a phrase of plain words, names, units and numbers touches Japanese with no space**
      (``PNGで保存``, ``x軸``, ``matplotlibの``, ``GPT-2のモデル``, ``UTF-8で``, ``0から11まで``,
      ``1本``, ``残差0.5``). Every ``{field}`` not named above is plain: a number
      (``{weight:.2f}``, ``{parameters:>13,}``), a count or index (``線が{got}本``,
      ``層{layer}``, ``位置{position}は``, ``{count}個``), a word, a token or a model's name
      (``{model}の``); a model's name is a name, a Hub id too (``rinna/japanese-gpt2-mediumの``: the
      ``/`` of ``owner/name`` does not make it code).
    * **the borderline, a bare name such as** ``imshow``, ``cmap``, ``vmin``, ``attentions`` or
      ``{where}`` **, is decided by one rule:** a bare name is a plain word, unless the message names
      it in a translator comment ``# code: imshow vmin {where}`` (the term check's mark, see
      ``docs/check_terms.py``). Mark it where it is Python used as code (a function, argument,
      variable, keyword or class: ``imshow で描き``, ``vmin と vmax は``, ``raise
      NotImplementedError の行``); leave it plain where it names a library, format or product
      (``matplotlibの``, ``safetensorsの``, ``float32のまま``). A keyword argument keeps its value
      with it: in ``label=トークン`` the Japanese is the value, so the space comes after the value,
      and Japanese inside a call or index (``ax.text(列, 行)``, ``matrix[クエリ, キー]``) is code too.
    * not judged: an edge token of symbols only (``=``, ``×``, ``+``, ``→``, ``(``), so formulas and
      tuples keep their own spaces (``x = キーの位置 + 1``; but counts take none: ``{layers}層×{heads}ヘッド``,
      held by ``docs/check_terms.py``); a run of
      two or more spaces (a printout's columns: ``最終層{raw:.2f}   ロールアウト{rolled:.2f}``); a
      line break; full-width punctuation (``（``, ``、``, ``：``), which never takes a space.

    These are the site's two rules (:func:`latin_spaces`, :func:`literal_spaces`), with the words
    standing in for the markup that shows code on the site."""
    return [excerpt for _, _, excerpt in _kit_places(text, code_words)]


def without_kit_spaces(text: str, code_words: tuple[str, ...] = ()) -> str:
    """``text`` spaced by the kit rule (:func:`kit_spaces`): the space beside a plain word goes, code gets one."""
    for position, action, _ in sorted(_kit_places(text, code_words), reverse=True):
        text = text[:position] + text[position + 1 :] if action == "drop" else text[:position] + " " + text[position:]
    return text


def _kit_places(text: str, code_words: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """``(position, "drop" or "add", excerpt)`` for each place :func:`kit_spaces` finds."""
    # a {field} or `span` is one token: its spaces and Japanese are masked (the positions stay)
    masked = _WHOLE.sub(lambda m: re.sub(rf"[\s{_JA_TEXT}]", "\x00", m.group(0)), text)
    # tokens joined by single spaces make one phrase (image = ax.imshow(...), --layer L, DejaVu Sans)
    phrases: list[list[re.Match]] = []
    for match in _TOKEN.finditer(masked):
        last = phrases[-1][-1] if phrases else None
        if (
            last
            and last.end() + 1 == match.start()
            and masked[last.end()] == " "
            and masked[last.end() - 1] not in ",:;"
        ):
            phrases[-1].append(match)
        else:
            phrases.append([match])
    places = []
    for phrase in phrases:
        kinds = {kit_token_kind(text[m.start() : m.end()], code_words) for m in phrase}
        if kinds == {"symbol"}:
            continue
        # an edge of symbols only is not judged: x = キーの位置 + 1, {layers}層 × {heads}ヘッド
        while kit_token_kind(text[phrase[0].start() : phrase[0].end()], code_words) == "symbol":
            phrase = phrase[1:]
        while kit_token_kind(text[phrase[-1].start() : phrase[-1].end()], code_words) == "symbol":
            phrase = phrase[:-1]
        start, end = phrase[0].start(), phrase[-1].end()
        left, right = text[max(0, start - 2) : start], text[end : end + 2]
        excerpt_left = text[max(0, start - 8) : start + 14].replace("\n", "⏎")
        excerpt_right = text[max(0, end - 14) : end + 8].replace("\n", "⏎")
        if "code" not in kinds:
            if len(left) == 2 and left[1] == " " and _JA_LETTER.match(left[0]):
                places.append((start - 1, "drop", excerpt_left))
            if len(right) == 2 and right[0] == " " and _JA_LETTER.match(right[1]):
                places.append((end, "drop", excerpt_right))
        else:
            # the Japanese inside code stays with it: label=トークン, ax.text(列, 行), matrix[クエリ, キー]
            if left and _JA_LETTER.match(left[-1]) and text[start] not in ")]},=":
                places.append((start, "add", excerpt_left))
            if right and _JA_LETTER.match(right[0]) and text[end - 1] not in "([{=,":
                places.append((end, "add", excerpt_right))
    return places


def kit_catalogue(path: pathlib.Path) -> bool:
    """A catalogue of the kit itself (``attn_teach/locale/``), held to :func:`kit_spaces`."""
    return not site_catalogue(path)


def kit_messages(path: pathlib.Path):
    """``(line, msgstr, code words)`` of every translated message of a kit catalogue."""
    for message, string in check_terms.translated(path):
        yield message.lineno, string, check_terms.code_words(message.user_comments)


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
            for excerpt in ascii_ellipses(text) if site_catalogue(path) else []:
                count += 1
                print(f"{path}:{line}: three ASCII dots after Japanese text: …{excerpt}…; write …")
            for excerpt in ascii_separators(text):
                count += 1
                print(f"{path}:{line}: an ASCII list separator in Japanese: …{excerpt}…; write 、 (or 。)")
        for line, text, code_words in kit_messages(path) if kit_catalogue(path) else []:
            for excerpt in kit_spaces(text, code_words):
                count += 1
                print(
                    f"{path}:{line}: Latin text spaced against Japanese: …{excerpt}…; "
                    "a plain word or number takes no space, code one on each side (see kit_spaces)"
                )
    if count:
        print(f"spacing check FAILED: {count} finding(s)", file=sys.stderr)
        return 1
    print(f"spacing check passed: {len(paths)} catalogue(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
