"""
12. Every head of every layer
=============================

**Beyond the article.** The article looked at one matrix per sentence: the last layer,
averaged over its heads. A Transformer has many more: ``tiny-bert-en`` has 4
layers of 4 heads, ``bert-base-uncased`` 12 x 12 = 144, rinna's GPT-2 24 x 16 =
384. Interactive tools such as bertviz's *model view* lay them all out as small
panels, but only inside a notebook: there is no image to put in a report or to
test, Japanese labels depend on the browser's fonts, and long inputs slow the page
down. This lesson draws the same overview as an ordinary static figure.

Goal: after this lesson you can draw every layer and head of a model in one static
figure that can go into a report.
"""

# %%
# The weights, layer by layer and head by head
# --------------------------------------------
# ``outputs.attentions`` is a tuple with one tensor per layer, each
# ``(batch, head, query, key)``. Stacking the first sentence of every layer gives
# one array ``(layer, head, query, key)``, which is what
# ``Attention.weights`` holds:

import numpy as np
import torch

from attn_teach import extract, grid, load_model
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure

MODEL = "tiny-bert-en"
TEXT = "I love natural language processing!"
TEXT_JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"

loaded = load_model(MODEL)
tokenizer, network = loaded.tokenizer, loaded.network  # the torch module
inputs = tokenizer(TEXT, return_tensors="pt")
with torch.inference_mode():
    outputs = network(**inputs, output_attentions=True)
stacked = torch.stack([layer[0] for layer in outputs.attentions]).numpy()  # (layer, head, query, key)
print(stacked.shape)

attention = extract(TEXT, MODEL)
assert np.allclose(attention.weights, stacked, atol=1e-6)

# %%
# Drawn by hand, the overview is a double loop over a grid of axes:
#
# .. code-block:: python
#
#    import matplotlib.pyplot as plt
#
#    n_layers, n_heads = stacked.shape[:2]
#    fig, axes = plt.subplots(n_layers, n_heads, sharex=True, sharey=True)
#    for l in range(n_layers):
#        for h in range(n_heads):
#            axes[l, h].imshow(stacked[l, h], cmap="YlGnBu", vmin=0, vmax=1)
#
# :func:`attn_teach.grid` is that loop plus what makes it readable: "layer L" at
# the start of each row and "head H" over each column, one colour scale and one
# colour bar for all panels, token labels that thin out when they would overlap,
# and masked cells for a causal model.


@figure
def figure_grid(model: str = MODEL):
    """Every head of every layer of the English model, 4 x 4 panels."""
    return grid(extract(TEXT, model))


if __name__ == "__main__":
    figure_grid()

# %%
# Reading the grid
# ----------------
# Each panel is read like lesson 4's heatmap: row = the token looking, column =
# the token looked at. In trained BERT models the heads tend to fall into a few
# shapes. Kovaleva et al. (2019, Figure 1) sort them into five classes:
# vertical, diagonal, vertical plus diagonal, block and heterogeneous; their
# diagonal is this page's diagonal beside the main one. Clark et al. (2019,
# section 3) describe heads that look at a neighbour, heads that look at
# ``[SEP]`` or punctuation, and heads with broad attention. Three shapes to look
# for here:
#
# * a **diagonal** just beside the main diagonal: every token looks at its
#   neighbour (the previous or the next one);
# * a **vertical stripe**: every token looks at the same key, often ``[CLS]``,
#   ``[SEP]`` or a punctuation mark; lesson 14 explains why;
# * a **broad spread**: the weight is spread over many tokens (Clark et al.,
#   "Focused vs Broad Attention").
#
# The shapes can be put into numbers. For every head, the share of attention
# that goes to the next token, to the previous one, and to the single key that
# receives the most:


def head_shapes(model: str = MODEL) -> list[tuple[int, int, float, float, float, str]]:
    """Per head: (layer, head, share on the next token, on the previous, largest column mean, its key)."""
    attention = extract(TEXT, model)
    n = len(attention.tokens)
    shapes = []
    for l in range(attention.n_layers):
        for h in range(attention.n_heads):
            w = attention.weights[l, h]  # (query, key)
            nxt = float(np.mean([w[q, q + 1] for q in range(n - 1)]))
            prev = float(np.mean([w[q, q - 1] for q in range(1, n)]))
            column = w.mean(axis=0)  # attention received by each key
            top = int(np.argmax(column))
            shapes.append((l, h, nxt, prev, float(column[top]), attention.tokens[top]))
    return shapes


