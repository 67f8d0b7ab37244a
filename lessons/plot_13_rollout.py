"""
13. Attention rollout: following attention down to the input
============================================================

**Beyond the article.** The article read the last layer's heatmap as "this word
attends to that word". But the last layer never sees the words. Its input is
the output of the layer below, in which every position is already a mixture of
tokens, and that layer's input is a mixture too. Attention :term:`rollout` (Abnar &
Zuidema, 2020) follows the mixing through every layer back to the input tokens.
This lesson computes it by hand, checks it against :func:`attn_teach.rollout`,
and draws it next to the last layer's attention.

Goal: after this lesson you can compute attention rollout and say how it differs
from the last layer's attention.
"""

# %%
# The recipe
# ----------
# For each layer ``l``, from the first:
#
# 1. average the heads: ``A_l``, a ``(query, key)`` matrix whose rows sum to 1;
# 2. add the residual connection. A layer outputs ``x + attention(x)``: each
#    position keeps its own input beside what it gathered. Abnar & Zuidema
#    (their section 3) account for it as ``0.5 * A_l + 0.5 * I`` (``I`` the
#    identity: "look at yourself");
# 3. re-normalise the rows to sum to 1. When the rows of ``A_l`` already sum to 1,
#    as softmax rows do, the rows of ``0.5 * A_l + 0.5 * I`` do too and this step
#    changes nothing (for any mix ``(1 - r) * A_l + r * I``); it matters only for
#    matrices whose rows do not sum to 1 (with special tokens removed, for
#    example). Abnar & Zuidema's recipe keeps it, and so does the kit;
# 4. multiply: ``R = Â_L ... Â_2 Â_1``. The first layer is on the right, because
#    it acts first: row ``q`` of ``Â_2 Â_1`` says how much of each *input* token
#    reaches position ``q`` after two layers.
#
# With plain transformers and NumPy:

import numpy as np
import torch

from attn_teach import extract, load_model, rollout, rollout_view
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure
from attn_teach.text import ljust

MODEL = "tiny-bert-en"
TEXT = "I love natural language processing!"
TEXT_JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"

loaded = load_model(MODEL)
tokenizer, network = loaded.tokenizer, loaded.network  # the torch module
inputs = tokenizer(TEXT, return_tensors="pt")
with torch.inference_mode():
    outputs = network(**inputs, output_attentions=True)

n = inputs["input_ids"].shape[1]
flow = np.eye(n)  # before any layer, every position holds only its own token
for layer in outputs.attentions:  # the first layer first
    a = layer[0].mean(dim=0).numpy()  # (query, key): mean over heads
    a = 0.5 * a + 0.5 * np.eye(n)  # the residual connection
    a = a / a.sum(axis=-1, keepdims=True)  # rows sum to 1 again
    flow = a @ flow  # this layer acts on what the layers below produced
print(np.round(flow, 2))

# %%
# :func:`attn_teach.rollout` does the same on an :class:`~attn_teach.Attention`
# (the :term:`residual ratio` is a keyword, 0.5 by default). Rows still sum to 1: a
# product of matrices whose rows sum to 1 has rows that sum to 1.

attention = extract(TEXT, MODEL)
assert np.allclose(rollout(attention), flow, atol=1e-5)
print(rollout(attention).sum(axis=-1))

# %%
# One layer vs. all of them
# -------------------------
# :func:`attn_teach.rollout_view` draws the last layer's head mean (the article's
# matrix) and the rollout side by side, on one colour scale.


@figure
def figure_rollout(model: str = MODEL):
    """The last layer's head mean next to the rollout through every layer (English)."""
    return rollout_view(extract(TEXT, model))


if __name__ == "__main__":
    figure_rollout()

