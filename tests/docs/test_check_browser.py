"""docs/check_browser.py's layout measures, on small pages in a real Chromium.

The site's theme hides what runs past the window's right edge (the page itself never scrolls
sideways), so a long word that cannot wrap is cut off without the page scrolling: the measure
reports such text, and leaves alone text inside a box that scrolls and text hidden on purpose
(a screen reader's label, clipped to nothing).
"""

from __future__ import annotations

import pytest
from docs_scripts import load

check_browser = load("check_browser")

PAGE = """<!doctype html><html><head><style>
html, body {{ overflow-x: hidden; margin: 0; }}
.pre {{ white-space: nowrap; }}
.scroll {{ overflow-x: auto; }}
.hidden {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }}
</style></head><body><article>{body}</article></body></html>"""
LONG = "transformers.PreTrainedTokenizerBase.convert_ids_to_tokens_" * 2


@pytest.fixture(scope="module")
def measure(browser):
    """The facts ``MEASURE`` gives for a page body, at 390 px (the session's chromium, root conftest)."""
    page = browser.new_page(viewport=check_browser.PHONE)

    def facts(body: str) -> dict:
        page.set_content(PAGE.format(body=body))
        return page.evaluate(check_browser.MEASURE)

    yield facts
    page.close()


@pytest.mark.browser
def test_text_past_the_right_edge_is_reported_as_cut_off(measure):
    facts = measure(f'<p>See <span class="pre">{LONG}</span> here.</p>')
    assert facts["scrollWidth"] <= facts["innerWidth"]  # the page does not scroll: the text is just cut
    problems = check_browser.layout_problems(facts, "ja/api (390 px, light)", False, False)
    assert len(problems) == 1 and "text cut off at the window's right edge by" in problems[0]
    assert "transformers.PreTrainedTokenizerBase" in problems[0]


@pytest.mark.browser
@pytest.mark.parametrize(
    "body",
    [
        f'<div class="scroll"><span class="pre">{LONG}</span></div>',  # a box that scrolls shows it all
        f'<a href="#"><span class="hidden">{LONG}</span></a>',  # a screen reader's text, hidden on purpose
        f'<p style="overflow-wrap: anywhere">{LONG}</p>',  # wraps
        "<p>" + "注意機構のヘッド" * 40 + "</p>",  # Japanese wraps between any two characters
    ],
    ids=["scrolling box", "visually hidden", "wrapping word", "japanese"],
)
def test_text_that_is_shown_whole_or_hidden_on_purpose_is_not(measure, body):
    facts = measure(body)
    assert facts["cut"] == []
    assert check_browser.layout_problems(facts, "page", False, False) == []
