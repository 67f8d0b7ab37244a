"""Find English prose left on the Japanese pages of the built site.

Run after ``python docs/build.py`` (``docs/check_site.py`` runs it on the ``ja/`` build)::

    python docs/check_english.py [docs/_build/html/ja]

A Japanese reader should meet English only where it is not the site's own prose:

* code: ``<code>``, code blocks (``<pre>``), math, and the signatures of the API reference
  (``<dt class="sig">``: a function's name and arguments); the API's descriptions (the docstrings,
  translated through ``api.po``) are prose like any page's;
* text the page marks as another language (``lang="en"``, e.g. a glossary headword's English);
* quotations and titles: text in 「」 or in double quotes, the title of an external link, a
  citation (``Clark et al.``, ``Clark, Khandelwal, Levy, Manning (2019)``);
* the names in :data:`NAMES` (fonts, products, the example sentences the lessons analyse);
* in a lesson's output (sphinx-gallery's ``sphx-glr-script-out`` blocks, which *are* checked:
  the lessons print through gettext), the messages another program wrote, quoted as written
  (:data:`FOREIGN_OUTPUT`: Python's exceptions, transformers' and matplotlib's messages).

Anything else with :data:`WORDS` or more Latin-script words in a row is reported, and so are the
theme's and sphinx-gallery's own words (:data:`UI_WORDS`) as a text or a tooltip: they come from
``docs/locale/ja/LC_MESSAGES/sphinx.po``.

The search page writes its status lines and result labels from JavaScript, through the build's
``_static/translations.js`` (Sphinx's catalogue, with ``sphinx.po`` laid over it by
``docs/_ext/translations_js.py``). Every message the site's scripts ask for
(``_("...")``, ``Documentation.gettext("...")``, ``Documentation.ngettext("...", ...)``) must be
there, translated: a message missing or left as its English (``", in "``) shows English, and an
empty one (Sphinx's Japanese catalogue leaves the "Search finished" plural empty) shows nothing.
Every other message of that file is checked too (a script or the theme may ask for it later): none
may be empty, left as its English, or hold a run of :data:`WORDS` English words ("Welcome! This is").
Every translated message of the file is held to the site's spacing and punctuation too
(``docs/check_spacing.py``'s :func:`message_style`): no space between Japanese and a placeholder or a
Latin word (「%(docstitle)s内を検索」), a full-width ：, 「…」 for ``...``.

The theme (pydata-sphinx-theme) has a version-warning banner whose words are hard-coded English in its
script ("This is documentation for ", "Switch to stable version"). It can show only on a page that
names a version switcher's JSON (``theme_switcher_json_url``, from ``html_theme_options["switcher"]``);
no page of the site may (:func:`version_banner_findings`).

Exit status 0 when nothing is found, 1 with one line per finding otherwise.
"""

from __future__ import annotations

import html.parser
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_spacing  # noqa: E402  (the site's spacing rule, for the messages of translations.js)

