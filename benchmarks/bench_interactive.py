"""Benchmark of the interactive view (attn_teach.interactive) in a real browser.

Run by hand (not by the test suite), from the repository root::

    python benchmarks/bench_interactive.py

Attention of the article's models' shapes is made from real softmax rows of random
scores (cost depends on shapes, not values). The storage is data format 2
(``attn_teach/interactive/encoder.py``): per matrix one colour-code byte and one digit-correction
byte per cell, zlib-compressed per layer, inflated by the browser's ``DecompressionStream`` when
first needed; every printed value is the weight rounded to 3 decimals, exactly. Each file is opened in Debian's chromium
(playwright, every non-file request blocked; launched as the browser tests launch it,
``tests/interactive/interactive_pages.py``) and measured with ``performance.now()``:

1. bert-base size: 12 layers x 12 heads, 128 tokens, everything in one file.
   Targets: file <= 5 MB, first paint <= 1 s (view ready, then the next frame), each of 3 loads.
   Also printed: when every layer has been inflated (switching layers is then instant).
2. rinna-medium size: 16 heads, 1,024 tokens, one layer (causal).
   Targets: file <= 20 MB, hover update <= 50 ms (mousemove on the matrix to a new
   cell, the DOM updated and laid out; median and worst of 20 positions).
3. rinna-medium size, 1,024 tokens, 3 layers: more than fits; the file keeps what fits
   in 20 MB, the page says what it left out, and still paints (no frozen tab).

Each line prints the measure, the target and their ratio (<= 1 meets the target).
"""

from __future__ import annotations

import pathlib
import statistics
import sys
import tempfile
import time

import numpy as np

from attn_teach import Attention, interactive

# the interactive view's browser tests' Chromium: the same binary, found the same way, with the same flags
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests" / "interactive"))
from interactive_pages import launch, missing  # noqa: E402

WORDS = ["the", "model", "look", "##s", "at", "every", "token", "process", "##ing", "language"]
PIECES = ["今日", "は", "カレー", "ライス", "を", "食べ", "ました", "。", "明日", "ラーメン"]


def random_attention(layers: int, heads: int, n: int, *, causal: bool, seed: int = 0) -> Attention:
    rng = np.random.default_rng(seed)
    w = np.empty((layers, heads, n, n), dtype=np.float32)  # (layer, head, query, key)
    future = np.triu(np.ones((n, n), bool), 1)
    for layer in range(layers):
        scores = rng.normal(scale=3.0, size=(heads, n, n)).astype(np.float32)
        if causal:
            scores[:, future] = -np.inf
        e = np.exp(scores - scores.max(-1, keepdims=True))
        w[layer] = e / e.sum(-1, keepdims=True)
    if causal:
        tokens = ["▁"] + [PIECES[i % len(PIECES)] for i in range(n - 2)] + ["</s>"]
    else:
        tokens = ["[CLS]"] + [WORDS[i % len(WORDS)] for i in range(n - 2)] + ["[SEP]"]
    special = np.zeros(n, bool)
    special[-1] = True
    special[0] = not causal
    return Attention("random", "random", tokens, special, w, causal=causal)


def open_page(browser, path: pathlib.Path):
    blocked = []
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith("file://") else (blocked.append(r.request.url), r.abort()),
    )
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector(".attn-teach-view[data-ready]", timeout=60_000)
    painted = page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => setTimeout(() => r(performance.now()))))"
    )
    page.wait_for_selector(".attn-teach-view[data-complete]", timeout=60_000)
    ready = float(page.locator(".attn-teach-view").get_attribute("data-ready-ms"))
    if blocked or errors:
        raise SystemExit(f"{path.name}: blocked requests {blocked}, errors {errors}")
    return page, ready, painted


HOVER_JS = """([x, y]) => {
    const c = document.querySelector('canvas.atv-canvas'), r = c.getBoundingClientRect();
    const t0 = performance.now();
    c.dispatchEvent(new MouseEvent('mousemove', {clientX: r.left + x, clientY: r.top + y, bubbles: true}));
    document.body.offsetHeight;  // force style and layout of the updated text
    return performance.now() - t0;
}"""


def report(name: str, value: float, target: float, unit: str) -> None:
    print(f"{name:<46} {value:9.1f} {unit:<3} target <= {target:g} {unit:<3} ratio {value / target:5.2f}")


def main() -> int:
    if missing():
        print(f"bench_interactive: {missing()}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    folder = pathlib.Path(tempfile.mkdtemp(prefix="bench_interactive_"))
    with sync_playwright() as p:
        browser = launch(p)

        t0 = time.perf_counter()
        bert = interactive(random_attention(12, 12, 128, causal=False))
        path = bert.save(folder / "bert.html")
        build = time.perf_counter() - t0
        print(
            f"1. bert-base size, 12 x 12 heads, 128 tokens (built in {build:.1f} s; left out: "
            f"{bert.data['omitted'] or 'nothing'})"
        )
        report("   file size", path.stat().st_size / 1e6, 5, "MB")
        for _ in range(3):
            page, ready, painted = open_page(browser, path)
            report("   first paint (view ready + next frame)", painted, 1000, "ms")
            print(f"   (script done at {ready:.0f} ms)")
            page.close()

        t0 = time.perf_counter()
        rinna = interactive(random_attention(1, 16, 1024, causal=True))
        path = rinna.save(folder / "rinna.html")
        build = time.perf_counter() - t0
        page, ready, painted = open_page(browser, path)
        box = page.locator("canvas.atv-canvas").bounding_box()
        rng = np.random.default_rng(1)
        times = [
            page.evaluate(HOVER_JS, [float(x), float(y)])
            for x, y in rng.uniform(0, min(box["width"], box["height"]) - 1, size=(20, 2))
        ]
        print(f"2. rinna-medium size, 16 heads, 1,024 tokens, one layer (built in {build:.1f} s)")
        report("   file size", path.stat().st_size / 1e6, 20, "MB")
        report("   hover update, median of 20", statistics.median(times), 50, "ms")
        report("   hover update, worst of 20", max(times), 50, "ms")
        report("   first paint (for the record)", painted, 1000, "ms")
        page.close()

        over = interactive(random_attention(3, 16, 1024, causal=True))
        path = over.save(folder / "rinna3.html")
        page, ready, painted = open_page(browser, path)
        note = page.locator(".atv-note").text_content()
        print(
            f"3. rinna-medium size, 3 layers of 1,024 tokens: kept layers {over.data['layers']}, "
            f"{path.stat().st_size / 1e6:.1f} MB, painted at {painted:.0f} ms"
        )
        print(f"   the page says: {note}")
        page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
