"""Open every page of both sites from disk in Chromium, on a desktop and a phone; no network.

Run after ``python docs/build.py``::

    python docs/check_browser.py [docs/_build/html] [--out docs/_build/screenshots]

Chromium from the system (``/usr/bin/chromium``, Debian's package; ``CHROMIUM`` overrides it)
runs headless through playwright; nothing is downloaded. Every page of ``en/`` and ``ja/`` is
opened as a ``file://`` address at 1280x900 and at 390x844 (a phone), in light mode (the pages of
``DARK_AXE_PAGES``, of ``SHOT_PAGES`` when screenshot, and lesson 12's also in dark mode), and the
check fails when:

* the page asks for anything that is not a file on disk (every such request is blocked), or a
  file it asks for is missing (a script, style sheet, font or figure);
* axe-core (``axe-playwright-python``) finds a violation of WCAG 2.1 A or AA (light mode on every
  page; dark mode on ``DARK_AXE_PAGES``, one page of each kind of content: the theme's dark
  colours are one style sheet for every page, so what can differ is the content it colours);
* the page scrolls sideways, at either width, or text runs past the window's right edge outside a
  box that scrolls (cut off: the theme does not let the page scroll);
* a display equation is wider than its box and the box does not scroll, or is cut off on the left;
* at 1280 px, a code block scrolls sideways (a code line longer than the column);
* on a lesson page, a figure does not load or is wider than its column; a figure's alt text is
  its file name;
* in lesson 12's page (both languages, light and dark), the interactive view does not start, its
  colours do not follow the page's mode, or axe-core (WCAG 2.2 AA and best practice) finds a
  violation anywhere on the page;
* the Japanese search page does not find 注意機構, 特殊トークン, 文字化け, 因果マスク or トークン化,
  shows no snippet under a result, leaves its status line empty or in English once the search has
  finished (Sphinx's own Japanese catalogue has an empty "Search finished" plural), labels an API
  result with English (``, in ``), or logs an error (a refused ``fetch`` of a ``file://`` page).

Two Chromiums check pages at once (``--jobs``; one thread and one playwright each), each with
four reused contexts (desktop and phone, light and dark, reduced motion); a page is measured once
the theme's scripts have put it in its context's colour mode, not after a fixed wait.

Screenshots (``--out``; ``--no-screenshots`` in CI) of the pages in ``SHOT_PAGES`` at both widths,
light and dark, both languages: look at them (Japanese must show as real glyphs, not boxes). Exit status 0 when every
page passes, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import pathlib
import re
import sys
import threading
import time
from collections.abc import Callable

ROOT = pathlib.Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "ja")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Pages screenshot at both widths, in light and dark mode, in both languages.
SHOT_PAGES = (
    "index",
    "glossary",
    "practice",
    "troubleshooting",
    "article",
    "since_the_article",
    "auto_lessons/plot_00a_what_attention_computes",
    "auto_lessons/plot_08_japanese_font",
    "auto_lessons/plot_10_3d",
    "auto_lessons/plot_13_rollout",
    "auto_lessons/plot_14_special_tokens",
    "auto_lessons/plot_15_words",
)
# Pages axe-core also checks in dark mode, one of each kind of content: lesson cards and a figure
# (index), a definition list (glossary), code blocks and tables (practice), admonitions and commands
# (troubleshooting), a lesson's code, printout and figures (lesson 08); lesson 12's page is checked
# in dark mode with its interactive view. Axe's contrast rule is most of the check's time (11 s of
# 24 on the API page), so it runs in dark mode on these pages rather than on every screenshot page.
DARK_AXE_PAGES = ("index", "glossary", "practice", "troubleshooting", "auto_lessons/plot_08_japanese_font")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe-core reports every violating element in full either way; without this it also builds a CSS
# selector for every element that passed, which the check never reads (0.79 of the time, measured)
ONLY_VIOLATIONS = ["violations"]

MEASURE = r"""() => {
  const wide = (el) => el.scrollWidth > el.clientWidth + 1;
  const figures = [...document.querySelectorAll("img.sphx-glr-single-img, img.sphx-glr-multi-img")];
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    figures: figures.map(img => ({src: img.getAttribute("src"), alt: img.getAttribute("alt") || "",
                                  natural: img.naturalWidth, width: img.getBoundingClientRect().width,
                                  column: img.closest("article, .bd-article, main").getBoundingClientRect().width})),
    code: [...document.querySelectorAll("div.highlight pre")].filter(wide).map(
        pre => `${pre.scrollWidth} px in ${pre.clientWidth} px: ${pre.textContent.trim().split("\n")[0].slice(0, 50)}`),
    // text drawn past the window's right edge inside no box that scrolls: cut off, since the page
    // itself does not scroll sideways (a field list's long type, a code span that does not wrap)
    cut: (() => {
      const width = document.documentElement.clientWidth, found = [], range = document.createRange();
      const root = document.querySelector("article") || document.body || document.documentElement;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node && found.length < 5; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        range.selectNodeContents(node);
        const right = Math.max(0, ...[...range.getClientRects()].map(r => r.width > 0 ? r.right : 0));
        if (right <= width + 1) continue;
        let shown = true;  // not in a box that scrolls, nor visually hidden (a screen reader's text)
        for (let box = node.parentElement; box && box !== root.parentElement; box = box.parentElement) {
          const style = getComputedStyle(box);
          if (["auto", "scroll"].includes(style.overflowX) || style.clipPath !== "none") { shown = false; break; }
        }
        if (shown) found.push(`${Math.round(right - width)} px: ${node.textContent.trim().slice(0, 40)}`);
      }
      return found;
    })(),
    math: [...document.querySelectorAll("div.math")].map(box => {
      const math = box.querySelector("math");
      if (!math) return null;
      const scrolls = ["auto", "scroll"].includes(getComputedStyle(box).overflowX);
      const boxRect = box.getBoundingClientRect(), mathRect = math.getBoundingClientRect();
      const what = math.textContent.trim().slice(0, 40);
      const cut = Math.round(boxRect.left - mathRect.left);
      if (cut > 1) return `cut off on the left by ${cut} px: ${what}`;
      if (wide(box) && !scrolls) return `${box.scrollWidth} px in a ${box.clientWidth} px box, no scroll: ${what}`;
      return null;
    }).filter(Boolean),
  };
}"""


def site_pages(site: pathlib.Path, language: str) -> list[str]:
    """Every page of one site (``auto_lessons/plot_04_heatmap``), without Sphinx's own folders."""
    base = site / language
    return sorted(
        p.relative_to(base).with_suffix("").as_posix()
        for p in base.rglob("*.html")
        if not p.relative_to(base).parts[0].startswith("_")
    )


