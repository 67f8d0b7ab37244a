"""The interactive view for every reader: a 390 px phone, dark pages, the keyboard, axe-core.

Chromium through playwright, the network blocked (see ``interactive_pages``).
"""

import numpy as np
import pytest
from interactive_pages import Page, printed

from attn_teach.interactive import interactive

pytestmark = pytest.mark.browser


@pytest.fixture
def open_file(browser):
    pages = []

    def open_(path, **options):
        page = Page(browser, path, **options)
        pages.append(page)
        return page

    yield open_
    for page in pages:
        assert page.blocked == [], f"the page asked the network for {page.blocked}"
        assert page.errors == [], f"console errors: {page.errors}"
        page.close()


OVERFLOW = """() => {
  const wide = [];
  for (const e of document.querySelectorAll('.attn-teach-view *')) {
    const r = e.getBoundingClientRect();
    let clipped = false;  // inside a box that scrolls: reachable by scrolling that box
    for (let p = e.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (/(auto|scroll)/.test(s.overflowX + s.overflowY)) { clipped = true; break; }
    }
    if (!clipped && r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5)) wide.push(e.className || e.tagName);
  }
  return {scroll: document.documentElement.scrollWidth, inner: innerWidth, wide: wide};
}"""


@pytest.mark.parametrize("model", ["bert", "gpt"])
def test_a_390px_phone_reaches_every_part_and_nothing_overflows(
    open_file, tmp_path, bert_attention, gpt_attention, model
):
    attention = bert_attention if model == "bert" else gpt_attention
    page = open_file(interactive(attention).save(tmp_path / "phone.html"), width=390, height=844)
    facts = page.page.evaluate(OVERFLOW)
    assert facts["scroll"] <= facts["inner"] == 390, facts
    assert facts["wide"] == [], facts
    canvas = page.page.locator("canvas.atv-canvas").bounding_box()
    assert canvas["x"] >= 0 and canvas["x"] + canvas["width"] <= 390  # the matrix fits the screen
    page.page.locator("canvas.atv-canvas").click(position={"x": 1, "y": canvas["height"] - 1})  # a tap: last row
    n = len(attention.tokens)
    matrix = attention.head_mean(-1)
    assert page.page.locator(".atv-rq").text_content().startswith(f"query {n - 1}")
    assert page.values("keys") == printed(matrix[n - 1])
    page.page.mouse.move(0, 0)  # scrolling under a resting mouse would point at another cell
    for i, value in enumerate(page.page.locator(".atv-keys .atv-val").all()):
        value.scroll_into_view_if_needed()
        box = value.bounding_box()
        assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= 390, (i, box)
        assert value.evaluate("e => e.scrollWidth <= e.clientWidth")  # "0.122", not "0.12"
    page.page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)


CONTRAST = """() => {
  const v = document.querySelector('.attn-teach-view');
  return {color: getComputedStyle(v).color, background: getComputedStyle(v).backgroundColor,
          select: getComputedStyle(v.querySelector('select')).backgroundColor};
}"""


def _luminance(css: str) -> float:
    r, g, b = (int(x) for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("how", ["prefers-color-scheme", "data-theme"])
def test_dark_pages_get_a_dark_view_with_the_same_heatmap(open_file, tmp_path, bert_attention, how):
    view = interactive(bert_attention)
    light = open_file(view.save(tmp_path / "light.html"))
    if how == "data-theme":  # as the docs theme marks its dark mode, whatever the system says
        path = tmp_path / "docs.html"
        path.write_text(
            f'<!DOCTYPE html><html lang="en" data-theme="dark"><head><meta charset="utf-8">'
            f'<title>docs</title></head><body style="background:#121212;color:#eee"><main><h1>Lesson</h1>'
            f"{view.fragment()}</main></body></html>",
            encoding="utf-8",
        )
        dark = open_file(path)
    else:
        dark = open_file(view.save(tmp_path / "dark.html"), scheme="dark")
    light_colours, dark_colours = light.page.evaluate(CONTRAST), dark.page.evaluate(CONTRAST)
    assert _luminance(light_colours["color"]) < 80 < 200 < _luminance(light_colours["background"])
    assert _luminance(dark_colours["color"]) > 200 > 80 > _luminance(dark_colours["background"])
    assert _luminance(dark_colours["select"]) < 80
    np.testing.assert_array_equal(dark.pixels(), light.pixels())  # the colours of the weights do not change
    assert dark.axe() == []  # contrast of every text in the dark view, among the rest
    dark.page.screenshot(path=str(tmp_path / "dark.png"))


def test_light_docs_page_keeps_a_light_view_on_a_dark_system(open_file, tmp_path, bert_attention):
    path = tmp_path / "docs.html"
    path.write_text(
        f'<!DOCTYPE html><html lang="en" data-theme="light"><head><meta charset="utf-8">'
        f"<title>docs</title></head><body><main><h1>Lesson</h1>{interactive(bert_attention).fragment()}"
        "</main></body></html>",
        encoding="utf-8",
    )
    page = open_file(path, scheme="dark")
    assert _luminance(page.page.evaluate(CONTRAST)["background"]) > 200


def test_keyboard_walks_a_row_and_the_readout_follows(open_file, tmp_path, bert_attention):
    page = open_file(interactive(bert_attention).save(tmp_path / "keys.html"))
    canvas = page.page.locator("canvas.atv-canvas")
    assert canvas.get_attribute("tabindex") == "0" and canvas.get_attribute("aria-label")
    readout = page.page.locator(".atv-readout")
    assert readout.get_attribute("aria-live") == "polite" and readout.get_attribute("role") == "status"
    assert canvas.get_attribute("aria-describedby") == readout.get_attribute("id")
    page.page.keyboard.press("Tab")  # controls first, then the matrix: Tab until it has the focus
    for _ in range(12):
        if page.page.evaluate("() => document.activeElement.tagName") == "CANVAS":
            break
        page.page.keyboard.press("Tab")
    assert page.page.evaluate("() => document.activeElement.className") == "atv-canvas"
    matrix = bert_attention.head_mean(-1)
    n = len(bert_attention.tokens)
    page.page.keyboard.press("ArrowDown")  # the first key press highlights (0, 0)
    page.page.keyboard.press("ArrowDown")
    for k in range(n):
        assert page.page.locator(".atv-rq").text_content() == f"query 1 \u201c{bert_attention.tokens[1]}\u201d"
        assert page.page.locator(".atv-rk").text_content() == f"key {k} \u201c{bert_attention.tokens[k]}\u201d"
        assert page.page.locator(".atv-rv").text_content() == f"{matrix[1, k]:.3f}"
        page.page.keyboard.press("ArrowRight")
    assert page.page.locator(".atv-rk").text_content().startswith(f"key {n - 1} ")  # stops at the edge
    page.page.keyboard.press("Home")
    assert page.page.locator(".atv-rk").text_content().startswith("key 0 ")
    page.page.keyboard.press("ArrowUp")
    assert page.page.locator(".atv-rq").text_content().startswith("query 0 ")
    assert page.values("keys") == printed(matrix[0])


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("width", [1400, 390])
def test_axe_finds_no_violation_in_the_saved_file(open_file, tmp_path, bert_attention, gpt_attention, language, width):
    attention = gpt_attention if language == "ja" else bert_attention
    page = open_file(interactive(attention, language=language).save(tmp_path / "axe.html"), width=width)
    page.hover_cell(2, 1)
    assert page.axe() == []
