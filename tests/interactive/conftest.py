"""Fixtures shared by the interactive view's tests: the two embedded models' attention for the test
sentences (the session's chromium, ``browser``, comes from the root ``conftest.py``).

Browser tests carry the ``browser`` marker; the root ``conftest.py`` skips them when chromium or
playwright is missing (one line at the end of the run says how to install it) and makes them
required in CI. Nothing here starts a browser before a browser test asks for one.
"""

from __future__ import annotations

import pytest
from interactive_pages import TEXT, TEXT_JA

from attn_teach import extract


@pytest.fixture(scope="session")
def bert_attention():
    """tiny-bert-en on ``TEXT`` (read only: tests share it)."""
    return extract(TEXT, "tiny-bert-en")


@pytest.fixture(scope="session")
def gpt_attention():
    """tiny-gpt2-ja on ``TEXT_JA`` (read only: tests share it)."""
    return extract(TEXT_JA, "tiny-gpt2-ja")