MODE_SET = "scheme => document.documentElement.dataset.theme === scheme"


def wait_for_mode(page, scheme: str, name: str, problems: list[str]) -> None:
    """Wait until the theme's scripts have put the page in the context's colour mode (they do it
    after load); a page that never gets there is a problem, not a hang."""
    try:
        page.wait_for_function(MODE_SET, arg=scheme, timeout=15_000)
    except Exception:  # noqa: BLE001 - playwright's timeout: reported as the problem it is
        mode = page.evaluate("() => document.documentElement.dataset.theme")
        problems.append(f"{name}: the page did not switch to {scheme} mode (data-theme={mode!r})")


class Browser:
    """One Chromium, four contexts (desktop and phone, light and dark), every request off disk blocked."""

    def __init__(self, playwright, chromium: str):
        self.browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        self.problems: list[str] = []
        self.contexts = {}
        for size_name, size in (("1280", DESKTOP), ("390", PHONE)):
            for scheme in ("light", "dark"):
                # reduced motion: no CSS transition is half way when a colour or a layout is measured
                context = self.browser.new_context(viewport=size, color_scheme=scheme, reduced_motion="reduce")
                context.route("**/*", self._route)
                self.contexts[size_name, scheme] = context
        self.current = ""
        self.console: list[str] = []
        self.axe_running = False

    def _route(self, request_route) -> None:
        address = request_route.request.url
        if address.startswith(("file://", "data:", "blob:")):
            request_route.continue_()
        else:
            self.problems.append(f"{self.current}: asked for {address} (the site must not reach the network)")
            request_route.abort()

    def open(self, size: str, scheme: str, url: str, name: str):
        self.current = name
        page = self.contexts[size, scheme].new_page()
        self.console = []  # the page's console errors (a refused fetch, a script error)
        page.on("console", lambda message: self.console.append(message.text) if message.type == "error" else None)
        self.axe_running = False  # axe-core reads style sheets itself; its failed reads are not the page's
        page.on(
            "requestfailed",
            lambda r: (
                self.problems.append(f"{name}: could not load {r.url} ({r.failure})")
                if r.url.startswith("file://") and not self.axe_running
                else None
            ),
        )
        page.goto(url, wait_until="load")
        wait_for_mode(page, scheme, name, self.problems)
        return page

    def close(self) -> None:
        self.browser.close()


