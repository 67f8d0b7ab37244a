"""Every lesson figure draws for a model of another shape, as `--models article` needs.

bert-base has 12 layers x 12 heads and rinna's GPT-2 24 x 16; the embedded models 4 x 4.
Small random models of yet another shape (6 layers x 2 heads), saved to folders with the
embedded tokenizers, stand in for the hub models: a figure that hard-codes the embedded
model's shape fails here.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.figure import Figure
from transformers import AutoTokenizer, BertConfig, BertForPreTraining, GPT2Config, GPT2LMHeadModel

from attn_teach.lesson import default_model, figures
from attn_teach.models import embedded_model_path
from attn_teach.reproduce import lesson_modules, load_lesson


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    torch.manual_seed(0)
    root = tmp_path_factory.mktemp("shapes")
    made = {}
    for name, model in [
        (
            "tiny-bert-en",
            BertForPreTraining(
                BertConfig(
                    vocab_size=300, hidden_size=32, num_hidden_layers=6, num_attention_heads=2, intermediate_size=64
                )
            ),
        ),
        (
            "tiny-gpt2-ja",
            GPT2LMHeadModel(GPT2Config(vocab_size=300, n_embd=32, n_layer=6, n_head=2, bos_token_id=2, eos_token_id=3)),
        ),
    ]:
        folder = root / name
        model.save_pretrained(folder)
        AutoTokenizer.from_pretrained(embedded_model_path(name)).save_pretrained(folder)
        made[name] = str(folder)
    return made


CASES = [(name, f.__name__) for _, name in lesson_modules() for f in figures(load_lesson(name))]


@pytest.mark.parametrize(("lesson", "function"), CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_smoke_figure_draws_for_another_shape(folders, lesson, function):
    """A smoke test: the figure is made without an error (its numbers are checked by the lesson tests)."""
    figure = getattr(load_lesson(lesson), function)
    default = default_model(figure)
    if default is None:
        pytest.skip("this figure does not take a model")
    fig = figure(model=folders[default])
    assert isinstance(fig, Figure) and fig.axes
    plt.close(fig)
