"""The interactive view in a real browser (Debian's chromium driven by playwright), network blocked.

Every page is opened from a file with every request that is not ``file://`` aborted and
recorded; a test fails on any such request and on any console error. Locally the tests
skip when chromium or playwright is missing; in CI (``CI`` set) they are required.
"""

import numpy as np
import pytest
from interactive_pages import Page, printed, softmax_attention

from attn_teach import rollout
from attn_teach.interactive import interactive

pytestmark = pytest.mark.browser


@pytest.fixture
def open_view(browser, tmp_path):
    pages = []

    def open_(view, name="view.html", **options):
        page = Page(browser, view.save(tmp_path / name), **options)
        pages.append(page)
        return page

    yield open_
    for page in pages:
        assert page.blocked == [], f"the page asked the network for {page.blocked}"
        assert page.errors == [], f"console errors: {page.errors}"
        page.close()


def numbers(texts: list[str]) -> np.ndarray:
    return np.array([np.nan if t == "\u2014" else float(t) for t in texts])


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


@pytest.mark.parametrize(
    "switch, reduce",
    [
        ("special", lambda a: a.without_special()),
        ("words", lambda a: a.words()),
    ],
)
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
    assert labels == ["層", "ヘッド", "特殊トークンを除く", "単語ごと", "ロールアウト"]
    assert page.page.locator("select.atv-head option").first.text_content() == f"{gpt_attention.n_heads}ヘッドの平均"
    title = page.page.locator(".atv-title").text_content()
    assert "層" in title and "因果マスク" in title and "causal" not in title
    q, k = 7, 3
    page.hover_cell(q, k)
    tokens = gpt_attention.tokens
    assert page.tokens() == tokens  # token labels as they are
    assert page.page.locator(".atv-rq").text_content() == f"クエリ{q}「{tokens[q]}」"
    assert page.page.locator(".atv-rk").text_content() == f"キー{k}「{tokens[k]}」"
    matrix = gpt_attention.head_mean(-1)
    assert page.page.locator(".atv-rv").text_content() == f"{matrix[q, k]:.3f}"
    n = len(tokens)
    expected = np.where(np.triu(np.ones((n, n), bool), 1), np.nan, matrix)
    assert_shown(page.values("keys"), expected[q], matrix.max())
    page.hover_cell(2, 6)
    assert page.page.locator(".atv-rv").text_content() == "因果マスク（因果モデルは先を見られない）"
    text = page.page.locator(".attn-teach-view").inner_text()
    for english in ("hide special tokens", "rollout", "mean of", "query", "key ", "masked", "largest weight"):
        assert english not in text, english


# -- every digit, every colour --------------------------------------------------------------------------------------


def test_every_printed_digit_of_every_head_equals_the_weight_rounded(open_view, bert_attention):
    page = open_view(interactive(bert_attention))
    n = len(bert_attention.tokens)
    for layer in range(bert_attention.n_layers):
        page.page.select_option("select.atv-layer", str(layer))
        for head in [None, *range(bert_attention.n_heads)]:
            page.page.select_option("select.atv-head", "" if head is None else str(head))
            matrix = bert_attention.head_mean(layer) if head is None else bert_attention.weights[layer, head]
            for q in range(n):
                page.hover_cell(q, q)
                assert_shown(page.values("keys"), matrix[q])
            assert_shown(page.values("queries"), matrix[:, n - 1])  # the last cell pointed at: (n-1, n-1)
            assert page.page.locator(".atv-rv").text_content() == f"{matrix[q, q]:.3f}"
            top = page.page.locator(".atv-scale span").last.text_content()
            assert top.startswith(f"{matrix.max():.3f} ")  # the colour scale's end, printed the same way


def test_sampled_digits_of_a_bert_base_sized_view(open_view):
    attention = softmax_attention(12, 12, 128, seed=3)  # (layer, head, query, key) as bert-base at 128 tokens
    page = open_view(interactive(attention, fallback=False))
    rng = np.random.default_rng(0)
    for layer, head, q, k in zip(
        rng.integers(0, 12, 6), rng.integers(0, 12, 6), rng.integers(0, 128, 6), rng.integers(0, 128, 6), strict=True
    ):
        page.page.select_option("select.atv-layer", str(layer))
        page.page.select_option("select.atv-head", str(head))
        page.hover_cell(int(q), int(k))
        matrix = attention.weights[layer, head]
        assert_shown(page.values("keys"), matrix[q])
        assert_shown(page.values("queries"), matrix[:, k])


