"""Shared test settings: a non-interactive backend, offline hub, and missing glyphs as errors."""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the tests never reach for the network
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
