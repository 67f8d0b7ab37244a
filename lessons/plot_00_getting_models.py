"""
00. Getting the models
======================

**Article stage 0** (:ref:`article-stage-0`, 「使用する自然言語処理モデル」). Before
anything else the article downloaded its two models, ``bert-base-uncased`` and
``rinna/japanese-gpt2-medium``, with ``transformers-cli download``, so that later
code could load them from the local cache. That command no longer exists. This
lesson shows what replaced it, why the kit ships two small models of its own,
and what happens when a model is not there.

Goal: after this lesson you can load the kit's two embedded models, say how much
smaller they are than the article's, and know what to do when a model is not on the
machine.
"""

# %%
# What replaced ``transformers-cli download``
# -------------------------------------------
# Since transformers 5 the command-line tool is called ``transformers``, and the
# Hugging Face hub client has its own ``hf`` command. Any of these fills the
# local cache that ``from_pretrained("bert-base-uncased")`` reads:
#
# .. code-block:: bash
#
#    transformers download bert-base-uncased
#    hf download bert-base-uncased
#    attn-teach download bert-base-uncased
#
# The first is the article's command under its new name; ``hf download``, the
# hub client, fetches every file of the model; ``attn-teach download``, this
# kit's, fetches only configuration, tokenizer files and ``.safetensors``
# weights (why: :ref:`troubleshooting-pickle`).
#
# The embedded models
# -------------------
# A model hub is not always reachable (a classroom, a CI machine, a train), and
# the article's models are large. The kit therefore ships two small models that
# it trains itself on a corpus it generates (``python -m attn_teach.embedded.train``
# rebuilds them in about five minutes):
#
# * ``tiny-bert-en`` stands in for ``bert-base-uncased``: same architecture
#   (``BertForPreTraining``), same kind of tokenizer (lower-cased WordPiece);
# * ``tiny-gpt2-ja`` stands in for ``rinna/japanese-gpt2-medium``: a GPT-2 with a
#   SentencePiece ``T5Tokenizer``, as rinna's.
#
# They are ordinary model folders, loaded by the same ``from_pretrained`` call:

import dataclasses
import math
import os
from unittest import mock

from transformers import BertConfig, BertModel, GPT2Config, GPT2LMHeadModel

from attn_teach import AttnTeachError, embedded_model_path, load_model
from attn_teach.i18n import get_language
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure
from attn_teach.models import count_parameters
from attn_teach.views.style import style

MODEL = None  # this lesson compares models; it does not analyse one

for name in ("tiny-bert-en", "tiny-gpt2-ja"):
    folder = embedded_model_path(name)
    print(name, "->", sorted(p.name for p in folder.iterdir()))

print(load_model("tiny-bert-en"))

# %%
# Offline mode
# ------------
# With ``HF_HUB_OFFLINE=1`` transformers and the hub client never touch the
# network: a model is loaded from the cache or not at all. The kit then answers
# at once, and says what to do, instead of failing deep inside a download:

with mock.patch.dict(os.environ, {"HF_HUB_OFFLINE": "1"}):
    try:
        load_model("bert-base-uncased")
    except AttnTeachError as error:
        print(error)

# %%
# How big the difference is
# -------------------------
# The figure at the end of this page compares the sizes. The article's models are
# counted without downloading them, from their configurations alone, by
# :func:`attn_teach.models.count_parameters` (how: :ref:`troubleshooting-meta`).

ARTICLE_CONFIGS = {
    "bert-base-uncased": (BertModel, BertConfig()),
    "rinna/japanese-gpt2-medium": (
        GPT2LMHeadModel,
        GPT2Config(
            vocab_size=32000,
            n_positions=1024,
            n_embd=1024,
            n_layer=24,
            n_head=16,
            bos_token_id=None,
            eos_token_id=None,
        ),
    ),
}


@dataclasses.dataclass
class ModelSize:
    name: str
    parameters: int
    layers: int
    heads: int


def model_sizes() -> list[ModelSize]:
    """Parameter, layer and head counts of the embedded and the article's models."""
    sizes = []
    for name in ("tiny-bert-en", "tiny-gpt2-ja"):
        config = load_model(name).network.config
        sizes.append(ModelSize(name, count_parameters(name), config.num_hidden_layers, config.num_attention_heads))
    for name, (cls, config) in ARTICLE_CONFIGS.items():
        sizes.append(
            ModelSize(
                name, count_parameters(config, model_class=cls), config.num_hidden_layers, config.num_attention_heads
            )
        )
    return sizes


for size in model_sizes():
    print(
        _("{name:28} {parameters:>13,} parameters  {layers:>2} layers x {heads} heads").format(
            name=size.name, parameters=size.parameters, layers=size.layers, heads=size.heads
        )
    )


