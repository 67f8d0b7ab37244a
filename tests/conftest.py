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


@pytest.fixture
def drawn(monkeypatch):
    """The figures saved during a test, in order (``Figure.savefig`` wrapped to keep each one).

    Lets a test of the command line check what a saved file shows (image arrays, line data,
    titles), not only that a file was written.
    """
    from matplotlib.figure import Figure

    figures = []
    original = Figure.savefig

    def keep(self, *args, **kwargs):
        figures.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    return figures