WORDS = 3  # this many Latin-script words in a row are prose
# a word: letters, maybe hyphenated or with an apostrophe, in parentheses or followed by punctuation;
# a token with digits, "_", "/", "=", "#", brackets, quotes or backticks ([CLS], 'love', q·k, x_j) is
# a token, a name, a number or code, not a word
_NUMBER = re.compile(r"^[(\[]?[-+]?\d[\d.,]*[)\],;:%]*$")  # within a run of words, a number does not end it
_WORD = re.compile(r"^\(?[A-Za-z]+(?:['’\-][A-Za-z]+)*[)\],;:.!?]*$")
NAMES = (  # stay as written in Japanese text
    "I love natural language processing",  # the English example sentence of the lessons
    "i love natural language process",  # the same, as the tokenizer splits it
    "bert-base-uncased",  # model names
    "tiny-bert-en",
    "Hugging Face Hub",
    "LOWER ONE EIGHTH BLOCK",  # the Unicode name of ▁ (U+2581)
    "Noto Sans CJK JP",
    "DejaVu Sans",
    "MS Gothic",
)
FOREIGN_OUTPUT = (  # lines of a lesson's output that another program wrote
    re.compile(r"^\s*(?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception|Warning): "),  # Python's exceptions, printed
    re.compile(r"LOAD REPORT from: |^\s*- UNEXPECTED: |^Notes:$"),  # transformers' load report
    re.compile(r"^`sdpa` attention does not support "),  # transformers
    re.compile(r"^The following generation flags are not valid and may be ignored: "),  # transformers
    re.compile(r"^Glyph \d+ \(.*\) missing from font\(s\) "),  # matplotlib
)
QUOTED = re.compile(r"「[^「」]*」|『[^『』]*』|“[^“”]*”|\"[^\"\n]*\"|`[^`\n]*`")  # quotes, and `code` in output
CITATION = re.compile(
    r"\b[A-Z][\w'’-]+(?:,? (?:[A-Z][\w'’-]+|and|&))*(?: et al\.?)?,? \(?\d{4}[a-z]?\)?"  # names (year)
    r"|\b[A-Z][\w'’-]+ et al\.?"  # names et al.
)
UI_WORDS = (  # the theme's and sphinx-gallery's own words; sphinx.po translates them
    "More",
    "Collapse Sidebar",
    "Expand Sidebar",
    "Color mode",
    "Language",
    "Link to this heading",
    "Link to this definition",
    "Link to this term",
    "Link to this equation",
    "Out:",
    "Go to the end",
    "Download Python source code",
    "Download Jupyter notebook",
    "Gallery generated by Sphinx-Gallery",
    "Total running time of the script:",
)
CODE = {"code", "pre", "script", "style", "textarea", "math", "kbd", "samp", "svg"}
BLOCKS = {  # text is joined within a block (across links, emphasis), split between blocks
    *("p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "caption", "figcaption"),
    *("div", "section", "title", "button", "label", "nav", "header", "footer", "ul", "ol", "table", "tr"),
}
VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "col", "area", "base", "embed", "track"}
TOOLTIPS = ("title", "aria-label", "placeholder", "alt", "tooltip")  # "tooltip": sphinx-gallery's lesson cards
OUTPUT = "sphx-glr-script-out"


class _Text(html.parser.HTMLParser):
    """The prose of a page, block by block, with code replaced by a mark; the lessons' output apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool, bool, bool]] = []  # (tag, code, other language, external link)
        self.prose: list[str] = [""]  # one entry per block
        self.output: list[str] = []  # the text of each lesson output block
        self.tooltips: list[str] = []
        self._output_depth: int | None = None

    def _inside(self, index: int) -> bool:
        return any(entry[index] for entry in self.open)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if not (self._inside(1) or self._inside(2)):
            self.tooltips += [a[k] for k in TOOLTIPS if a.get(k)]
        if tag in VOID:
            self.prose.append("")
            return
        if OUTPUT in classes and self._output_depth is None:
            self._output_depth = len(self.open)
            self.output.append("")
        code = tag in CODE or (tag == "dt" and "sig" in classes)  # autodoc: a signature is code
        other = bool(a.get("lang")) and not a["lang"].startswith("ja")
        external = tag == "a" and "external" in classes
        self.open.append((tag, code, other, external))
        if tag in BLOCKS:
            self.prose.append("")

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break
        if self._output_depth is not None and len(self.open) <= self._output_depth:
            self._output_depth = None
        if tag in BLOCKS:
            self.prose.append("")

    def handle_data(self, data: str) -> None:
        if self._output_depth is not None:
            self.output[-1] += data
        elif self._inside(1) or self._inside(2) or self._inside(3):
            self.prose[-1] += " \x00 "  # code, another language, a title: a mark that is not a word
        else:
            self.prose[-1] += data


def prose_findings(text: str) -> list[str]:
    """Runs of :data:`WORDS` or more Latin-script words in Japanese prose, after the allowances."""
    for pattern in (QUOTED, CITATION):
        text = pattern.sub(" \x00 ", text)
    for name in NAMES:
        text = text.replace(name, " \x00 ")
    runs, run = [], []  # run: the tokens since the first word, numbers included
    for token in [*text.split(), "\x00"]:
        if _WORD.match(token):
            run.append(token)
        elif run and _NUMBER.match(token):
            run.append(token)  # "layer 0, head 1: next token 0.21" is one run of English
        else:
            while run and not _WORD.match(run[-1]):
                run.pop()
            if sum(bool(_WORD.match(t)) for t in run) >= WORDS:
                runs.append(" ".join(run))
            run = []
    return runs


def output_findings(text: str) -> list[str]:
    """English prose in a lesson's output, except the lines another program wrote."""
    found = []
    for line in text.splitlines():
        if not any(pattern.search(line) for pattern in FOREIGN_OUTPUT):
            found += prose_findings(line)
    return found


