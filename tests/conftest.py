"""Shared test settings (non-interactive backend, offline hub), the embedded models as fixtures,
and every figure closed after each test."""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the tests never reach for the network
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# practice checks fork from the test process; the worker's own tests turn the warm worker on
os.environ.setdefault("ATTN_TEACH_WORKER", "0")
# figure text in English whatever the machine's locale (LANG=ja_JP.UTF-8 would pick Japanese),
# so the English baselines compare; the Japanese figures are tested with this variable set to "ja"
os.environ["ATTN_TEACH_LANG"] = "en"

import matplotlib  # noqa: E402

matplotlib.use("Agg")


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    """Close every figure a test left open, so figures never pile up across tests."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def bert():
    """tiny-bert-en (``load_model`` keeps embedded models: loaded from disk once per session)."""
    from attn_teach import load_model

    return load_model("tiny-bert-en")


@pytest.fixture
def gpt():
    """tiny-gpt2-ja (``load_model`` keeps embedded models: loaded from disk once per session)."""
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
