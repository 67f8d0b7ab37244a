"""Open English and Japanese lesson pages from disk in Chromium; no network; screenshots.

Run after ``python docs/build.py``::

    python docs/check_browser.py [docs/_build/html] [--out docs/_build/screenshots]

Chromium from the system (``/usr/bin/chromium``, Debian's package; ``CHROMIUM`` overrides it)
runs headless through playwright; nothing is downloaded. Each page is opened as a ``file://``
address, in light and in dark mode, and fails the check when:

* the page asks for anything that is not a file on disk (every such request is blocked);
* a request for a file fails (a missing script, style sheet, font or figure);
* a figure of the lesson does not load (``naturalWidth`` 0) or is wider than its column;
* the page scrolls sideways, or a code block does (code or figures wider than the window);
* in a lesson page that embeds the interactive view (both languages, light and dark): the view
  does not start, its colours do not follow the page's mode, or axe-core (WCAG 2.2 AA and best
  practice) finds a violation anywhere on the page.

Full-page screenshots go to ``--out``: look at them (Japanese must show as real glyphs, not
boxes). Exit status 0 when both pages pass, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# the lesson with the widest code and Japanese figure labels, in both languages, and a lesson with
# Japanese prose next to Japanese figures
PAGES = (("en", "auto_lessons/plot_09_annotated_heatmap.html"), ("ja", "auto_lessons/plot_09_annotated_heatmap.html"),
         ("ja", "auto_lessons/plot_07_japanese_model.html"))
VIEWPORT = {"width": 1280, "height": 900}

MEASURE = r"""() => {
  const figures = [...document.querySelectorAll("img.sphx-glr-single-img, img.sphx-glr-multi-img")];
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    figures: figures.map(img => ({src: img.getAttribute("src"), natural: img.naturalWidth,
                                  width: img.getBoundingClientRect().width,
                                  column: img.closest("article, .bd-article, main").getBoundingClientRect().width})),
    blocks: document.querySelectorAll("div.highlight pre").length,
    wide: [...document.querySelectorAll("div.highlight pre")].filter(
        pre => pre.scrollWidth > pre.clientWidth + 1).map(
        pre => `${pre.scrollWidth} px in ${pre.clientWidth} px: ${pre.textContent.trim().split("\n")[0].slice(0, 50)}`),
  };
}"""


def check_page(browser, url: str, name: str, out: pathlib.Path, scheme: str) -> list[str]:
    """Problems seen when the browser renders ``url`` in ``scheme`` (light or dark)."""
    problems: list[str] = []
    context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
    page = context.new_page()

    def route(request_route):
        address = request_route.request.url
        if address.startswith("file://") or address.startswith("data:") or address.startswith("blob:"):
            request_route.continue_()
        else:
            problems.append(f"{name}: asked for {address} (the site must not reach the network)")
            request_route.abort()

    context.route("**/*", route)
    page.on("requestfailed", lambda r: problems.append(f"{name}: could not load {r.url} ({r.failure})")
            if r.url.startswith("file://") else None)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(500)  # the theme's scripts set the colour mode after load
    facts = page.evaluate(MEASURE)
    if facts["scrollWidth"] > facts["innerWidth"]:
        problems.append(f"{name}: the page scrolls sideways ({facts['scrollWidth']} px in a "
                        f"{facts['innerWidth']} px window)")
    if not facts["figures"]:
        problems.append(f"{name}: no lesson figure on the page")
    for figure in facts["figures"]:
        if figure["natural"] == 0:
            problems.append(f"{name}: figure {figure['src']} did not load")
        elif figure["width"] > figure["column"] + 1:
            problems.append(f"{name}: figure {figure['src']} ({figure['width']:.0f} px) is wider than its "
                            f"column ({figure['column']:.0f} px)")
    problems += [f"{name}: a code block is wider than the page ({wide})" for wide in facts["wide"]]
    shot = out / f"{name}-{scheme}.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"  {name} ({scheme}): {len(facts['figures'])} figure(s), {facts['blocks']} code block(s), "
          f"screenshot {shot}")
    context.close()
    return problems


INTERACTIVE_PAGE = "auto_lessons/plot_12_head_grid.html"  # a lesson page that embeds the interactive view
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def check_interactive(browser, url: str, name: str, out: pathlib.Path, scheme: str) -> list[str]:
    """The interactive view inside a lesson page: it starts, follows the page's colours, and axe-core
    (WCAG 2.2 AA and best practice, ``axe-playwright-python``) finds no violation on the whole page."""
    from axe_playwright_python.sync_playwright import Axe

    problems: list[str] = []
    context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
    page = context.new_page()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file://", "data:", "blob:"))
                  else (problems.append(f"{name}: asked for {r.request.url}"), r.abort()))
    page.goto(url, wait_until="load")
    try:
        page.wait_for_selector(".attn-teach-view[data-complete]", timeout=20_000)
    except Exception:  # noqa: BLE001 - any failure to start is one line of the report
        context.close()
        return [f"{name} ({scheme}): the interactive view did not start"]
    page.wait_for_timeout(500)  # the theme's scripts set the colour mode after load
    theme = page.evaluate("() => document.documentElement.dataset.theme")
    background = page.evaluate("() => getComputedStyle(document.querySelector('.attn-teach-view')).backgroundColor")
    if (theme == "dark") != (background == "rgb(30, 30, 30)"):
        problems.append(f"{name} ({scheme}): the view's background {background} does not follow the page ({theme})")
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    problems += [f"{name} ({scheme}): axe: {v['id']}: {v['help']} ({v['nodes'][0]['target']})"
                 for v in result.response["violations"]]
    page.locator(".attn-teach-view").scroll_into_view_if_needed()
    shot = out / f"{name}-interactive-{scheme}.png"
    page.screenshot(path=str(shot))
    print(f"  {name} ({scheme}): interactive view started, axe: {len(result.response['violations'])} "
          f"violation(s), screenshot {shot}")
    context.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "docs" / "_build" / "html"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "_build" / "screenshots"))
    args = parser.parse_args(argv)
    site, out = pathlib.Path(args.site).resolve(), pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not pathlib.Path(chromium).is_file():
        print(f"browser check: no Chromium at {chromium}; install it (apt-get install chromium fonts-noto-cjk) "
              f"or set CHROMIUM", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        for language, page in PAGES:
            path = site / language / page
            if not path.is_file():
                problems.append(f"{language}/{page}: not built (run python docs/build.py)")
                continue
            for scheme in ("light", "dark"):
                problems += check_page(browser, path.as_uri(), f"{language}-{pathlib.Path(page).stem}", out, scheme)
        for language in ("en", "ja"):
            path = site / language / INTERACTIVE_PAGE
            if not path.is_file():
                problems.append(f"{language}/{INTERACTIVE_PAGE}: not built (run python docs/build.py)")
                continue
            for scheme in ("light", "dark"):
                problems += check_interactive(browser, path.as_uri(), f"{language}-{pathlib.Path(path).stem}", out,
                                              scheme)
        browser.close()
    if problems:
        print(f"browser check FAILED ({len(problems)} problem(s)):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"browser check passed: {len(PAGES)} pages opened from disk, no network request; screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