for l, h, nxt, prev, most, key in head_shapes():
    print(
        _(
            "layer {layer} head {head}: next {next:.2f}, previous {previous:.2f}, most received {most:.2f} by {key!r}"
        ).format(layer=l, head=h, next=nxt, previous=prev, most=most, key=key)
    )

# %%
# A head with a high "next" share draws a diagonal one cell to the right of the
# middle, a high "previous" share one cell to the left; a "most received" share
# near 1 is a vertical stripe. To name them, take a rule: a **neighbour head**
# gives more than half of each row, on average, to the next token or to the
# previous one; a **stripe** gives a single key more than 0.9.

NEIGHBOUR, STRIPE = 0.5, 0.9
shapes = head_shapes()
print(
    _("neighbour heads: {heads}").format(
        heads=[(l, h) for l, h, nxt, prev, *rest in shapes if max(nxt, prev) > NEIGHBOUR]
    )
)
print(_("stripes: {heads}").format(heads=[(l, h) for l, h, _nxt, _prev, most, *rest in shapes if most > STRIPE]))

# %%
# By this rule the printout finds two neighbour heads, both in layer 0 (head 0
# gives 0.59 to the next token, head 3 0.67 to the previous one), and one full
# stripe, layer 1 head 1, where every token gives all its weight (1.00) to
# ``!``. Two more heads lean towards the next token without passing one half:
# layer 1 head 0 (0.44) and layer 2 head 3 (0.39). Find them in the grid; in a
# small model trained briefly the other heads are less clean than in BERT. The
# panels that are mostly pale are not "unused": their weight is spread thin, and
# no single cell stands out on a scale shared with sharper heads.
#
# The colour scale
# ----------------
# All panels share one scale, so a colour means the same weight everywhere. Its
# top is the 99th percentile of the weights rather than the maximum: a few cells
# at 1 would otherwise push every other panel towards white. Cells above the top
# take the darkest colour, and the arrow on the colour bar says that some do.
# ``grid(attention, vmax=1)`` draws the full range instead.
#
# A causal model
# --------------
# GPT-2 cannot look ahead, so every panel of the Japanese model is a triangle.
# The cells above the diagonal are drawn in grey: they are not weights of 0 but
# positions the query cannot see. (The first row of every panel has a single
# visible cell, and it holds 1: the first token can only look at itself.)


@figure
def figure_grid_ja(model: str = "tiny-gpt2-ja"):
    """Every head of every layer of the Japanese (causal) model; the future is grey."""
    return grid(extract(TEXT_JA, model))


if __name__ == "__main__":
    figure_grid_ja()

# %%
# Long inputs
# -----------
# Each panel is a single image, not one rectangle per cell, so the grid of a
# 512-token text draws in about the time of a short one (saved as PNG). Two
# things change with length. Token labels thin out (every k-th label, so that
# none overlap), and above a dozen tokens, or when many heads make
# the panels small, only the outer panels carry them: the left column names the
# queries, the bottom row the keys. When a panel has fewer pixels than
# tokens, neighbouring cells are averaged rather than some of them dropped,
# which would paint stripes that are not in the data. From the command line:
#
# .. code-block:: bash
#
#    attn-teach plot "$(cat long_text.txt)" --model tiny-bert-en --view grid -o grid.png
#
# With 512 tokens a panel has about 200 pixels for 512 keys: the grid shows a
# head's *shape* (diagonal, stripes, spread), not individual cells. For cells,
# draw one head with :func:`attn_teach.heatmap` (``layer=``, ``head=``).
#
# References
# ----------
# * :func:`attn_teach.grid`, ``Attention.weights``
# * :func:`matplotlib.pyplot.subplots` (``sharex``, ``sharey``), :meth:`matplotlib.axes.Axes.imshow`
# * Clark, Khandelwal, Levy, Manning (2019), "What Does BERT Look At? An Analysis of BERT's Attention".
# * Kovaleva, Romanov, Rogers, Rumshisky (2019), "Revealing the Dark Secrets of BERT".
# * Vig (2019), "A Multiscale Visualization of Attention in the Transformer Model" (bertviz).

# %%
# The same, to explore
# --------------------
# :func:`attn_teach.interactive` puts this attention into one HTML page that works
# offline: point at a token to see where it looks (its row) and who looks at it (its
# column). Choose a layer and a head in the page: the heatmap is that panel of the grid.
# In a notebook, showing an :class:`~attn_teach.Attention` does the same; from the
# command line: ``attn-teach plot TEXT --view interactive -o view.html``.

from attn_teach import interactive

interactive(attention, fallback=False)

# %%
# Next: :ref:`sphx_glr_auto_lessons_plot_13_rollout.py`