def layout_problems(facts: dict, name: str, desktop: bool, lesson: bool) -> list[str]:
    """What ``MEASURE`` found wrong on one page at one width."""
    problems = []
    if facts["scrollWidth"] > facts["innerWidth"]:
        problems.append(
            f"{name}: the page scrolls sideways ({facts['scrollWidth']} px in a {facts['innerWidth']} px window)"
        )
    problems += [f"{name}: text cut off at the window's right edge by {cut}" for cut in facts["cut"]]
    problems += [f"{name}: display equation {problem}" for problem in facts["math"]]
    if desktop:
        problems += [f"{name}: a code line is longer than the column ({wide})" for wide in facts["code"]]
    if desktop and lesson:
        if not facts["figures"] and "index" not in name:
            problems.append(f"{name}: no lesson figure on the page")
        for figure in facts["figures"]:
            if figure["natural"] == 0:
                problems.append(f"{name}: figure {figure['src']} did not load")
            elif figure["width"] > figure["column"] + 1:
                problems.append(
                    f"{name}: figure {figure['src']} ({figure['width']:.0f} px) is wider than its "
                    f"column ({figure['column']:.0f} px)"
                )
            if figure["alt"].startswith("plot ") or figure["alt"].startswith("sphx_glr"):
                problems.append(f"{name}: figure {figure['src']} has its file name as alt text ({figure['alt']!r})")
    return problems


