"""
02. Looking at the tensor
=========================

**Article stage 2** (:ref:`article-stage-2`, 「Attentionの取り出し」). The article
printed the attention output (a :term:`tensor`) and found a wall of numbers: "looking at this, I
cannot tell where it pays attention". This lesson prints it too, then reads it:
its shape, what each axis means, and the one property every row has.

Goal: after this lesson you can read the shape of the attention output, name each of
its axes, and check the property every row has.
"""

# %%
# The printout
# ------------
# The last layer, as the article printed it:

import numpy as np
import torch

from attn_teach import attention_from, extract, load_model
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure

MODEL = "tiny-bert-en"
TEXT = "I love natural language processing!"

# lesson 1 loaded the model with plain from_pretrained; load_model does the same
# (eager attention) without repeating the load report
loaded = load_model(MODEL)
tokenizer, network = loaded.tokenizer, loaded.network  # the torch module
inputs = tokenizer(TEXT, return_tensors="pt")
with torch.inference_mode():
    outputs = network(**inputs, output_attentions=True)
last = outputs.attentions[-1]
torch.set_printoptions(precision=3, sci_mode=False)
print(last)

# %%
# Reading the shape
# -----------------
# ``(1, 4, 9, 9)`` is ``(batch, head, query, key)``. These are ``tiny-bert-en``'s
# counts; the article's ``bert-base-uncased`` should give ``(1, 12, 8, 8)``: its
# configuration has 12 heads, and its larger vocabulary keeps "processing" whole
# (the article's line plot has a "processing" tick), which makes 8 tokens.
#
# * **batch**: one sentence was given, so one entry;
# * **head**: the layer runs 4 :term:`heads <head>` side by side (``bert-base-uncased``
#   has 12), each with its own matrix (lesson 00a shows how one is computed);
# * **query**: the token that is *looking* (one row per token);
# * **key**: the token being *looked at* (one column per token).
#
# So ``last[0, h, q, k]`` is how much token ``q`` draws on token ``k`` in head ``h``.
# Each head computes ``softmax(QKᵀ/√d)``: the softmax runs along the key axis,
# which is why every row is a probability distribution: non-negative, summing to 1.

print(tuple(last.shape))
print(last.sum(dim=-1))

# %%
# Practice stage 2 asks for the four numbers that describe the whole tuple; this
# is its reference solution:


def attention_shape(attentions):
    """(layers, heads, query tokens, key tokens) of ``outputs.attentions``; the batch axis left out."""
    return (len(attentions), *attentions[-1].shape[1:])


print(attention_shape(outputs.attentions))

# %%
# One row
# -------
# A row is where one token looks. Here is the row of *love*, averaged over the
# heads, against the tokens it can look at. The sum of the values is 1.

tokens = tokenizer.convert_ids_to_tokens(inputs["input_ids"][0])
row = last[0].mean(dim=0)[tokens.index("love")]
print(dict(zip(tokens, np.round(row.numpy(), 3))))
print(_("sum: {total}").format(total=float(row.sum())))


@figure
def figure_row(model: str = MODEL):
    """Where the token "love" looks in the last layer (one row of the head-mean matrix)."""
    return attention_from(extract(TEXT, model), "love")


if __name__ == "__main__":
    figure_row()

# %%
# A heatmap (lesson 4) draws all nine such rows at once, one above the other.
# Before that, the numbers have to leave PyTorch: lesson 3.
#
# References
# ----------
# * :func:`attn_teach.attention_from`, :meth:`attn_teach.Attention.matrix`
# * :func:`torch.set_printoptions`
#
# Next: :ref:`sphx_glr_auto_lessons_plot_03_numpy.py`

# %%
# Practice: write this stage yourself, ``attn-teach practice check 2`` (see :doc:`/practice`).
