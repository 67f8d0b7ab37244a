"""Shared by the interactive view's browser tests: chromium through playwright, the network blocked.

Every page is opened with each request that is not ``file://``, ``data:`` or ``blob:``
aborted and recorded; the tests fail on any such request and on any console error.
The tests carry the ``browser`` marker: the root ``conftest.py`` skips them locally when chromium or
playwright is missing and requires them in CI (``CI`` set).
"""

from __future__ import annotations

import numpy as np

from attn_teach import Attention

TEXT = "I love natural language processing!"
TEXT_JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"
LOCAL = ("file://", "data:", "blob:")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


class Page:
    """A page showing saved views, with its blocked requests and console errors."""

    def __init__(
        self,
        browser,
        path,
        *,
        width: int = 1400,
        height: int = 1000,
        scheme: str = "light",
        wait: str = "[data-complete]",
    ):
        self.blocked, self.errors = [], []
        self.context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        self.page = self.context.new_page()

        def route(r):
            if r.request.url.startswith(LOCAL):
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        if wait:
            self.page.wait_for_selector(f".attn-teach-view{wait}", timeout=20_000)

    def n(self) -> int:
        return int(self.page.locator(".attn-teach-view").first.get_attribute("data-n"))

    def hover_cell(self, q: int, k: int) -> None:
        box = self.page.locator("canvas.atv-canvas").bounding_box()
        cell = box["width"] / self.n()
        self.page.mouse.move(box["x"] + (k + 0.5) * cell, box["y"] + (q + 0.5) * cell)

    def values(self, side: str) -> list[str]:
        return self.page.locator(f".atv-{side} .atv-val").all_text_contents()

    def tokens(self, side: str = "keys") -> list[str]:
        return self.page.locator(f".atv-{side} .atv-tok").all_text_contents()

    def pixels(self) -> np.ndarray:
        """The canvas as ``(query, key, RGB)`` bytes, one pixel per cell."""
        n = self.n()
        data = self.page.evaluate("""() => {
            const c = document.querySelector('canvas.atv-canvas');
            return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
        }""")
        return np.array(data, dtype=np.uint8).reshape(n, n, 4)[..., :3]

    def axe(self) -> list[str]:
        """axe-core's violations (WCAG 2.2 AA and best practice), one line each."""
        from axe_playwright_python.sync_playwright import Axe

        result = Axe().run(self.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
            for v in result.response["violations"]
        ]

    def close(self) -> None:
        self.context.close()


def printed(values) -> list[str]:
    """Each weight rounded to the 3 decimals the page prints, as Python prints it; a dash where masked."""
    return ["\u2014" if np.isnan(v) else f"{v:.3f}" for v in np.asarray(values, dtype=np.float64)]


def softmax_attention(layers: int, heads: int, n: int, *, causal: bool = False, seed: int = 0) -> Attention:
    """Real softmax rows of random scores, shaped like a model's output, float32."""
    rng = np.random.default_rng(seed)
    scores = rng.normal(scale=3.0, size=(layers, heads, n, n))
    if causal:
        scores = np.where(np.triu(np.ones((n, n), bool), 1), -np.inf, scores)
    w = np.exp(scores - scores.max(-1, keepdims=True))
    w = (w / w.sum(-1, keepdims=True)).astype(np.float32)
    mask = np.zeros(n, bool)
    mask[[0, -1]] = True
    tokens = ["[CLS]"] + [f"t{i}" for i in range(1, n - 1)] + ["[SEP]"]
    return Attention("t", "random", tokens, mask, w, causal=causal)
