"""
14. Special tokens: where attention goes when there is nothing to do
====================================================================

**Beyond the article.** Lesson 4 noted that in real BERT many heads send most
of their attention to ``[CLS]``, ``[SEP]`` or punctuation: tokens that carry no
word at all, or little meaning. This lesson explains why, measures
it for every head, and shows the same layer before and after the special tokens
are taken out with :meth:`attn_teach.Attention.without_special`.

Goal: after this lesson you can measure how much attention each head gives to
special tokens and look at a layer without them.
"""

# %%
# Why attention piles up on ``[SEP]``
# -----------------------------------
# Softmax makes every row of attention sum to 1: a head *must* put its weight
# somewhere, even when what it is specialised in (say, "find the object of this
# verb") does not occur in the sentence. Clark et al. (2019, section 3.2)
# measured where BERT's attention goes: in layers 6 to 10 (of 12, counted from
# 1) more than half of it goes to ``[SEP]``; early heads favour ``[CLS]``, deep
# heads periods and commas (their Figure 2). Changing the attention to ``[SEP]``
# barely changes the output (its gradient is small, their Figure 3), so they
# speculate that it serves as a **no-op**: a head whose function is not called
# for looks at a token that is present in every input. Such tokens are now
# often called :term:`attention sinks <attention sink>` (Xiao et al., 2023 found
# the same on the first token of large GPT-style models).
#
# For a heatmap this matters: a dark ``[SEP]`` column says "many heads had
# nothing to do here", not "[SEP] is important". And because rows sum to 1, the
# weight parked there makes every other cell paler.
#
# Measured per head
# -----------------
# For every head: the share of its attention that goes to special tokens, and the
# largest share that goes to any single key (a vertical stripe in lesson 12's grid):

import matplotlib.pyplot as plt
import numpy as np

from attn_teach import extract, heatmap
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure
from attn_teach.reduce import received
from attn_teach.views.build import draw_matrix
from attn_teach.views.style import style

MODEL = "tiny-bert-en"
TEXT = "I love natural language processing!"
TEXT_JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"

attention = extract(TEXT, MODEL)
special = attention.weights[..., attention.special_mask].sum(axis=-1).mean(axis=-1)  # (layer, head)
print(_("special tokens: {tokens}").format(tokens=[t for t, s in zip(attention.tokens, attention.special_mask) if s]))
print(_("share of each head's attention on them (rows: layers, columns: heads):"))
print(np.round(special, 2))


def head_table(ax, values: np.ndarray, notes: list[list[str]], title: str):
    """A (layer, head) table of shares from 0 to 1, each cell written out."""
    image = draw_matrix(ax, values, vmax=1.0)
    n_layers, n_heads = values.shape
    for l in range(n_layers):
        for h in range(n_heads):
            ax.text(
                h,
                l,
                notes[l][h],
                ha="center",
                va="center",
                fontsize=8,
                color="white" if values[l, h] > 0.5 else "black",
            )
    ax.set_xticks(range(n_heads), [_("head {head}").format(head=h) for h in range(n_heads)])
    ax.set_yticks(range(n_layers), [_("layer {layer}").format(layer=layer) for layer in range(n_layers)])
    ax.set_title(title, fontsize=10)
    return image


@figure
def figure_sinks(model: str = MODEL):
    """Per head: share of attention on [CLS]/[SEP], and the largest share on any one key."""
    a = extract(TEXT, model)
    share = a.weights[..., a.special_mask].sum(axis=-1).mean(axis=-1)  # (layer, head)
    received_by = a.weights.mean(axis=2)  # (layer, head, key)
    top = received_by.argmax(axis=-1)  # (layer, head)
    top_share = received_by.max(axis=-1)
    side = 0.75 * a.n_heads + 1.5
    with style():
        fig, axes = plt.subplots(1, 2, figsize=(2 * side + 1.2, 0.5 * a.n_layers + 2.0), layout="constrained")
        head_table(axes[0], share, [[f"{v:.2f}" for v in row] for row in share], _("share on special tokens"))
        image = head_table(
            axes[1],
            top_share,
            [[f"{a.tokens[k]}\n{v:.2f}" for k, v in zip(ks, vs)] for ks, vs in zip(top, top_share)],
            _("largest share on one key (which key)"),
        )
        fig.colorbar(image, ax=axes, shrink=0.8, label=_("share of the head's attention"))
        fig.suptitle(_("{model}: where heads park their attention").format(model=a.model_name))
    return fig


if __name__ == "__main__":
    figure_sinks()

# %%
# Clark et al. measured BERT-base (their Figure 2; they report a similar
# pattern for the uncased model). For ``bert-base-uncased``
# (``attn-teach reproduce --models article``) we therefore expect a left table
# with many cells above one half, most in the middle layers: an expectation
# drawn from their figure, which the kit has not measured. The kit's tiny
# model, trained briefly on a small corpus, shows the habit weakly. The cells
# above 0.5 in either table:


def strong_cells(model: str = MODEL) -> tuple[float, list[tuple[int, int, str, float]]]:
    """The largest share on special tokens, and every (layer, head, key, share) above 0.5 on one key."""
    a = extract(TEXT, model)
    share = a.weights[..., a.special_mask].sum(axis=-1).mean(axis=-1)  # (layer, head)
    received_by = a.weights.mean(axis=2)  # (layer, head, key)
    cells = [
        (l, h, a.tokens[int(received_by[l, h].argmax())], float(received_by[l, h].max()))
        for l in range(a.n_layers)
        for h in range(a.n_heads)
        if received_by[l, h].max() > 0.5
    ]
    return float(share.max()), cells