def test_canvas_pixels_are_the_static_heatmaps_colours(open_view, bert_attention, gpt_attention):
    import matplotlib as mpl

    from attn_teach.views.style import CMAP

    for attention in (bert_attention, gpt_attention):
        view = interactive(attention)
        assert len(bytes.fromhex(view.data["lut"])) == 256 * 3  # one colour per level, none missing
        page = open_view(view, f"{attention.model_name}.html")
        matrix = attention.head_mean(-1).astype(np.float64)  # (query, key)
        expected = mpl.colormaps[CMAP](mpl.colors.Normalize(0, matrix.max())(matrix), bytes=True)[..., :3]
        pixels = page.pixels()
        seen = ~np.triu(np.ones(matrix.shape, bool), 1) if attention.causal else np.ones(matrix.shape, bool)
        np.testing.assert_array_equal(pixels[seen], expected[seen])
        q, k = np.unravel_index(np.argmax(matrix), matrix.shape)
        top = mpl.colormaps[CMAP](1.0, bytes=True)[:3]
        assert tuple(pixels[q, k]) == tuple(top)  # the largest cell has the top colour


# -- the format's version, the readout's language, escaping ------------------------------------------------------


def test_a_page_of_another_format_says_so_and_draws_nothing(browser, tmp_path, bert_attention):
    path = interactive(bert_attention).save(tmp_path / "old.html")
    text = path.read_text(encoding="utf-8")
    assert text.count('"format":2,') == 1
    path.write_text(text.replace('"format":2,', '"format":3,'), encoding="utf-8")
    page = Page(browser, path, wait="[data-failed]")
    message = page.page.locator(".atv-error").text_content()
    assert "format 3" in message and "format 2" in message and "again" in message
    assert page.page.locator("canvas").count() == 0 and page.errors == []
    assert page.page.locator(".atv-fallback img").is_visible()  # the static picture stays
    page.close()


@pytest.mark.parametrize("process, argument", [("ja", "en"), ("en", "ja")])
def test_the_readout_speaks_the_language_given_not_the_process(open_view, bert_attention, process, argument):
    from attn_teach.i18n import use_language

    with use_language(process):
        view = interactive(bert_attention, language=argument)
    page = open_view(view)
    page.hover_cell(1, 2)
    readout = page.page.locator(".atv-readout").text_content()
    if argument == "en":
        assert readout.startswith("query 1") and "クエリ" not in readout
    else:
        assert readout.startswith("クエリ1") and "query" not in readout
    assert page.page.locator("html").get_attribute("lang") == argument


HOSTILE = [
    "</SCRIPT><script>window.pwned = 1</script>",
    '</ScRiPt ><img src=x onerror="window.pwned = 2">',
    "<!--<script>window.pwned = 3</script>",
    "]]><script>window.pwned = 4</script>",
    "a\u2028b\u2029c & d",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_text_title_tokens_and_model_path_cannot_inject(open_view, hostile):
    import re

    from attn_teach import Attention

    weights = np.full((1, 1, 3, 3), 1 / 3, dtype=np.float32)
    a = Attention(hostile, f"/models/{hostile}", [hostile, "b", hostile.upper()], np.zeros(3, bool), weights)
    view = interactive(a, fallback=False)
    html = view.to_html()
    assert len(re.findall(r"<script", html, re.I)) == 2 and len(re.findall(r"</script", html, re.I)) == 2
    assert "<!--" not in html and "]]>" not in html
    page = open_view(view)
    assert page.page.evaluate("() => window.pwned") is None
    assert page.tokens() == a.tokens
    assert page.page.title() == view.title() and hostile in view.title()
    assert page.page.locator("h1").text_content() == view.title()
    assert hostile in page.page.locator(".atv-title").text_content()
