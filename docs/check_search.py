"""Check that the Japanese site's search finds the article's words and every term of the glossary.

Run after ``python docs/build.py`` (which runs it)::

    python docs/check_search.py [docs/_build/html]

Reads ``ja/searchindex.js`` and searches it as the search page does: the query is cut into the
index's own words, longest first (``_static/search_words.js``), each word is looked up in the
page and title words (and, for words of three characters or more, inside longer words), and a
page is a result when it holds every word. Each query must find the glossary page (for a
glossary headword) or at least one page. ``docs/check_browser.py`` runs the real search page.

Exit status 0 when every query finds its pages, 1 with one line per query that does not.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
GLOSSARY_PO = ROOT / "docs" / "locale" / "ja" / "LC_MESSAGES" / "glossary.po"
# The article's own words a reader of the article types (besides the glossary's headwords).
ARTICLE_WORDS = (
    "注意機構",
    "特殊トークン",
    "文字化け",
    "因果マスク",
    "トークン化",
    "Attention",
    "Attentionの重み",
    "ヒートマップ",
    "折れ線グラフ",
    "テンソル",
    "Numpy配列",
    "単語",
    "トークン",
)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def load_index(path: pathlib.Path) -> dict:
    """The object that ``searchindex.js`` hands to ``Search.setIndex(...)``."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def split_query(query: str, index: dict) -> list[str]:
    """The query's words as ``_static/search_words.js`` cuts them (lower-cased, as searchtools does)."""
    known = set(index["terms"]) | set(index["titleterms"])
    words = []
    for chunk in filter(None, re.split(r"[^\w]+", query.lower())):
        if not _JAPANESE.search(chunk):
            words.append(chunk)
            continue
        unknown, start = "", 0
        while start < len(chunk):
            end = len(chunk)
            while end > start + 1 and chunk[start:end] not in known:
                end -= 1
            if chunk[start:end] in known:
                if len(unknown) > 1 and not re.fullmatch(r"[\u3040-\u309f]+", unknown):
                    words.append(unknown)
                unknown = ""
                words.append(chunk[start:end])
                start = end
            else:
                unknown += chunk[start]
                start += 1
        if len(unknown) > 1 and not re.fullmatch(r"[\u3040-\u309f]+", unknown):
            words.append(unknown)
    return words


def _files(entry) -> set[int]:
    return set(entry) if isinstance(entry, list) else {entry}


def search(query: str, index: dict) -> list[str]:
    """Docnames of the pages that hold every word of ``query`` (searchtools.js's rule)."""
    words = split_query(query, index)
    if not words:
        return []
    found: set[int] | None = None
    for word in words:
        files: set[int] = set()
        for table in ("terms", "titleterms"):
            if word in index[table]:
                files |= _files(index[table][word])
            elif len(word) > 2:
                for term, entry in index[table].items():
                    if word in term:
                        files |= _files(entry)
        found = files if found is None else found & files
    return sorted(index["docnames"][f] for f in found or ())


def glossary_headwords(catalogue: pathlib.Path = GLOSSARY_PO) -> list[str]:
    """The Japanese headwords of the glossary (msgstr ``語 : よみ``)."""
    extensions = str(ROOT / "docs" / "_ext")
    added = extensions not in sys.path
    if added:  # for this import only: a caller's sys.path is left as it was
        sys.path.insert(0, extensions)
    try:
        from glossary_ja import glossary_headwords as headwords
    finally:
        if added:
            sys.path.remove(extensions)

    return [headword for headword, _ in headwords(catalogue)]


def check_search(index: dict, headwords: list[str], words: tuple[str, ...] = ARTICLE_WORDS) -> list[str]:
    problems = []
    for headword in headwords:
        if "glossary" not in search(headword, index):
            words_found = split_query(headword, index)
            problems.append(f"search for {headword!r} does not find the glossary (words {words_found})")
    for word in words:
        if not search(word, index):
            problems.append(f"search for {word!r} finds no page (words {split_query(word, index)})")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = pathlib.Path(args[0]) if args else ROOT / "docs" / "_build" / "html"
    path = site / "ja" / "searchindex.js"
    if not path.is_file():
        print(f"search check: no {path}; run python docs/build.py", file=sys.stderr)
        return 1
    index = load_index(path)
    headwords = glossary_headwords()
    problems = check_search(index, headwords)
    if problems:
        print(f"search check FAILED ({len(problems)} problem(s)):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    for word in ARTICLE_WORDS:
        print(f"  {word}: {len(search(word, index))} page(s)")
    print(f"search check passed: {len(headwords)} glossary terms and {len(ARTICLE_WORDS)} of the article's words found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
