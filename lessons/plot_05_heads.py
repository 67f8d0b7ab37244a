"""
05. What ``torch.mean(..., dim=1)[0]`` does
===========================================

**Article stage 5** (:ref:`article-stage-5`, 「Attentionの可視化」). The article's
heatmap came from one line, ``torch.mean(outputs.attentions[-1], dim=1)[0]``, and
the author asked what it does. Answer: it averages the layer's attention heads
and takes the first sentence of the batch. This lesson follows the shapes step by
step, then draws every head next to their mean, so the averaging can be seen.

Goal: after this lesson you can say what the article's one-line average computes and
see what averaging the heads hides.
"""

# %%
# Step by step
# ------------

import numpy as np
import torch

from attn_teach import extract, heads, load_model
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure

MODEL = "tiny-bert-en"
TEXT = "I love natural language processing!"

# lesson 1 loaded the model with plain from_pretrained; load_model does the same
# (eager attention) without repeating the load report
loaded = load_model(MODEL)
tokenizer, network = loaded.tokenizer, loaded.network  # the torch module
with torch.inference_mode():
    outputs = network(**tokenizer(TEXT, return_tensors="pt"), output_attentions=True)

last = outputs.attentions[-1]  # the last layer
print("attentions[-1]          ", tuple(last.shape), _("(batch, head, query, key)"))
mean = torch.mean(last, dim=1)  # dim=1 is the head axis: it disappears
print("torch.mean(..., dim=1)  ", tuple(mean.shape), _("(batch, query, key)"))
first = mean[0]  # the first (and only) sentence of the batch
print("torch.mean(..., dim=1)[0]", tuple(first.shape), _("(query, key)"))

# %%
# The mean of matrices whose rows sum to 1 still has rows summing to 1, so the
# result is again a distribution per token. ``Attention.head_mean(layer)`` is the
# same computation on NumPy:

attention = extract(TEXT, MODEL)
assert np.allclose(attention.head_mean(-1), first.numpy(), atol=1e-6)


def head_mean(weights):
    """``torch.mean(w, dim=1)[0]`` on a NumPy ``(batch, head, query, key)`` array (practice stage 5)."""
    return weights.mean(axis=1)[0]  # (query, key)


assert np.allclose(head_mean(last.numpy()), first.numpy())
print(first.sum(dim=-1))

# %%
# Every head, and their mean
# --------------------------
# Each head learns its own way of looking. In trained models some heads look at
# the next token, some at the previous one, some at punctuation or ``[SEP]``
# (lesson 12). The figure shows the last layer, layer 3 (counted from 0, lesson
# 1), where each head of ``tiny-bert-en`` draws vertical stripes: most queries
# look at the same few keys. The key each head's queries give most to, on
# average (a column mean):


def stripes(model: str = MODEL, layer: int = -1) -> list[tuple[str, float]]:
    """For each head of ``layer``: the key that receives most (column mean) and its share."""
    attention = extract(TEXT, model)
    received_by = attention.weights[layer].mean(axis=1)  # (head, key)
    return [(attention.tokens[int(k)], float(row[k])) for row, k in zip(received_by, received_by.argmax(axis=1))]


def favourites(model: str = MODEL, layer: int = -1) -> list[list[str]]:
    """For each head of ``layer``: the key each query gives most to (the argmax of its row)."""
    attention = extract(TEXT, model)
    return [[attention.tokens[int(k)] for k in w.argmax(axis=1)] for w in attention.weights[layer]]


for head, ((token, share), tops) in enumerate(zip(stripes(), favourites())):
    print(
        _(
            "layer 3, head {head}: {token!r} receives {share:.2f}, "
            "the largest weight of {count} of the {queries} queries"
        ).format(head=head, token=token, share=share, count=tops.count(token), queries=len(tops))
    )

# %%
# On average, heads 0 and 1 give most to ``i``, head 2 to ``natural``, head 3
# to ``language`` (and ``process`` beside it). An average can hide rows that
# look elsewhere: in head 0, ``i`` takes the largest weight of only 5 of the 9
# queries, and ``natural``, ``language``, ``process`` and ``##ing`` look at
# ``process`` and ``##ing`` instead; in head 3, ``language`` takes that of 8 of
# the 9. The neighbour heads of lesson 1 are in layer 0, not here. The mean
# blends the heads into one picture, in which a sharp pattern of one head is
# diluted by the others.


@figure
def figure_heads(model: str = MODEL):
    """The last layer's heads side by side, and their mean (the article's heatmap) last."""
    fig = heads(extract(TEXT, model), layer=-1)
    width, height = fig.get_size_inches()
    fig.set_size_inches(width, height + 0.4)  # room for the rotated key labels ("language")
    return fig


if __name__ == "__main__":
    figure_heads()

# %%
# All panels share one colour scale, from 0 to the largest weight in any head,
# so that a head can be compared with another and with the mean. Lesson 4's
# heatmap scales its colours to the mean's own largest weight instead; that is
# why the mean panel here looks paler than lesson 4's figure of the same matrix.
# Read the colour bar, not the shade.
#
# Compare a head with the mean: a cell that is dark in one head and light in the
# others ends up mid-coloured in the mean. The mean is a summary, useful for a
# first look; when a head's job is the question, look at the heads themselves.
#
# References
# ----------
# * :func:`attn_teach.heads`, :meth:`attn_teach.Attention.head_mean`
# * :func:`torch.mean`
#
# Next: :ref:`sphx_glr_auto_lessons_plot_06_line_plot.py`

# %%
# Practice: write this stage yourself, ``attn-teach practice check 5`` (see :doc:`/practice`).