def check_page(page: str) -> list[str]:
    """Findings on one page's HTML: ``prose: ...``, ``output: ...``, ``theme: ...``."""
    parser = _Text()
    parser.feed(page)
    found = [f"prose: {run!r}" for block in parser.prose for run in prose_findings(block)]
    found += [f"lesson output: {run!r}" for block in parser.output for run in output_findings(block)]
    shown = [block.strip() for block in parser.prose] + [t.strip() for t in parser.tooltips]
    found += [f"theme text not translated: {word!r}" for word in UI_WORDS if word in shown]
    found += [f"tooltip: {run!r}" for tip in parser.tooltips if tip not in UI_WORDS for run in prose_findings(tip)]
    return found


# lists of names (the indexes) and the search page, whose words come from scripts (checked below);
# the API reference is checked like any page: api.po translates its docstrings
SKIPPED = ("genindex.html", "py-modindex.html", "search.html")


def pages(build: pathlib.Path) -> list[pathlib.Path]:
    """The pages of one build to check (folders starting with ``_`` hold files, not pages)."""
    return [
        p
        for p in sorted(build.rglob("*.html"))
        if not any(part.startswith("_") for part in p.relative_to(build).parts[:-1])
        and p.relative_to(build).as_posix() not in SKIPPED
    ]


def check_build(build: pathlib.Path) -> list[str]:
    """Every finding in the Japanese build at ``build``, as ``page: finding``."""
    return [
        f"{path.relative_to(build).as_posix()}: {finding}"
        for path in pages(build)
        for finding in check_page(path.read_text(encoding="utf-8"))
    ]


# a message a script asks for: _("..."), Documentation.gettext("..."), Documentation.ngettext("...", "...", n)
_SCRIPT_MESSAGE = re.compile(r'(?:(?<![\w.$])_|Documentation\.n?gettext)\(\s*"((?:[^"\\]|\\.)*)"')


_DATA_FILE = ("window.ATTN_TEACH_SEARCH_PAGES", "Documentation.addTranslations", "Search.setIndex")


def script_messages(static: pathlib.Path) -> list[str]:
    """The messages the build's scripts translate, in file order (the singular of a plural).

    Data files (``search_pages.js`` holds the pages' text, ``translations.js`` the catalogue) are
    not scripts: a file that starts by handing over data is skipped."""
    import json

    found: list[str] = []
    for script in sorted(static.glob("*.js")):
        text = script.read_text(encoding="utf-8")
        if text.lstrip().startswith(_DATA_FILE):
            continue
        for match in _SCRIPT_MESSAGE.finditer(text):
            message = json.loads(f'"{match.group(1)}"')
            if message not in found:
                found.append(message)
    return found


