"""
16. A weight is not a contribution
==================================

**Beyond the article.** Every figure so far drew attention *weights*: how a
query shares out 1 among the keys. Lessons 4, 13 and 14 warned that a weight
alone does not say how much a key changes the query's output. Kobayashi,
Kuribayashi, Yokoi and Inui (2020, "Attention is Not Only a Weight") measure
that directly. This lesson computes their measure for the article's sentence,
draws it beside the weights, and asks what it does to the article's reading
that "love" stands out.

Goal: after this lesson you can compute each key's contribution
``‖α f(x)‖`` with ``extract(..., measure="norm")`` and say where it
disagrees with the weights.
"""

# %%
# Two factors, not one
# --------------------
# One head's output for query ``i`` is a weighted sum (Kobayashi et al., section 2.2):
#
# .. math:: y_i = \sum_j \alpha_{ij} f(x_j), \qquad f(x) = (x W_V + b_V)\, W_O
#
# ``α_ij`` is the weight the earlier lessons drew; ``f(x_j)`` is key ``j``'s input
# through the head's slice of the value projection and the matching rows of the
# output projection. The output bias ``b_O`` is added once to every output,
# whatever the weights, so it belongs to no key and is left out. What key ``j``
# adds to query ``i`` is the vector ``α_ij f(x_j)``, and its size is its length
# ``‖α_ij f(x_j)‖`` (section 3): a large weight on a short vector can add less
# than a small weight on a long one. The heads of a layer add their vectors
# before the layer goes on, so for the whole layer the kit measures
# ``‖Σ_h α^h_ij f^h(x_j)‖``: neither the mean nor the sum of the heads' lengths.
#
# By hand for one head of the last layer, with plain transformers: hooks read
# the hidden states entering the attention module and its weights in the same
# forward pass.

import matplotlib.pyplot as plt
import numpy as np
import torch

from attn_teach import extract, heatmap, load_model
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure
from attn_teach.reduce import received
from attn_teach.views.style import style

MODEL = "tiny-bert-en"
TEXT = "I love natural language processing!"

loaded = load_model(MODEL)
network = loaded.network
last = network.encoder.layer[-1].attention  # BertAttention: .self (weights, W_V) and .output.dense (W_O)
seen = {}
hook = last.self.register_forward_hook(lambda module, args, output: seen.update(x=args[0][0], alpha=output[1][0]))
with torch.inference_mode():
    network(**loaded.tokenizer(TEXT, return_tensors="pt"))
hook.remove()

head, size = 0, network.config.hidden_size // network.config.num_attention_heads
rows = slice(head * size, (head + 1) * size)  # head 0's part of the value vector
with torch.inference_mode():
    v = seen["x"] @ last.self.value.weight[rows].T + last.self.value.bias[rows]  # (key, head size)
    f = v @ last.output.dense.weight[:, rows].T  # (key, hidden): f(x_j), no b_O
    by_hand = seen["alpha"][head] * f.norm(dim=-1)  # (query, key): ||α_ij f(x_j)|| = α_ij ||f(x_j)||, α >= 0
contributions = extract(TEXT, MODEL, measure="norm")
print(
    _("‖f(x_j)‖ of head {head}, layer {layer}: {norms}").format(
        head=head, layer=network.config.num_hidden_layers - 1, norms=np.round(f.norm(dim=-1).numpy(), 2)
    )
)
print(
    _("same as extract(measure='norm'): {same}").format(
        same=np.allclose(by_hand.numpy(), contributions.weights[-1, head], rtol=1e-5, atol=1e-6)
    )
)
print(contributions)
print(_("rows sum to {sums} (not probabilities)").format(sums=np.round(contributions.matrix(-1).sum(axis=-1), 2)))

# %%
# The lengths ``‖f(x_j)‖`` differ from token to token, so the same weight does not
# mean the same contribution. :func:`attn_teach.extract` with ``measure="norm"`` does
# this for every head and layer in the pass that gives the weights, and returns a
# :class:`~attn_teach.contributions.Contributions`: the axes of an
# :class:`~attn_teach.Attention`, drawn by the same views, whose colour bars say
# "‖αf(x)‖, not a probability". Its ``matrix(layer)`` is the heads added as vectors.
#
# Weights and contributions compared
# ----------------------------------
# To compare the two on one footing, take what each key *receives* (the column
# mean, lesson 6) as a share of the layer's total: for weights that is what lesson
# 6 drew, for contributions the column means divided by their sum. The distance
# between the two sets of shares (half the sum of absolute differences: 0 when they
# agree, 1 when they share nothing) says, for each layer, how much the weights
# mislead:


def weights_and_contributions(model: str = MODEL):
    """``(weights, contributions)`` of the article's sentence, every layer."""
    return extract(TEXT, model), extract(TEXT, model, measure="norm")


def shares(weights, norms, layer: int) -> tuple[np.ndarray, np.ndarray]:
    """Share of the layer's weight and of its contribution that each key receives (each sums to 1)."""
    given = received(weights.head_mean(layer))  # (key,): sums to 1 already
    added = received(norms.matrix(layer))  # (key,): column means of ||Σ_h αf(x)||
    return given, added / added.sum()


def distances(model: str = MODEL) -> np.ndarray:
    """Per layer: half the sum of |weight share - contribution share| over the keys."""
    a, c = weights_and_contributions(model)
    return np.array([0.5 * np.abs(np.subtract(*shares(a, c, layer))).sum() for layer in range(a.n_layers)])


def most_different_layer(model: str = MODEL) -> int:
    """The layer where weights and contributions disagree most."""
    return int(distances(model).argmax())


weights, norms = weights_and_contributions()
apart = distances()
print(_("distance per layer: {distances}").format(distances=np.round(apart, 3)))
differ = most_different_layer()
print(_("most different: layer {layer}").format(layer=differ))
for layer in sorted({differ, weights.n_layers - 1}):
    given, added = shares(weights, norms, layer)
    change = added - given
    print("\n" + _("layer {layer}, per token: weight share -> contribution share").format(layer=layer))
    for token, g, a in zip(weights.tokens, given, added):
        print(f"  {token:>9}  {g:.3f} -> {a:.3f}  {a - g:+.3f}")  # no brackets: the summary line has its own
    print(
        "  "
        + _("gains most: {gainer!r} ({gain:+.3f}); loses most: {loser!r} ({loss:+.3f})").format(
            gainer=weights.tokens[change.argmax()],
            gain=change.max(),
            loser=weights.tokens[change.argmin()],
            loss=change.min(),
        )
    )

# %%
# The last layer, weights on the left, contributions on the right (each with
# its own colour bar: the units differ):


def pair(a, c, layer: int, title: str):
    """Weights (mean of heads) beside contributions (heads added as vectors) for one layer."""
    with style():
        fig, axes = plt.subplots(1, 2, figsize=(11.5, 5.0), layout="constrained")
        heatmap(a, layer, ax=axes[0], title=_("weights α, mean of heads"))
        heatmap(c, layer, ax=axes[1], title=_("contributions, heads added as vectors"))
        fig.suptitle(title)
    return fig


@figure
def figure_last_layer(model: str = MODEL):
    """The last layer: weights beside contributions."""
    a, c = weights_and_contributions(model)
    return pair(
        a,
        c,
        -1,
        _("{model}, layer {layer}: the weight a key gets and what it adds").format(
            model=a.model_name, layer=a.layers[-1]
        ),
    )


if __name__ == "__main__":
    figure_last_layer()

# %%
# The two pictures are alike but not the same. The printout above names the
# token that gains most and the one that loses most in this layer: in the
# tiny model ``process`` loses, ``natural`` and ``##ing`` gain. The layer where the
# two disagree most is computed, not chosen:


@figure
def figure_most_different(model: str = MODEL):
    """The layer where weights and contributions disagree most."""
    a, c = weights_and_contributions(model)
    gaps = [0.5 * np.abs(np.subtract(*shares(a, c, layer))).sum() for layer in range(a.n_layers)]
    layer = int(np.argmax(gaps))
    return pair(
        a,
        c,
        layer,
        _("{model}, layer {layer}: where weights and contributions differ most (distance {distance:.2f})").format(
            model=a.model_name, layer=a.layers[layer], distance=gaps[layer]
        ),
    )


if __name__ == "__main__":
    figure_most_different()

# %%
# In that layer ``!`` receives the largest share of the weights and still the
# largest share of the contribution, but a smaller one (the printout above gives
# both): part of the weight it receives lands on a short vector. The shares, token
# by token, for both layers:


@figure
def figure_shares(model: str = MODEL):
    """Share of weight and share of contribution each token receives, in the two layers above."""
    a, c = weights_and_contributions(model)
    gaps = [0.5 * np.abs(np.subtract(*shares(a, c, layer))).sum() for layer in range(a.n_layers)]
    layers = sorted({int(np.argmax(gaps)), a.n_layers - 1})
    x = np.arange(len(a.tokens))
    with style():
        fig, axes = plt.subplots(
            len(layers), 1, figsize=(8.0, 2.9 * len(layers) + 0.6), layout="constrained", squeeze=False
        )
        for ax, layer in zip(axes[:, 0], layers):
            given, added = shares(a, c, layer)
            ax.bar(x - 0.2, given, width=0.4, color="#41b6c4", label=_("share of the weight received"))
            ax.bar(x + 0.2, added, width=0.4, color="#253494", label=_("share of the contribution received"))
            ax.set_xticks(x, a.tokens)
            ax.set_ylabel(_("share of the layer's total"))
            ax.set_title(_("layer {layer}").format(layer=a.layers[layer]), fontsize=10)
            ax.grid(axis="y", alpha=0.3)
        axes[0, 0].legend(loc="upper left", fontsize=8)
        fig.suptitle(_("{model}: what each token receives, as weight and as contribution").format(model=a.model_name))
    return fig


if __name__ == "__main__":
    figure_shares()

# %%
# What the paper found on bert-base
# ---------------------------------
# Kept apart from the tiny model, and stated as the paper's finding, not the
# kit's measurement: on ``bert-base-uncased`` Kobayashi et al. (section 4) found
# that the tokens which receive the largest weights in many heads, ``[CLS]``,
# ``[SEP]`` and punctuation (Clark et al., 2019), have short transformed vectors
# ``f(x)``, so their contributions are small: "contrary to previous studies, BERT
# pays poor attention to special tokens" (their abstract). That supports lesson
# 14's reading of attention sinks as a no-op: the weight is parked where it adds
# little. They also report (section 4) that BERT tones down frequent words through
# ``‖f(x)‖`` rather than through the weights. With the network,
# ``attn-teach plot "I love natural language processing!" --model bert-base-uncased
# --measure norm -o norms.png`` draws the same view for bert-base.
#
# The tiny model gives ``[CLS]`` and ``[SEP]`` little weight to begin with (lesson
# 14), so there is little for the norms to take away there; the punctuation mark
# ``!`` in the layer that differs most loses share in the same direction as the
# paper's punctuation. One sentence through a small model shows the measure, not
# the paper's statistics.
#
# "love gets attention"
# ---------------------
# The article read its line plot as 「英単語の「love」「processing」で数値が高くなっている”ような”気がします。」
# ("the values seem to be high for the English words love and processing").
# Lesson 6 showed that "love" receives few of the last layer's weights. As a
# contribution, its share barely moves:

given, added = shares(weights, norms, -1)
love = weights.tokens.index("love")
order = np.argsort(-added)
print(
    _(
        "love, layer {layer}: weight share {weight:.3f}, contribution share {contribution:.3f}, "
        "rank {rank} of {count} by contribution"
    ).format(
        layer=weights.layers[-1],
        weight=given[love],
        contribution=added[love],
        rank=int(np.where(order == love)[0][0]) + 1,
        count=len(order),
    )
)

# %%
# So the norm view does not rescue the article's reading: in the kit's model
# "love" neither gets much weight nor adds much to the last layer's outputs. A
# contribution is still a statement about one layer's mixing, not about what the
# model "finds important" for a prediction (lesson 4's caution): it tells you
# which weights to distrust, not what the model means.
#
# References
# ----------
# * :func:`attn_teach.extract` (``measure="norm"``), :class:`attn_teach.contributions.Contributions`,
#   :func:`attn_teach.heatmap`, :func:`attn_teach.reduce.received`
# * Kobayashi, Kuribayashi, Yokoi, Inui (2020), "Attention is Not Only a Weight:
#   Analyzing Transformers with Vector Norms", EMNLP (sections 2.2, 3 and 4).
# * Clark, Khandelwal, Levy, Manning (2019), "What Does BERT Look At? An Analysis of BERT's Attention".
#
# Back to the start: :ref:`sphx_glr_auto_lessons_plot_00_getting_models.py`
