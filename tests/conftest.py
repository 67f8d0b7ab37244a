"""Shared test settings (non-interactive backend, offline hub) and the embedded models as fixtures."""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the tests never reach for the network
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import matplotlib  # noqa: E402

matplotlib.use("Agg")


import pytest  # noqa: E402


@pytest.fixture(scope="module")
def bert():
    """tiny-bert-en, loaded once per test module."""
    from attn_teach import load_model

    return load_model("tiny-bert-en")


@pytest.fixture(scope="module")
def gpt():
    """tiny-gpt2-ja, loaded once per test module."""
    from attn_teach import load_model

    return load_model("tiny-gpt2-ja")
