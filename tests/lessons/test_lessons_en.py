"""Numbers behind the figures of lessons 0-6 (BERT), and the article's errata as facts.

The image tests (test_lessons.py) catch a drawing change; these catch a numeric one:
each checks what a figure plots against what it claims to plot.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from transformers import BertModel, BertTokenizer

from attn_teach import embedded_model_path, extract, load_model
from attn_teach.reduce import received
from attn_teach.reproduce import load_lesson

TEXT = "I love natural language processing!"


@pytest.fixture(scope="module")
def attention():
    return extract(TEXT, "tiny-bert-en")


@pytest.fixture(scope="module")
def tokenizer():
    return load_model("tiny-bert-en").tokenizer


# -- lesson 0 ----------------------------------------------------------------
def test_lesson0_model_sizes_are_counted_not_typed():
    sizes = {s.name: s for s in load_lesson("plot_00_getting_models").model_sizes()}
    assert sizes["bert-base-uncased"].parameters == 109_482_240  # bert-base-uncased's BertModel, as published
    assert (sizes["bert-base-uncased"].layers, sizes["bert-base-uncased"].heads) == (12, 12)
    assert (sizes["rinna/japanese-gpt2-medium"].layers, sizes["rinna/japanese-gpt2-medium"].heads) == (24, 16)
    assert 330e6 < sizes["rinna/japanese-gpt2-medium"].parameters < 340e6  # "336M"
    net = load_model("tiny-bert-en").network
    assert sizes["tiny-bert-en"].parameters == sum(p.numel() for p in net.parameters())


def test_lesson0_bars_show_the_counts():
    lesson = load_lesson("plot_00_getting_models")
    fig = lesson.figure_model_sizes()
    widths = [p.get_width() for p in fig.axes[0].patches]
    assert widths == [s.parameters for s in lesson.model_sizes()]


# -- lesson 1 ----------------------------------------------------------------
def test_lesson1_sdpa_returns_no_attention_and_eager_does():
    folder = embedded_model_path("tiny-bert-en")
    tok = BertTokenizer.from_pretrained(folder)
    inputs = tok(TEXT, return_tensors="pt")
    sdpa = BertModel.from_pretrained(folder)
    assert sdpa.config._attn_implementation == "sdpa"
    with torch.inference_mode():
        assert sdpa(**inputs, output_attentions=True).attentions == ()
        eager = BertModel.from_pretrained(folder, attn_implementation="eager")
        out = eager(**inputs, output_attentions=True)
    assert len(out.attentions) == 4
    assert all(tuple(a.shape) == (1, 4, 9, 9) for a in out.attentions)


def test_lesson1_load_reports_exactly_the_pretraining_heads():
    _, info = BertModel.from_pretrained(embedded_model_path("tiny-bert-en"), output_loading_info=True)
    assert info["unexpected_keys"] and all(k.startswith("cls.") for k in info["unexpected_keys"])
    assert not info["missing_keys"]


def test_lesson1_encode_plus_is_gone(tokenizer):
    with pytest.raises(AttributeError):
        tokenizer.encode_plus(TEXT)


def test_lesson1_panels_are_the_layers_head_means(attention):
    fig = load_lesson("plot_01_extracting").figure_layers()
    images = [ax.images[0].get_array() for ax in fig.axes if ax.images]
    assert len(images) == attention.n_layers
    for layer, image in enumerate(images):
        np.testing.assert_allclose(image, attention.head_mean(layer), atol=1e-7)


# -- lesson 2 ----------------------------------------------------------------
def test_lesson2_row_of_love_sums_to_one(attention):
    fig = load_lesson("plot_02_tensor").figure_row()
    line = fig.axes[0].lines[0]
    row = attention.head_mean(-1)[attention.tokens.index("love")]
    np.testing.assert_allclose(line.get_ydata(), row, atol=1e-7)
    assert abs(float(np.sum(line.get_ydata())) - 1.0) < 1e-5


# -- lesson 3 ----------------------------------------------------------------
def test_lesson3_the_article_error_is_reproduced_exactly():
    loaded = load_model("tiny-bert-en")
    outputs = loaded.network(**loaded.tokenizer(TEXT, return_tensors="pt"), output_attentions=True)
    attention = torch.mean(outputs.attentions[-1], dim=1)[0]
    assert attention.requires_grad
    message = "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."
    with pytest.raises(RuntimeError) as error:
        attention.numpy()
    assert str(error.value) == message
    np.testing.assert_allclose(attention.detach().numpy(), extract(TEXT, "tiny-bert-en").head_mean(-1), atol=1e-6)


def test_lesson3_image_is_the_matrix(attention):
    fig = load_lesson("plot_03_numpy").figure_first_image()
    np.testing.assert_allclose(fig.axes[0].images[0].get_array(), attention.head_mean(-1), atol=1e-7)


def test_lesson3_image_is_what_its_title_says(attention):
    """Titled plt.imshow(matrix), it is drawn as that call draws it: matplotlib's default colormap, no
    colour bar (lesson 4 adds the article's YlGnBu and its colour bar)."""
    fig = load_lesson("plot_03_numpy").figure_first_image()
    (ax,) = fig.axes  # no colour bar axes
    assert ax.get_title().startswith("plt.imshow(matrix)")
    assert ax.images[0].get_cmap().name == mpl.rcParamsDefault["image.cmap"] == "viridis"
    plt.close(fig)


# -- lesson 4 ----------------------------------------------------------------
def test_lesson4_heatmap_is_the_article_matrix(attention):
    fig = load_lesson("plot_04_heatmap").figure_heatmap()
    ax = fig.axes[0]
    image = ax.images[0]
    np.testing.assert_allclose(image.get_array(), attention.head_mean(-1), atol=1e-7)
    assert image.get_cmap().name == "YlGnBu"
    assert [t.get_text() for t in ax.get_xticklabels()] == attention.tokens
    assert [t.get_text() for t in ax.get_yticklabels()] == attention.tokens
    assert "[CLS]" in attention.tokens and "[SEP]" in attention.tokens
    assert fig.axes[1].get_ylabel() == "attention weight"  # the colour bar is labelled


# -- lesson 5 ----------------------------------------------------------------
def test_lesson5_last_panel_is_the_mean_of_the_others(attention):
    fig = load_lesson("plot_05_heads").figure_heads()
    images = [ax.images[0].get_array() for ax in fig.axes if ax.images]
    assert len(images) == attention.n_heads + 1
    np.testing.assert_allclose(np.mean(images[:-1], axis=0), images[-1], atol=1e-6)
    for head in range(attention.n_heads):
        np.testing.assert_allclose(images[head], attention.weights[-1, head], atol=1e-7)


# -- lesson 6: the article's line plot and its errata ---------------------------
def test_lesson6_tokenize_misses_the_special_tokens(attention, tokenizer):
    labels = tokenizer.tokenize(TEXT)
    n_special = int(attention.special_mask.sum())
    assert n_special == 2
    assert len(labels) == len(attention.tokens) - n_special
    assert labels == attention.tokens[1:-1]  # so label i belongs to position i + 1


def test_lesson6_article_plot_labels_are_one_place_off(attention):
    fig = load_lesson("plot_06_line_plot").figure_article_line_plot()
    ax = fig.axes[0]
    ticks = ax.get_xticks()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert len(labels) == len(attention.tokens) - 2
    for position, label in zip(ticks, labels):
        assert attention.tokens[int(position) + 1] == label  # every label names the next position's token
    unlabelled = set(range(len(attention.tokens))) - {int(p) for p in ticks}
    assert unlabelled == {len(attention.tokens) - 2, len(attention.tokens) - 1}


def test_lesson6_article_plot_draws_one_line_per_key_against_queries(attention):
    fig = load_lesson("plot_06_line_plot").figure_article_line_plot()
    matrix = attention.head_mean(-1)
    lines = fig.axes[0].lines
    assert len(lines) == matrix.shape[1]  # one line per column (key)
    for key, line in enumerate(lines):
        np.testing.assert_array_equal(line.get_xdata(), np.arange(matrix.shape[0]))  # x = query position
        np.testing.assert_allclose(line.get_ydata(), matrix[:, key], atol=1e-7)


def test_lesson6_corrected_bars_are_column_means(attention):
    fig = load_lesson("plot_06_line_plot").figure_received()
    heights = [p.get_height() for p in fig.axes[0].patches]
    matrix = attention.head_mean(-1)
    np.testing.assert_allclose(heights, matrix.sum(axis=0) / matrix.shape[0], atol=1e-7)
    np.testing.assert_allclose(heights, received(matrix), atol=1e-7)
    assert abs(sum(heights) - 1.0) < 1e-5
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == attention.tokens


def test_lesson6_labelled_lines_name_queries_and_keys(attention):
    fig = load_lesson("plot_06_line_plot").figure_lines_labelled()
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == attention.tokens
    drawn = [line for line in ax.lines if len(line.get_ydata())]  # one line per key, plus a legend proxy
    assert len(drawn) == len(attention.tokens)
    named = {line.get_label(): line for line in drawn if not line.get_label().startswith("_")}
    keys = load_lesson("plot_06_line_plot").highlighted_keys(attention)
    assert set(named) == {f"to {attention.tokens[k]}" for k in keys} >= {"to love", "to process"}
    for k in keys:  # each named line is its key's column, against the query position
        np.testing.assert_allclose(named[f"to {attention.tokens[k]}"].get_ydata(), attention.head_mean(-1)[:, k])