def axe_problems(page, name: str) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the open page."""
    from axe_playwright_python.sync_playwright import Axe

    # preload off: axe would fetch() every style sheet again, which a browser refuses from file://
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG}, "preload": False, "resultTypes": ONLY_VIOLATIONS},
    )
    return [
        f"{name}: axe {violation['id']} ({violation['impact']}): {violation['help']}; "
        f"{len(violation['nodes'])} element(s), e.g. {violation['nodes'][0]['target']}"
        for violation in results.response["violations"]
    ]


SETTLE = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def check_page(
    browser: Browser, site: pathlib.Path, out: pathlib.Path, language: str, page_name: str, screenshots: bool = True
) -> None:
    """One page of one language: at 1280 and 390 px in light mode; in dark mode too on the pages of
    ``DARK_AXE_PAGES`` (axe-core) and, with ``screenshots``, on those of ``SHOT_PAGES``.

    With ``screenshots``, a page of ``SHOT_PAGES`` is loaded at each width, as a phone loads it, for
    its pictures. Any other page (every page without ``screenshots``, as in CI) is loaded once, at
    1280 px, and then narrowed to 390 px for the phone's layout measures: on every page of
    both sites, narrowing gave the same measures as a load at 390 px (compared when this was
    introduced); only the interactive view keeps the cell size it chose at load, inside its own
    scrolling box, so the page's own measures do not change.
    """
    started = time.monotonic()
    url = (site / language / f"{page_name}.html").as_uri()
    lesson = page_name.startswith("auto_lessons/")
    shot = screenshots and page_name in SHOT_PAGES  # loaded at each width, as a phone loads it
    visits = [("1280", "light")]
    visits += [("390", "light")] if shot else []
    visits += [("1280", "dark")] if shot or page_name in DARK_AXE_PAGES else []
    visits += [("390", "dark")] if shot else []
    for size, scheme in visits:
        name = f"{language}/{page_name} ({size} px, {scheme})"
        page = browser.open(size, scheme, url, name)
        if scheme == "light":
            browser.problems += layout_problems(page.evaluate(MEASURE), name, size == "1280", lesson)
        if size == "1280" and (scheme == "light" or page_name in DARK_AXE_PAGES):
            browser.axe_running = True
            browser.problems += axe_problems(page, name)
            browser.axe_running = False
        if shot:
            target = out / f"{language}-{page_name.replace('/', '-')}-{size}-{scheme}.png"
            page.screenshot(path=str(target), full_page=True)
        if not shot and scheme == "light":  # the phone's layout, on the same page narrowed to 390 px
            page.set_viewport_size(PHONE)
            page.evaluate(SETTLE)  # the theme's width-dependent scripts and styles have run
            phone = f"{language}/{page_name} (390 px, light)"
            browser.problems += layout_problems(page.evaluate(MEASURE), phone, False, lesson)
        page.close()
    print(f"  {language}/{page_name}: checked in {time.monotonic() - started:.1f} s", flush=True)


# pydata-sphinx-theme logs this as an error on a browser profile that has never chosen a colour mode
THEME_NOTICE = "Got invalid theme mode"
SEARCHES = ("注意機構", "特殊トークン", "文字化け", "因果マスク", "トークン化", "heatmap")  # heatmap: API results
# the status line once the search has finished (searchtools.js writes it last)
_SUMMARY = "#search-results .search-summary"
_FINISHED = f"() => (document.querySelector('{_SUMMARY}')?.textContent || '').trim().length > 0"


def check_search_page(browser: Browser, site: pathlib.Path) -> None:
    """The Japanese search page, opened from disk, finds the article's words and shows a snippet."""
    from urllib.parse import quote

    for word in SEARCHES:
        name = f"ja/search?q={word}"
        page = browser.open("1280", "light", (site / "ja" / "search.html").as_uri() + f"?q={quote(word)}", name)
        try:
            page.wait_for_selector("#search-results ul li p.context", timeout=15000)
        except Exception:  # noqa: BLE001 - playwright's timeout: reported below as the problem it is
            pass
        try:
            page.wait_for_function(_FINISHED, timeout=15000)
        except Exception:  # noqa: BLE001 - reported below: the status line stayed empty
            pass
        results = page.locator("#search-results ul li").count()
        snippets = page.locator("#search-results ul li p.context").count()
        summary = page.locator(_SUMMARY).first.text_content() if page.locator(_SUMMARY).count() else ""
        if not results:
            browser.problems.append(f"{name}: no result")
        elif not snippets:
            browser.problems.append(f"{name}: {results} result(s) but no snippet under them")
        if not (summary or "").strip():
            browser.problems.append(f"{name}: the status line is empty after the search")
        elif not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", summary):
            browser.problems.append(f"{name}: the status line is not Japanese: {summary.strip()[:80]!r}")
        labels = page.locator("#search-results ul li").all_text_contents()
        browser.problems += [
            f"{name}: an English label in a result: {label[:80]!r}" for label in labels if ", in " in label
        ]
        browser.problems += [
            f"{name}: console error: {error[:120]}" for error in browser.console if not error.startswith(THEME_NOTICE)
        ]
        print(f"  {name}: {results} result(s), {snippets} snippet(s); {(summary or '').strip()}", flush=True)
        page.close()


INTERACTIVE_PAGE = "auto_lessons/plot_12_head_grid.html"  # a lesson page that embeds the interactive view
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def check_interactive(browser, url: str, name: str, out: pathlib.Path, scheme: str) -> list[str]:
    """The interactive view inside a lesson page: it starts, follows the page's colours, and axe-core
    (WCAG 2.2 AA and best practice, ``axe-playwright-python``) finds no violation on the whole page."""
    from axe_playwright_python.sync_playwright import Axe

    problems: list[str] = []
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme, reduced_motion="reduce")
    page = context.new_page()
    context.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(("file://", "data:", "blob:"))
            else (problems.append(f"{name}: asked for {r.request.url}"), r.abort())
        ),
    )
    page.goto(url, wait_until="load")
    try:
        page.wait_for_selector(".attn-teach-view[data-complete]", timeout=20_000)
    except Exception:  # noqa: BLE001 - any failure to start is one line of the report
        context.close()
        return [f"{name} ({scheme}): the interactive view did not start"]
    wait_for_mode(page, scheme, f"{name} ({scheme})", problems)
    theme = page.evaluate("() => document.documentElement.dataset.theme")
    background = page.evaluate("() => getComputedStyle(document.querySelector('.attn-teach-view')).backgroundColor")
    if (theme == "dark") != (background == "rgb(30, 30, 30)"):
        problems.append(f"{name} ({scheme}): the view's background {background} does not follow the page ({theme})")
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ONLY_VIOLATIONS})
    problems += [
        f"{name} ({scheme}): axe: {v['id']}: {v['help']} ({v['nodes'][0]['target']})"
        for v in result.response["violations"]
    ]
    page.locator(".attn-teach-view").scroll_into_view_if_needed()
    shot = out / f"{name}-interactive-{scheme}.png"
    page.screenshot(path=str(shot))
    print(
        f"  {name} ({scheme}): interactive view started, axe: {len(result.response['violations'])} "
        f"violation(s), screenshot {shot}"
    )
    context.close()
    return problems