# %%
# Why they differ
# ---------------
# * **The rollout is flatter.** Each layer mixes the positions once more, so the
#   contributions spread out; a sharp cell of one layer is diluted by the
#   layers below it.
# * **Its diagonal does not fade.** Through the residual connection every position
#   keeps part of its own token at every layer, so the diagonal holds a share of
#   its own in the rollout, whatever the heads of one layer happen to do (the
#   printout below compares it with a rollout without the residual).
# * **Its columns mean input tokens.** In the left panel a column is a position's
#   representation after all the layers below; in the right panel it is the token
#   that went in. Only the right panel answers "which words does this position
#   draw on?", and only under the recipe's assumptions (below).
#
# The residual ratio matters. Abnar & Zuidema add the identity because the
# layers have residual connections (their section 3): leaving it out describes a
# network without them. It shows: without it (``residual=0``), multiplying the
# raw matrices makes every row alike, and after a few layers every position
# seems to draw on the same mixture of the whole sentence. The spread below is
# how far the rows are, on average, from their mean row (0 means all rows
# identical):

for residual in (0.0, 0.5, 0.9):
    r = rollout(attention, residual=residual)
    spread = np.abs(r - r.mean(axis=0)).sum(axis=1).mean()
    print(
        _("residual {residual}: diagonal mean {diagonal:.2f}, row spread {spread:.2f}").format(
            residual=residual, diagonal=np.diag(r).mean(), spread=spread
        )
    )

# %%
# A causal model
# --------------
# Abnar & Zuidema studied encoders, which read the whole sentence at once (a
# Transformer trained on subject-verb agreement, and BERT-style models). The
# recipe itself does not depend on that, so the kit applies it to GPT-2 as well;
# how well rollout describes a causal model is not something their paper
# measured. For GPT-2, each matrix is lower triangular, and so is their product: the
# future stays masked (grey). Rollout makes one effect of causality stand out:
# the first tokens are visible to every later position in every layer, so what
# they carry accumulates, layer after layer.


@figure
def figure_rollout_ja(model: str = "tiny-gpt2-ja"):
    """The same comparison for the Japanese (causal) model: both panels stay triangular."""
    return rollout_view(extract(TEXT_JA, model))


if __name__ == "__main__":
    figure_rollout_ja()

# %%
# The share of each input token in the rollout, against the last layer alone
# (column means, as in lesson 6):

ja = extract(TEXT_JA, "tiny-gpt2-ja")
last = ja.layer_number(-1)  # the last layer, by its number
for token, raw, rolled in zip(ja.tokens, ja.head_mean(-1).mean(axis=0), rollout(ja).mean(axis=0)):
    print(
        ljust(token, 8),
        _("layer {layer}: {raw:.2f}, rollout: {rolled:.2f}").format(layer=last, raw=raw, rolled=rolled),
    )  # padded by display width

# %%
# What rollout does not do
# ------------------------
# Rollout treats each layer as a plain weighted average of positions. A real layer
# also multiplies by value vectors of different sizes, passes through an MLP and a
# layer norm, and its heads are summed by a learned projection, not averaged.
# Weights that are equal as attention can therefore move very different amounts
# of information (Kobayashi et al., 2020, who measure this with the norms of
# the weighted vectors; lesson 16 computes them). Abnar & Zuidema found that rollout agrees better than
# raw attention with gradient- and ablation-based measures of which tokens
# matter (as their abstract sums up); it is a better description of the flow, still not an
# explanation of the prediction (lesson 4's caution stands).
#
# References
# ----------
# * :func:`attn_teach.rollout`, :func:`attn_teach.rollout_view`
# * Abnar & Zuidema (2020), "Quantifying Attention Flow in Transformers", ACL.
# * Kobayashi, Kuribayashi, Yokoi, Inui (2020), "Attention is Not Only a Weight:
#   Analyzing Transformers with Vector Norms", EMNLP.

# %%
# The same, to explore
# --------------------
# :func:`attn_teach.interactive` puts this attention into one HTML page that works
# offline: point at a token to see where it looks (its row) and who looks at it (its
# column). Tick *rollout* in the page: the heatmap becomes :func:`attn_teach.rollout`, and
# pointing at a token shows how much of each input token reaches it.
# In a notebook, showing an :class:`~attn_teach.Attention` does the same; from the
# command line: ``attn-teach plot TEXT --view interactive -o view.html``.

from attn_teach import interactive

interactive(attention, fallback=False)

# %%
# Next: :ref:`sphx_glr_auto_lessons_plot_14_special_tokens.py`
