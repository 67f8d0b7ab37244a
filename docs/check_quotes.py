"""Check that every 「quote」 the Japanese text gives as the article's is the article's own words.

::

    python docs/check_quotes.py                # every Japanese .po of the repository
    python docs/check_quotes.py FILE.po ...    # only these catalogues

The article is shared material, not part of the repository: it is read from
``../shared/article/article-ja.md`` beside the repository (``ATTN_TEACH_ARTICLE`` names another
copy; see ``docs/check_terms.py``). Without it the check cannot run and says so (exit status 2).

A quote is *attributed to the article* when the sentence that holds it, or the sentence just
before it, names the article (記事). Its text, with spaces, reST escapes and emphasis marks
left out and 『』 read as 「」, must occur in the article; a quote that leaves words out marks
the gap with …… and each part must occur. A quote may not stop just before the article's
hedge (「…に注意が向いている」 where the article goes on 〜ように見えます). A 「」 that holds only a
link (「:doc:`since_the_article`」) names a page and quotes nothing.

Prints one line per quote that is not the article's words. Exit status 0 when there is none.
"""

from __future__ import annotations

import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_terms  # noqa: E402  (the catalogues, the article's place)

_QUOTE = re.compile(r"「((?:[^「」]|「[^「」]*」)*)」")
_SENTENCE_END = re.compile(r"(?<=[。！？])")
_LINK_ONLY = re.compile(r"^(?::[\w:]+:`[^`]*`|`[^`]*`_{1,2})$")


def normalise(text: str) -> str:
    """What is compared: no spaces, no reST escapes or emphasis, 『』 as 「」, ASCII quotes as the article's."""
    for mark in ("\\ ", "*", "”", "“"):
        text = text.replace(mark, "")
    text = text.replace("『", "「").replace("』", "」")
    return re.sub(r"\s+", "", text)


def article_quotes(text: str) -> list[str]:
    """The quotes of ``text`` attributed to the article (see the module docstring)."""
    sentences = [s for s in _SENTENCE_END.split(text) if s]
    found = []
    for index, sentence in enumerate(sentences):
        before = sentences[index - 1] if index else ""
        # the article named in this sentence, outside the quotes, or in the sentence before
        named = "記事" in _QUOTE.sub("", sentence) or (
            "記事" in _QUOTE.sub("", before) and sentence.lstrip().startswith("「")
        )
        if named:
            # 「:doc:`since_the_article`」 names a page (a link's title), it quotes nothing
            found += [match.group(1) for match in _QUOTE.finditer(sentence) if not _LINK_ONLY.match(match.group(1))]
    return found


_HEDGE = re.compile(r"(?:ように|よう|らしい|かもしれ|と思)")


def _drops_hedge(part: str, article: str) -> bool:
    """True when the article follows ``part`` with a hedge (〜ように見えます) everywhere it has it."""
    ends = [m.end() for m in re.finditer(re.escape(part), article)]
    return bool(ends) and all(_HEDGE.match(article, end) for end in ends)


def invented(quote: str, article: str) -> bool:
    """True when some part of ``quote`` (parts split at ……) is not in the (normalised) article,
    or the quote's last part stops just before the article's hedge (「…向いている」 for 〜向いているように見えます)."""
    parts = [p for p in re.split(r"…+|\.{3,}", normalise(quote)) if p]
    return not parts or any(part not in article for part in parts) or _drops_hedge(parts[-1], article)


def check_catalogue(path: pathlib.Path, article: str) -> list[str]:
    problems = []
    for line, text in check_terms.messages(path):
        for quote in article_quotes(text):
            if invented(quote, article):
                try:
                    where = path.relative_to(check_terms.ROOT)
                except ValueError:
                    where = path
                problems.append(
                    f"{where}:{line}: 「{quote}」 is not the article's words; "
                    f"copy them from article-ja.md (mark a gap with ……) or do not quote"
                )
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    article = check_terms.article_text()
    if article is None:
        print(
            f"quote check: no article at {check_terms.ARTICLE}; put the shared material beside the "
            f"repository or set ATTN_TEACH_ARTICLE",
            file=sys.stderr,
        )
        return 2
    article = normalise(article)
    paths = [pathlib.Path(a) for a in args] or check_terms.japanese_catalogues()
    problems = [problem for path in paths for problem in check_catalogue(path, article)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"quote check FAILED: {len(problems)} quote(s) given as the article's are not its words", file=sys.stderr)
        return 1
    print(f"quote check passed: {len(paths)} catalogue(s), every quote of the article is its own words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
