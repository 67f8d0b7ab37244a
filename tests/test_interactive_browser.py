"""The interactive view in a real browser (Debian's chromium driven by playwright), network blocked.

Every page is opened from a file with every request that is not ``file://`` aborted and
recorded; a test fails on any such request and on any console error. Locally the tests
skip when chromium or playwright is missing; in CI (``CI`` set) they are required.
"""

import os
import shutil

import numpy as np
import pytest

from attn_teach import extract, rollout
from attn_teach.interactive import interactive

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
TEXT = "I love natural language processing!"
TEXT_JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if CHROMIUM is None:
        return "chromium is not installed (apt-get install chromium fonts-noto-cjk)"
    return None


if _missing():
    if os.environ.get("CI"):
        raise RuntimeError(f"browser tests are required in CI: {_missing()}")
    pytest.skip(_missing(), allow_module_level=True)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page showing one saved view, with its blocked requests and console errors."""

    def __init__(self, browser, path):
        self.blocked, self.errors = [], []
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})

        def route(r):
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector(".attn-teach-view[data-complete]", timeout=20_000)

    def n(self) -> int:
        return int(self.page.locator(".attn-teach-view").get_attribute("data-n"))

    def hover_cell(self, q: int, k: int) -> None:
        box = self.page.locator("canvas.atv-canvas").bounding_box()
        cell = box["width"] / self.n()
        self.page.mouse.move(box["x"] + (k + 0.5) * cell, box["y"] + (q + 0.5) * cell)

    def values(self, side: str) -> list[str]:
        return self.page.locator(f".atv-{side} .atv-val").all_text_contents()

    def tokens(self, side: str = "keys") -> list[str]:
        return self.page.locator(f".atv-{side} .atv-tok").all_text_contents()


@pytest.fixture
def open_view(browser, tmp_path):
    pages = []

    def open_(view, name="view.html"):
        page = Page(browser, view.save(tmp_path / name))
        pages.append(page)
        return page

    yield open_
    for page in pages:
        assert page.blocked == [], f"the page asked the network for {page.blocked}"
        assert page.errors == [], f"console errors: {page.errors}"
        page.page.close()


@pytest.fixture(scope="module")
def bert_attention():
    return extract(TEXT, "tiny-bert-en")


@pytest.fixture(scope="module")
def gpt_attention():
    return extract(TEXT_JA, "tiny-gpt2-ja")


def numbers(texts: list[str]) -> np.ndarray:
    return np.array([np.nan if t == "\u2014" else float(t) for t in texts])


def printed(values) -> list[str]:
    """Each weight rounded to the 3 decimals the page prints, as Python prints it; a dash where masked."""
    return ["\u2014" if np.isnan(v) else f"{v:.3f}" for v in np.asarray(values, dtype=np.float64)]


def assert_shown(texts, expected, scale=None):
    """The page printed exactly ``f"{weight:.3f}"`` for every weight (``scale`` is no longer needed)."""
    assert list(texts) == printed(expected)


def test_hover_shows_row_and_column_of_the_head_mean(open_view, bert_attention):
    page = open_view(interactive(bert_attention))
    matrix = bert_attention.head_mean(-1)  # (query, key)
    q, k = 3, 5
    page.hover_cell(q, k)
    assert page.tokens() == bert_attention.tokens
    assert_shown(page.values("keys"), matrix[q], matrix.max())  # where query q looks
    assert_shown(page.values("queries"), matrix[:, k], matrix.max())  # who looks at key k
    assert page.page.locator(".atv-rv").text_content() == f"{matrix[q, k]:.3f}"
    assert page.page.locator(".atv-rowband").is_visible() and page.page.locator(".atv-colband").is_visible()


def test_pointing_at_a_token_label_shows_its_row(open_view, bert_attention):
    page = open_view(interactive(bert_attention))
    page.page.locator(".atv-queries .atv-item").nth(2).hover()
    matrix = bert_attention.head_mean(-1)
    assert_shown(page.values("keys"), matrix[2], matrix.max())
    assert "".join(page.values("queries")) == ""


def test_layer_and_head_selectors_change_the_matrix(open_view, bert_attention):
    page = open_view(interactive(bert_attention))
    page.page.select_option("select.atv-layer", "1")
    page.page.select_option("select.atv-head", "2")
    page.hover_cell(4, 0)
    matrix = bert_attention.weights[1, 2]  # (query, key)
    assert not np.allclose(matrix[4], bert_attention.head_mean(-1)[4], atol=0.01)  # the test can tell them apart
    assert_shown(page.values("keys"), matrix[4], matrix.max())
    root = page.page.locator(".attn-teach-view")
    assert (root.get_attribute("data-layer"), root.get_attribute("data-head")) == ("1", "2")


@pytest.mark.parametrize("switch, reduce", [
    ("special", lambda a: a.without_special()),
    ("words", lambda a: a.words()),
])
def test_switches_show_the_reduced_matrix_with_rows_summing_to_one(open_view, bert_attention, switch, reduce):
    page = open_view(interactive(bert_attention))
    page.page.check(f"input.atv-{switch}")
    reduced = reduce(bert_attention)
    assert page.n() == len(reduced.tokens) < len(bert_attention.tokens)
    assert page.tokens() == reduced.tokens
    matrix = reduced.head_mean(-1)
    for q in range(len(reduced.tokens)):
        page.hover_cell(q, 0)
        shown = numbers(page.values("keys"))
        assert_shown(page.values("keys"), matrix[q], matrix.max())
        assert abs(shown.sum() - 1) <= len(shown) * 0.0005 + 1e-9  # each printed value within half a digit


def test_both_switches_and_rollout(open_view, bert_attention):
    page = open_view(interactive(bert_attention))
    page.page.check("input.atv-special")
    page.page.check("input.atv-words")
    both = bert_attention.words().without_special()
    assert page.tokens() == both.tokens
    page.page.check("input.atv-rollout")
    assert page.page.locator("select.atv-layer").is_disabled()
    flow = rollout(bert_attention)
    assert page.n() == len(bert_attention.tokens)
    page.hover_cell(2, 2)
    assert_shown(page.values("keys"), flow[2], flow.max())


def test_causal_upper_triangle_stays_masked(open_view, gpt_attention):
    page = open_view(interactive(gpt_attention))
    n = len(gpt_attention.tokens)
    assert page.tokens()[0] == "\u2581"  # the sentencepiece marker stays visible
    page.page.select_option("select.atv-head", "1")
    page.hover_cell(2, 6)
    assert "masked" in page.page.locator(".atv-rv").text_content()
    matrix = gpt_attention.weights[-1, 1]
    expected = np.where(np.triu(np.ones((n, n), bool), 1), np.nan, matrix)  # NaN: shown as a dash
    assert_shown(page.values("keys"), expected[2], matrix.max())
    # pixels above the diagonal are the mask colour, below it never are
    pixels = page.page.evaluate("""() => {
        const c = document.querySelector('canvas.atv-canvas');
        return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
    }""")
    rgb = np.array(pixels, dtype=np.uint8).reshape(n, n, 4)[..., :3]
    is_mask = np.all(rgb == (0xD9, 0xD9, 0xD9), axis=-1)
    np.testing.assert_array_equal(is_mask, np.triu(np.ones((n, n), bool), 1))


def test_japanese_page_speaks_japanese_and_shows_the_same_numbers(open_view, gpt_attention):
    from attn_teach.i18n import use_language

    with use_language("ja"):
        view = interactive(gpt_attention)
    page = open_view(view, "ja.html")
    assert page.page.locator("html").get_attribute("lang") == "ja"
    assert page.page.locator(".attn-teach-view").get_attribute("lang") == "ja"
    labels = page.page.evaluate("""() => [...document.querySelectorAll('.atv-controls label')].map(
        l => [...l.childNodes].filter(c => c.nodeType === 3).map(c => c.textContent.trim()).join(''))""")
    assert labels == ["層", "ヘッド", "特殊トークンを隠す", "単語ごと", "ロールアウト"]
    assert page.page.locator("select.atv-head option").first.text_content() == f"{gpt_attention.n_heads}ヘッドの平均"
    title = page.page.locator(".atv-title").text_content()
    assert "層" in title and "因果マスク" in title and "causal" not in title
    q, k = 7, 3
    page.hover_cell(q, k)
    tokens = gpt_attention.tokens
    assert page.tokens() == tokens  # token labels as they are
    assert page.page.locator(".atv-rq").text_content() == f"クエリ {q}「{tokens[q]}」"
    assert page.page.locator(".atv-rk").text_content() == f"キー {k}「{tokens[k]}」"
    matrix = gpt_attention.head_mean(-1)
    assert page.page.locator(".atv-rv").text_content() == f"{matrix[q, k]:.3f}"
    n = len(tokens)
    expected = np.where(np.triu(np.ones((n, n), bool), 1), np.nan, matrix)
    assert_shown(page.values("keys"), expected[q], matrix.max())
    page.hover_cell(2, 6)
    assert page.page.locator(".atv-rv").text_content() == "マスク（因果モデルは先を見られない）"
    text = page.page.locator(".attn-teach-view").inner_text()
    for english in ("hide special tokens", "rollout", "mean of", "query", "key ", "masked", "largest weight"):
        assert english not in text, english
