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
# * In the figure on this page (``tiny-bert-en``) the darkest cell is ``(!, !)``:
#   the token ``!`` gives 0.56 of its weight to itself (printed below). Summed
#   down the rows, the keys that receive most are ``language``, ``i`` and
#   ``process``; ``[CLS]`` and ``[SEP]`` receive little. Real BERT is different:
#   Clark et al. (2019, "What Does BERT Look At?", section 3 and Figure 2) found
#   many heads in ``bert-base`` that put most of their weight on ``[CLS]`` (in
#   the early layers), ``[SEP]`` (in the middle layers) or periods and commas (in
#   the last layers), which they read as heads with nothing specific to do.
#   Their figure measures periods and commas only; extending it to ``!`` is our
#   extrapolation, not their finding: we expect much weight on the punctuation
#   mark ``!`` in the last layer of ``bert-base-uncased`` drawn here by
#   ``--models article``, and the kit has not measured it. Either way, a dark
#   column is a property of the heads, not a statement that the sentence is
#   "about" that token.
# * The mean over heads mixes heads that do different jobs (lesson 5), and the
#   last layer is only one of several (lesson 1 drew them all).
#
# What it does not say
# --------------------
# * **In the last layer, column k is no longer only word k.** Every earlier
#   layer has already mixed each token's vector with the others (lesson 13
#   follows that mixing). Followed through the three layers below the last
#   (rollout, lesson 13; printed below), position k's own input token is still
#   the largest share in 8 of the 9 positions, but only 0.15 to 0.28 of the
#   mixture: the label names the largest ingredient, not the whole.
# * **Weights ignore the values.** The output is the weighted sum of value vectors
#   (lesson 00a). A large weight on a token whose value vector is small can
#   contribute less than a small weight on a large one (Kobayashi et al., 2020,
#   "Attention is Not Only a Weight"); lesson 16 computes it for this sentence.
# * **Weights are not explanations.** Attention shows where a layer *reads from*,
#   not why the model predicts what it does. Jain & Wallace (2019, "Attention is
#   not Explanation") studied mostly recurrent encoders with additive attention
#   (they also tried other encoders and dot-product attention), on text
#   classification, question answering and natural language inference: the
#   weights often disagreed with gradient-based importance, and very different
#   weights gave the same predictions. Wiegreffe & Pinter (2019, "Attention is
#   not not Explanation") answered that this depends on the task and on what one
#   calls an explanation. Neither studied BERT's attention.
#
# The numbers behind the first two points:


def darkest_cell(model: str = MODEL) -> tuple[str, str, float]:
    """The largest weight of the figure's matrix: (query token, key token, weight)."""
    attention = extract(TEXT, model)
    matrix = attention.head_mean(-1)  # (query, key)
    q, k = np.unravel_index(int(matrix.argmax()), matrix.shape)
    return attention.tokens[q], attention.tokens[k], float(matrix[q, k])


def own_share_below_last(model: str = MODEL) -> np.ndarray:
    """Rollout through every layer but the last: ``(position, input token)``, rows summing to 1."""
    attention = extract(TEXT, model)
    n = len(attention)
    flow = np.eye(n)
    for layer in range(attention.n_layers - 1):  # the layers below the last
        flow = (0.5 * attention.head_mean(layer) + 0.5 * np.eye(n)) @ flow
    return flow


query, key, weight = darkest_cell()
print(
    _("darkest cell: query {query!r}, key {key!r}, weight {weight:.2f}").format(
        query=query,
        key=key,
        weight=weight,
    )
)
columns = attention.sum(axis=0)  # (key,) what each key receives, summed over the queries
print(_("keys receiving most: {tokens}").format(tokens=[tokens[k] for k in np.argsort(columns)[::-1][:3]]))
flow = own_share_below_last()
own = np.diag(flow)
own_line = _("own token the largest share in {count} of {positions} positions; own share from {low:.2f} to {high:.2f}")
print(
    own_line.format(
        count=int((flow.argmax(axis=1) == np.arange(len(own))).sum()),
        positions=len(own),
        low=own.min(),
        high=own.max(),
    )
)

# %%
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
