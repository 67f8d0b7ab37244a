"""The glossary in the reader's order: Japanese headwords by reading, with the English beside.

``docs/glossary.rst`` is the project's term base, written in English and sorted by English
headword (``:sorted:``). Its Japanese catalogue translates each headword as
``日本語 : よみ`` (Sphinx reads the part after `` : `` as the term's index key). On a
translated site this extension, once the page is resolved:

* sorts the glossary's entries by that reading (五十音順: hiragana in Unicode order, the
  long-vowel mark ー read as the vowel it lengthens, とーくん as とおくん, so that トークン comes
  before 特殊トークン), so that a Japanese reader finds 注意機構 under ち;
* writes the English headword after each translated one, in ``<span lang="en">``, so that a
  reader coming from an English page (or the article's "Attention") finds it too;
* groups the general index (索引) by the first kana of each reading (あ, い, う ...), in the same
  order, instead of one heading per reading (Sphinx uses a whole index key as its heading); an
  entry without a key whose text is kana (Sphinx's own モジュール) is read as that text, so that
  it stands under も with 文字化け, not under a heading モ of its own.

A translated headword without a reading is a build warning (an error under ``-W``).

The same headwords make the Japanese search find the project's terms: Sphinx splits Japanese
text into words with janome (``html_search_options``), whose dictionary cuts トークン into トー
and クン and 注意機構 into two words. Before the build, ``search_dictionary`` writes every
Japanese headword of the glossary (with its reading) into a janome user dictionary and hands
it to the search options, so that each term is one word of the index; and one-kanji words
(層, a headword) are kept in the index, which Sphinx's Japanese search leaves out as too short.
"""

from __future__ import annotations

import pathlib
import re
import unicodedata

from docutils import nodes
from docutils.transforms import Transform
from sphinx import addnodes
from sphinx.util import logging

logger = logging.getLogger(__name__)


class KeepEnglishTerms(Transform):
    """Before the catalogues translate a glossary (priority 20), keep each term's English text."""

    default_priority = 10

    def apply(self) -> None:
        for term in self.document.findall(nodes.term):
            if isinstance(term.parent.parent.parent, addnodes.glossary) and "english" not in term:
                term["english"] = term.astext()


def _reading(term: nodes.term) -> str | None:
    for index in term.findall(addnodes.index):
        for entry in index["entries"]:
            if len(entry) > 4 and entry[4]:
                return entry[4]
    return None


#: the English shown beside a Japanese headword where the bare English headword would mislead: 文字化け
#: is the loanword *mojibake* in English, which names something else (the entry says what)
ENGLISH_BESIDE = {"tofu": "tofu, not mojibake"}


_VOWELS = {"A": "あ", "I": "い", "U": "う", "E": "え", "O": "お"}


def reading_order(reading: str) -> str:
    """The sort key of a reading: katakana as hiragana, ー as the vowel it lengthens (とーくん: とおくん),
    voicing marks compared last (五十音順: ぱでぃんぐ before ばりゅー, as で sorts before り)."""
    out: list[str] = []
    for c in reading:
        if "ァ" <= c <= "ヶ":
            c = chr(ord(c) - 0x60)
        if c == "ー" and out:
            name = unicodedata.name(out[-1], "")
            c = _VOWELS.get(name[-1:], "") if name.startswith("HIRAGANA") else ""
        out.append(c)
    plain = "".join(out)
    bare = "".join(c for c in unicodedata.normalize("NFD", plain) if c not in "\u3099\u309a")
    return f"{bare}\0{plain}"


def kana_heading(reading: str) -> str:
    """The 索引 heading of a reading: its first kana, plain (が under か, ぁ under あ)."""
    first = unicodedata.normalize("NFD", reading_order(reading)[:1])[:1]
    small = "ぁぃぅぇぉっゃゅょゎ"
    return "あいうえおつやゆよわ"[small.index(first)] if first in small else first


def _kana_key(entry) -> str | None:
    """The reading an index entry is sorted by: its key, or its own text when that is kana and it has none
    (Sphinx's モジュール, which has no key: without this it made a heading モ of its own, before あ)."""
    key = entry[1][2] or entry[0]
    return key if key and "\u3040" <= key[0] <= "\u30ff" else None


