"""
04. The heatmap
===============

**Article stage 4** (:ref:`article-stage-4`, 「Attentionの可視化」). With the
tensor turned into NumPy (lesson 3), the article drew its first real picture: a
seaborn :term:`heatmap` of the last layer, averaged over heads, colormap ``YlGnBu``, with
the tokens, ``[CLS]`` and ``[SEP]`` included, on both axes. Its verdict: "hard to
read at a glance". This lesson draws the same figure, then says what can and
cannot be read from it.

Goal: after this lesson you can read the article's heatmap: which axis holds the
queries, which the keys, and what its colours do and do not say.
"""

# %%
# The article's code, today
# -------------------------
# The article's program runs today with one change: ``tokenizer(text,
# return_tensors="pt")`` instead of the removed ``encode_plus``. Its
# ``from_pretrained(..., output_attentions=True)`` still selects eager attention
# (lesson 1), and its ``.detach().numpy()`` is the fix of lesson 3. Below,
# :func:`attn_teach.load_model` loads the model with ``attn_implementation="eager"``,
# which says the same explicitly, and it runs under ``inference_mode`` (lesson 3). The rest is the article's: the last
# layer (``attentions[-1]``), the mean over heads (``dim=1``, see lesson 5), the
# first sentence of the batch (``[0]``).
#
# .. code-block:: python
#
#    import seaborn as sns
#    sns.heatmap(attention, cmap="YlGnBu", xticklabels=tokens, yticklabels=tokens)
#
# seaborn is not needed: matplotlib's ``imshow`` draws the same picture. seaborn
# draws the cells as one mesh (``pcolormesh``); ``imshow`` draws them as one image,
# which stays fast for long inputs. Here are the numbers the heatmap is made of:

import numpy as np
import torch

from attn_teach import extract, heatmap, load_model
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
attention = torch.mean(outputs.attentions[-1], dim=1)[0].numpy()  # (query, key)
tokens = tokenizer.convert_ids_to_tokens(inputs["input_ids"][0])
print(tokens)
print(np.round(attention, 2))

# %%
# The kit's :func:`attn_teach.extract` gives the same matrix as
# ``Attention.head_mean()``; :func:`attn_teach.heatmap` draws it with the
# article's colormap, token labels on both axes and a labelled colour bar.

assert np.allclose(extract(TEXT, MODEL).head_mean(-1), attention, atol=1e-6)

# %%
# With matplotlib alone, the same picture takes a few lines. This is the
# reference solution of practice stage 4 (``attn-teach practice check 4``):

import matplotlib.pyplot as plt

from attn_teach.views.style import style


def draw_heatmap(matrix, tokens):
    """``matrix`` (query, key) with imshow, YlGnBu, every token on both axes and a colour bar."""
    with style():
        fig, ax = plt.subplots(figsize=(5, 4.4), dpi=100, layout="constrained")
        image = ax.imshow(matrix, cmap="YlGnBu")
        ax.set_xticks(range(len(tokens)), tokens, rotation=90)
        ax.set_yticks(range(len(tokens)), tokens)
        fig.colorbar(image, ax=ax)
    return fig


@figure
def figure_heatmap(model: str = MODEL):
    """The article's heatmap: last layer, mean over heads, YlGnBu, all tokens."""
    return heatmap(extract(TEXT, model), layer=-1)


if __name__ == "__main__":
    figure_heatmap()

# %%
# What the picture says
# ---------------------
# * **Dark means more attention.** In ``YlGnBu`` the largest weights are dark blue and
#   weights near 0 light yellow. The colour bar gives the scale: here it ends at the
#   largest weight in the matrix, so the darkest blue means that weight, not 1. The article says the
#   other thing: that the parts attention goes to "become brighter"
#   (「注意している部分の色は明るくなる」). In this colormap, brighter means *less*
#   attention. Its later heatmap (lesson 9) uses matplotlib's default ``viridis``,
#   where bright does mean high: the article's two heatmaps use opposite
#   conventions. Always read the colour bar.
# * Read it **by rows**. Row ``love`` is where the token *love* looks; its colours
#   add up to 1 (lesson 2). Comparing colours down a column compares how much
#   different tokens look at one token.
# * In the figure on this page (``tiny-bert-en``) the darkest columns are ``i``,
#   ``language`` and ``process``; ``[CLS]`` and ``[SEP]`` are light. Real BERT is
#   different: Clark et al. (2019, "What Does BERT Look At?") found many heads
#   in ``bert-base`` that put most of their weight on ``[SEP]``, ``[CLS]`` or
#   punctuation, which they read as heads with nothing specific to do. Either way,
#   a dark column is a property of the heads, not a statement that the sentence
#   is "about" that token.
# * The mean over heads mixes heads that do different jobs (lesson 5), and the
#   last layer is only one of several (lesson 1 drew them all).
#
# What it does not say
# --------------------
# * **In the last layer, column k is no longer word k.** Every earlier layer has
#   already mixed each token's vector with the others (lesson 13 follows that
#   mixing), so the key at position k is a blend of the whole sentence that
#   still carries the label of token k.
# * **Weights ignore the values.** The output is the weighted sum of value vectors
#   (lesson 00a). A large weight on a token whose value vector is small can
#   contribute less than a small weight on a large one (Kobayashi et al., 2020,
#   "Attention is Not Only a Weight").
# * **Weights are not explanations.** Attention shows where a layer *reads from*,
#   not why the model predicts what it does: Jain & Wallace (2019, "Attention is
#   not Explanation") found other weights giving the same predictions;
#   Wiegreffe & Pinter (2019, "Attention is not not Explanation") answered that
#   this depends on the task and on what one calls an explanation.
#
# Read the heatmap as a description of one mechanism, not as an explanation of
# the model.
#
# The model here is the kit's embedded ``tiny-bert-en``, trained on a small
# generated corpus; with ``attn-teach reproduce --models article`` the same code
# draws ``bert-base-uncased``.
#
# References
# ----------
# * :func:`attn_teach.extract`, :func:`attn_teach.heatmap`, :meth:`attn_teach.Attention.head_mean`
# * :meth:`matplotlib.axes.Axes.imshow`, :meth:`matplotlib.figure.Figure.colorbar`
#
# Next: :ref:`sphx_glr_auto_lessons_plot_05_heads.py`

# %%
# Practice: write this stage yourself, ``attn-teach practice check 4`` (see :doc:`/practice`).