def size_ratios() -> dict[str, float]:
    """How many times as many parameters each article model has as its embedded stand-in."""
    counts = {s.name: s.parameters for s in model_sizes()}
    return {
        "bert-base-uncased": counts["bert-base-uncased"] / counts["tiny-bert-en"],
        "rinna/japanese-gpt2-medium": counts["rinna/japanese-gpt2-medium"] / counts["tiny-gpt2-ja"],
    }


ratios = size_ratios()
print(
    _("bert-base-uncased has {ratio:.1f} times the parameters of tiny-bert-en").format(
        ratio=ratios["bert-base-uncased"]
    )
)
print(
    _("rinna/japanese-gpt2-medium has {ratio:.1f} times those of tiny-gpt2-ja").format(
        ratio=ratios["rinna/japanese-gpt2-medium"]
    )
)


def parameter_count(n: int) -> str:
    """``n`` in the reader's units: 0.9 M, 109.5 M in English; 90万, 1.1億 in Japanese."""
    if get_language() == "ja":
        return f"{n / 1e8:.1f}億" if n >= 1e8 else f"{n / 1e4:.0f}万"
    return f"{n / 1e6:.1f} M"


@figure
def figure_model_sizes():
    """Parameters of the embedded models next to the article's, on a log scale."""
    import matplotlib.pyplot as plt

    sizes = model_sizes()
    with style():
        fig, ax = plt.subplots(figsize=(7.5, 3.2), layout="constrained")
        colors = ["#41b6c4" if s.name.startswith("tiny") else "#253494" for s in sizes]
        bars = ax.barh([s.name for s in sizes], [s.parameters for s in sizes], color=colors)
        ax.set_xscale("log")
        ax.invert_yaxis()
        ax.set_xlabel(_("parameters (log scale)"))
        ax.bar_label(
            bars,
            labels=[
                _("{count}, {layers} layers x {heads} heads").format(
                    count=parameter_count(s.parameters), layers=s.layers, heads=s.heads
                )
                for s in sizes
            ],
            padding=4,
            fontsize=9,
        )
        ax.set_xlim(1e5, 1e11)
        ax.set_title(_("Embedded models (light) and the article's models (dark)"))
    return fig


if __name__ == "__main__":
    figure_model_sizes()

# %%
# What this means for the lessons
# -------------------------------
# The embedded models are much smaller: the printout above gives
# ``bert-base-uncased`` 121 times as many parameters as ``tiny-bert-en``, and
# rinna's model about 351 times as many as ``tiny-gpt2-ja``. The bars hide that:
# the axis is logarithmic (each tick ten times the one before), so the bar of
# ``bert-base-uncased``, 121 times as large, is drawn only about three times as
# long as the bar of ``tiny-bert-en`` (the printout below measures it). Read the
# numbers beside the bars, not their lengths.


def drawn_length_ratio() -> float:
    """How many times as long the bar of bert-base-uncased is drawn as the bar of tiny-bert-en."""
    import matplotlib.pyplot as plt

    fig = figure_model_sizes()
    ax = fig.axes[0]
    left = ax.get_xlim()[0]  # the bars start at the left edge of the log axis
    drawn = {
        label.get_text(): math.log10(bar.get_width() / left)  # length in decades of the axis
        for label, bar in zip(ax.get_yticklabels(), ax.patches)
    }
    plt.close(fig)
    return drawn["bert-base-uncased"] / drawn["tiny-bert-en"]


print(
    _("the bar of bert-base-uncased is drawn {ratio:.1f} times as long as tiny-bert-en's").format(
        ratio=drawn_length_ratio()
    )
)

# %%
# The embedded models also know only their generated corpus, so their attention
# is a *teaching* example. The mechanics are those of the article's models: the
# same code, the same axes ``(layer, head, query, key)``, rows summing to 1, the
# causal mask of GPT-2, the same kinds of token labels. The sizes are not (4
# layers of 4 heads instead of 12 x 12 or 24 x 16, more tokens where the small
# vocabulary splits a word), and neither is the linguistic content. To run every
# lesson on the real models where a network is available:
#
# .. code-block:: bash
#
#    attn-teach download bert-base-uncased
#    attn-teach download rinna/japanese-gpt2-medium
#    attn-teach reproduce --models article
#
# References
# ----------
# * :func:`attn_teach.load_model`, :func:`attn_teach.embedded_model_path`
# * ``huggingface_hub.snapshot_download`` (what ``attn-teach download`` calls)
#
# Next: :ref:`sphx_glr_auto_lessons_plot_00a_what_attention_computes.py`