def load_translations(path: pathlib.Path) -> dict:
    """The object ``translations.js`` hands to ``Documentation.addTranslations(...)``."""
    import json

    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def translation_findings(build: pathlib.Path) -> list[str]:
    """Script messages that ``_static/translations.js`` leaves English, empty or out (see the docstring)."""
    static = build / "_static"
    path = static / "translations.js"
    wanted = script_messages(static)
    if not wanted:
        return []
    if not path.is_file():
        return [f"_static/translations.js: missing; the search page's {len(wanted)} messages show in English"]
    messages = load_translations(path).get("messages", {})
    found = []
    for message in wanted:
        translated = messages.get(message)
        forms = translated if isinstance(translated, list) else [translated]
        if translated is None:
            found.append(f"_static/translations.js: {message!r} not translated (the page shows it in English)")
        elif any(not form for form in forms):
            found.append(f"_static/translations.js: {message!r} translated as empty (the page shows nothing)")
        elif any(form == message for form in forms):
            found.append(f"_static/translations.js: {message!r} left in English")
    # every other message of the catalogue too: a script or a theme may ask for it later
    for message, translated in messages.items():
        if message in wanted:
            continue
        forms = translated if isinstance(translated, list) else [translated]
        if any(not form for form in forms):
            found.append(f"_static/translations.js: {message!r} translated as empty")
        elif any(_words(form) and form == message for form in forms):
            found.append(f"_static/translations.js: {message!r} left in English")
        else:
            found += [
                f"_static/translations.js: {message!r} has English: {run!r}"
                for form in forms
                for run in prose_findings(_words(form))
            ]
    # the site's spacing and punctuation, on every message translated (the site's and Sphinx's own)
    for message, translated in messages.items():
        forms = translated if isinstance(translated, list) else [translated]
        found += [
            f"_static/translations.js: {message!r} -> {form!r}: {problem}"
            for form in forms
            if form and form != message
            for problem in check_spacing.message_style(form)
        ]
    return found


#: what a page writes when the theme is given a version switcher's JSON: the banner's condition
_VERSION_SWITCHER = re.compile(r"DOCUMENTATION_OPTIONS\.theme_switcher_json_url\s*=")


def version_banner_findings(build: pathlib.Path) -> list[str]:
    """Pages on which the theme's version-warning banner (hard-coded English) could show.

    The theme's script builds the banner only when a page sets ``theme_switcher_json_url`` (and
    ``show_version_warning_banner``); ``conf.py`` configures no version switcher, so no page does."""
    return [
        f"{path.relative_to(build).as_posix()}: names a version switcher; the theme's version banner "
        "would show English (This is documentation for ...): keep html_theme_options without 'switcher'"
        for path in sorted(build.rglob("*.html"))
        if _VERSION_SWITCHER.search(path.read_text(encoding="utf-8"))
    ]


# what a catalogue message shows, less its markup: tags, entities, placeholders (%(name)s, %s, ${name})
_MARKUP = re.compile(r"<[^>]*>|&#?\w+;|%\(\w+\)s|%s|\$\{\w+\}")


def _words(message: str) -> str:
    """The text of a catalogue message without its markup and placeholders (Latin words left in)."""
    text = _MARKUP.sub(" \x00 ", message)
    return text if re.search(r"[A-Za-z]", text) else ""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    build = pathlib.Path(args[0]) if args else pathlib.Path(__file__).resolve().parent / "_build" / "html" / "ja"
    if not (build / "index.html").is_file():
        print(f"{build} holds no built site; run python docs/build.py first", file=sys.stderr)
        return 1
    findings = check_build(build) + translation_findings(build) + version_banner_findings(build)
    for finding in findings:
        print(f"  - {finding}", file=sys.stderr)
    if findings:
        print(f"English check FAILED: {len(findings)} finding(s) in {build}", file=sys.stderr)
        return 1
    print(f"English check passed: {len(pages(build))} Japanese pages, no English prose outside code and quotes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