most_special, cells = strong_cells()
print(_("largest share on [CLS]/[SEP]: {share:.2f}").format(share=most_special))
for l, h, token, value in cells:
    print(_("layer {layer} head {head}: {value:.2f} on {token!r}").format(layer=l, head=h, value=value, token=token))

# %%
# No head gives more than 0.22 to ``[CLS]`` and ``[SEP]`` together. Only two cells
# on the right pass one half: layer 1 head 1 gives all its weight (1.00) to
# ``!``, a punctuation mark; layer 3 head 3 gives 0.52 to ``language``, a
# content word, which is no sink. Clark et al. found deep BERT heads attending to
# periods and commas; that the ``!`` head of this tiny model is the same habit
# is our reading, which neither their paper nor the kit has tested.
#
# Before and after
# ----------------
# :meth:`attn_teach.Attention.without_special` removes the special tokens'
# rows and columns, then re-normalises each row to sum to 1 again: the
# attention that was parked is shared out in proportion to the rest. It is a
# display choice, not what the model computes; use it to see how the *words*
# share the remaining attention. The layer shown is the one that sends most to
# special tokens.

layer = int(special.mean(axis=1).argmax())
words_only = attention.without_special()
print(words_only.tokens)
print(_("rows sum to {sums}").format(sums=np.round(words_only.matrix(layer).sum(axis=-1), 6)))
kept = ~attention.special_mask
by_hand = attention.weights[layer][:, kept][:, :, kept]  # (head, query, key) without [CLS]/[SEP]
by_hand = by_hand / by_hand.sum(axis=-1, keepdims=True)  # each head's rows sum to 1 again
print(
    _("same as re-normalising by hand: {same}").format(
        same=np.allclose(words_only.head_mean(layer), by_hand.mean(axis=0), atol=1e-6)
    )
)

# %%
# Each head is re-normalised on its own, then the heads are averaged. Averaging
# first and re-normalising after gives slightly different numbers: a head that
# had parked much of its weight is scaled up more than the others.


@figure
def figure_before_after(model: str = MODEL):
    """One layer's head mean with all tokens, and without [CLS]/[SEP] (rows re-normalised)."""
    a = extract(TEXT, model)
    share = a.weights[..., a.special_mask].sum(axis=-1).mean(axis=(1, 2))  # (layer,)
    layer = int(share.argmax())
    b = a.without_special()
    top = float(max(a.head_mean(layer).max(), b.head_mean(layer).max()))
    with style():
        fig, axes = plt.subplots(1, 2, figsize=(11.0, 5.0), layout="constrained")
        heatmap(
            a,
            layer,
            ax=axes[0],
            vmax=top,
            colorbar=False,
            title=_("layer {layer}, all tokens").format(layer=a.layers[layer]),
        )
        heatmap(
            b,
            layer,
            ax=axes[1],
            vmax=top,
            colorbar=False,
            title=_("layer {layer}, without special tokens").format(layer=b.layers[layer]),
        )
        fig.colorbar(axes[0].images[0], ax=axes, shrink=0.8, label=_("attention weight"))  # one scale for both
        fig.suptitle(
            _("{model}: special tokens receive {share:.2f} of this layer's attention").format(
                model=a.model_name, share=share[layer]
            )
        )
    return fig


if __name__ == "__main__":
    figure_before_after()

# %%
# The Japanese model
# ------------------
# rinna's tokenizer appends ``</s>`` at the end. In a causal model only the last
# row can see it, so removing it changes almost nothing. GPT-style models park
# their weight on the **first** token instead, which every position can see (Xiao
# et al., 2023). The first token here is the bare marker ``▁`` (lesson 7); its
# share of each layer's attention (column mean, heads averaged):

ja = extract(TEXT_JA, "tiny-gpt2-ja")
first_line = _("layer {layer}: first token {first:.2f} (an even share would be {uniform:.2f})")
for l in range(ja.n_layers):
    print(
        first_line.format(layer=l, first=received(ja.head_mean(l))[0], uniform=np.mean(1 / np.arange(1, len(ja) + 1)))
    )

# %%
# Part of that share is automatic: the first row can see only the first token
# and puts all its weight there. The comparison with the even share (each row's
# weight split evenly over the tokens it can see) separates the habit from that
# arithmetic. The tiny model gives its
# first token no more than that: it has not learned a sink there. Xiao et al.
# measured large GPT-style models giving their first token far more; with the
# network, ``extract(TEXT_JA, "rinna/japanese-gpt2-medium")`` measures rinna's.
#
# References
# ----------
# * :meth:`attn_teach.Attention.without_special`, :func:`attn_teach.reduce.drop_tokens`, :func:`attn_teach.heatmap`
# * Clark, Khandelwal, Levy, Manning (2019), "What Does BERT Look At? An Analysis of BERT's Attention".
# * Kovaleva, Romanov, Rogers, Rumshisky (2019), "Revealing the Dark Secrets of BERT".
# * Xiao, Tian, Chen, Han, Lewis (2023), "Efficient Streaming Language Models with Attention Sinks".

# %%
# The same, to explore
# --------------------
# :func:`attn_teach.interactive` puts this attention into one HTML page that works
# offline: point at a token to see where it looks (its row) and who looks at it (its
# column). The page starts with *hide special tokens* ticked (as
# :meth:`~attn_teach.Attention.without_special`); untick it to see the attention sinks again.
# In a notebook, showing an :class:`~attn_teach.Attention` does the same; from the
# command line: ``attn-teach plot TEXT --view interactive -o view.html``.

from attn_teach import interactive

interactive(attention, hide_special=True, fallback=False)

# %%
# Next: :ref:`sphx_glr_auto_lessons_plot_15_words.py`