def run_tasks(tasks: list[Callable[[Browser], None]], chromium: str, jobs: int) -> list[str]:
    """Run the tasks on ``jobs`` Chromiums at once (one thread and one playwright each: playwright's
    sync API is per thread); the problems in the order of the tasks, whichever worker ran them."""
    from playwright.sync_api import sync_playwright

    found: list[list[str]] = [[] for _ in tasks]
    queue = list(enumerate(tasks))
    lock = threading.Lock()

    def worker() -> None:
        with sync_playwright() as playwright:
            browser = Browser(playwright, chromium)
            try:
                while True:
                    with lock:
                        if not queue:
                            return
                        index, task = queue.pop(0)
                    browser.problems = found[index]
                    task(browser)
            finally:
                browser.close()

    with concurrent.futures.ThreadPoolExecutor(max(1, jobs)) as pool:
        for running in [pool.submit(worker) for _ in range(max(1, jobs))]:
            running.result()  # a worker's crash (not a page's problem) ends the check with its traceback
    return [problem for problems in found for problem in problems]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "docs" / "_build" / "html"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "_build" / "screenshots"))
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="PAGE",
        help="only these pages (e.g. glossary auto_lessons/plot_10_3d); default: every page",
    )
    parser.add_argument("--no-search", action="store_true", help="skip the search page check")
    parser.add_argument(
        "--no-screenshots",
        action="store_true",
        help="check without writing the screenshots of SHOT_PAGES (CI: nobody looks at them there; "
        "their dark-mode visits are skipped too, but for DARK_AXE_PAGES)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="Chromiums checking pages at once (default: 2, or 1 on one core)",
    )
    args = parser.parse_args(argv)
    site, out = pathlib.Path(args.site).resolve(), pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not pathlib.Path(chromium).is_file():
        print(
            f"browser check: no Chromium at {chromium}; install it (apt-get install chromium fonts-noto-cjk) "
            f"or set CHROMIUM",
            file=sys.stderr,
        )
        return 1
    missing = [language for language in LANGUAGES if not (site / language / "index.html").is_file()]
    if missing:
        print(f"browser check: {', '.join(missing)} not built in {site} (run python docs/build.py)", file=sys.stderr)
        return 1
    tasks: list[Callable[[Browser], None]] = []  # each one fills browser.problems
    if not args.no_search:
        tasks.append(lambda browser: check_search_page(browser, site))
    for language in LANGUAGES:  # the interactive view inside a lesson page, light and dark
        for scheme in ("light", "dark"):
            url = (site / language / INTERACTIVE_PAGE).as_uri()
            name = f"{language}-plot_12_head_grid"
            tasks.append(
                lambda browser, url=url, name=name, scheme=scheme: browser.problems.extend(
                    check_interactive(browser.browser, url, name, out, scheme)
                )
            )
    pages = [
        (language, page_name)
        for language in LANGUAGES
        for page_name in site_pages(site, language)
        if not args.pages or page_name in args.pages
    ]
    # the pages with screenshots (four visits each) first, so that no worker is left with them at the end
    pages.sort(key=lambda page: page[1] not in SHOT_PAGES)
    tasks += [
        lambda browser, language=language, page_name=page_name: check_page(
            browser, site, out, language, page_name, not args.no_screenshots
        )
        for language, page_name in pages
    ]
    problems = run_tasks(tasks, chromium, args.jobs)
    opened = len(pages)
    if problems:
        print(f"browser check FAILED ({len(problems)} problem(s)):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(
        f"browser check passed: {opened} pages opened from disk at 1280 and 390 px, no network request, "
        f"no WCAG 2.1 AA violation" + ("" if args.no_screenshots else f"; screenshots in {out}")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