def group_index_by_kana(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context`` of ``genindex``: entries keyed by a reading, grouped by its first kana."""
    if app.config.language == "en" or pagename != "genindex" or not context.get("genindexentries"):
        return
    groups: dict[str, list] = {}  # Sphinx's own groups (symbols, A-Z) first, in its order
    kana_groups: dict[str, list] = {}
    for heading, entries in context["genindexentries"]:
        for entry in entries:
            if _kana_key(entry):
                kana_groups.setdefault(kana_heading(_kana_key(entry)), []).append(entry)
            else:
                groups.setdefault(heading, []).append(entry)
    regrouped = list(groups.items()) + [
        (kana, sorted(kana_groups[kana], key=lambda e: (reading_order(_kana_key(e)), e[0])))
        for kana in sorted(kana_groups, key=reading_order)
    ]
    context["genindexentries"] = regrouped
    context["genindexcounts"] = [sum(1 + len(e[1][1]) for e in entries) for _, entries in regrouped]


def order_glossary(app, doctree, docname) -> None:
    """``doctree-resolved``: on a translated site, sort by reading and show the English headword."""
    if app.config.language == "en":
        return
    for glossary in doctree.findall(addnodes.glossary):
        for items in glossary.findall(nodes.definition_list):
            keyed = []
            for item in items.children:
                term = item.next_node(nodes.term)
                english = term.get("english", "")
                reading = _reading(term)
                if term.astext() != english:
                    if reading is None:
                        logger.warning(
                            "glossary term %r (%s) has no reading: translate it as '語 : よみ'",
                            term.astext(),
                            english,
                            location=term,
                        )
                    beside = ENGLISH_BESIDE.get(english, english)
                    term += [nodes.Text(" "), nodes.inline(beside, beside, classes=["term-english", "language-en"])]
                keyed.append((reading_order(reading) if reading else english, item))
            items.children = [item for _, item in sorted(keyed, key=lambda pair: pair[0])]


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def glossary_headwords(catalogue: pathlib.Path) -> list[tuple[str, str]]:
    """``(headword, reading)`` of every Japanese glossary term translated as ``語 : よみ``."""
    from babel.messages.pofile import read_po

    with catalogue.open("rb") as f:
        return [
            tuple(part.strip() for part in str(m.string).split(" : ", 1))
            for m in read_po(f)
            if m.id and isinstance(m.string, str) and " : " in m.string
        ]


def search_dictionary(app, config) -> None:
    """``config-inited``: the glossary's Japanese headwords as a janome user dictionary (see above)."""
    if config.language != "ja" or "JanomeSplitter" not in str(config.html_search_options.get("type", "")):
        return
    catalogue = pathlib.Path(app.srcdir) / "locale" / "ja" / "LC_MESSAGES" / "glossary.po"
    rows = []
    for headword, reading in glossary_headwords(catalogue):
        if _JAPANESE.search(headword):  # 3D散布図 and NumPy配列 too: one word each
            katakana = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in reading)
            # surface, left and right context ids of a common noun (IPADIC 名詞,一般), a low cost
            # (preferred over splitting), part of speech, base form, reading, pronunciation
            rows.append(f"{headword},1285,1285,100,名詞,一般,*,*,*,*,{headword},{katakana},{katakana}")
    target = pathlib.Path(app.doctreedir) / "janome_terms_ja.csv"  # beside the build's doctrees
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(rows) + "\n", encoding="utf-8")
    config.html_search_options = dict(config.html_search_options, user_dic=str(target), user_dic_enc="utf8")


def _japanese_search_with_kanji_words():
    """Sphinx's Japanese search, keeping one-kanji words (層, 図, 行) that it drops as too short."""
    from sphinx.search.ja import SearchJapanese

    class SearchJapaneseTerms(SearchJapanese):
        def word_filter(self, stemmed_word: str) -> bool:
            return len(stemmed_word) > 1 or "\u3400" <= stemmed_word <= "\u9fff"

    return SearchJapaneseTerms


def setup(app):
    app.add_search_language(_japanese_search_with_kanji_words())
    app.connect("config-inited", search_dictionary)
    app.add_transform(KeepEnglishTerms)
    app.connect("doctree-resolved", order_glossary)
    app.connect("html-page-context", group_index_by_kana)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
