"""
06. The line plot
=================

**Article stage 6** (:ref:`article-stage-6`, 「折れ線グラフでの可視化」). Finding the
heatmap hard to read, the article tried a :term:`line plot`: ``plt.plot(attention)`` with
the words of ``tokenizer.tokenize(text)`` as x labels, and read off that "love"
and "processing" seemed to get more attention. The plot has two problems, and the
reading does not follow from it. This lesson reproduces the plot, shows both
problems, and draws what the article meant to show.

Goal: after this lesson you can tell what a line plot of an attention matrix really
shows and draw the plot that answers the article's question.
"""

# %%
# The article's plot, reproduced
# ------------------------------

import matplotlib.pyplot as plt
import numpy as np
import torch

from attn_teach import extract, load_model, received_plot
from attn_teach.i18n import gettext as _
from attn_teach.i18n import quote
from attn_teach.lesson import figure
from attn_teach.reduce import received
from attn_teach.text import ljust
from attn_teach.views.style import style

MODEL = "tiny-bert-en"
TEXT = "I love natural language processing!"

# lesson 1 loaded the model with plain from_pretrained; load_model does the same
# (eager attention) without repeating the load report
loaded = load_model(MODEL)
tokenizer, network = loaded.tokenizer, loaded.network  # the torch module

labels = tokenizer.tokenize(TEXT)  # the article's tick labels
input_ids = tokenizer.encode(TEXT, return_tensors="pt")  # what the model actually reads
with torch.inference_mode():
    outputs = network(input_ids, output_attentions=True)
matrix = torch.mean(outputs.attentions[-1], dim=1)[0].numpy()  # (query, key)

print("tokenize():", labels, len(labels))
print(
    _("model input: {tokens} {shape}").format(tokens=tokenizer.convert_ids_to_tokens(input_ids[0]), shape=matrix.shape)
)


def article_line_plot(matrix: np.ndarray, labels: list[str], title: str):
    """``plt.plot(matrix)`` with ``labels`` as x ticks, rotated 90 degrees, as in the article."""
    with style():
        fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
        ax.plot(matrix)
        ax.set_xticks(range(len(labels)), labels, rotation=90)
        ax.set_title(title)
    return fig


@figure
def figure_article_line_plot(model: str = MODEL):
    """The article's line plot: one line per key column, ticks from tokenize()."""
    words = load_model(model).tokenizer.tokenize(TEXT)  # no [CLS]/[SEP]
    return article_line_plot(extract(TEXT, model).head_mean(-1), words, _("The article's line plot, reproduced"))


if __name__ == "__main__":
    figure_article_line_plot()

# %%
# Problem 1: the labels are one place off
# ---------------------------------------
# ``tokenize()`` returns the word pieces only; the model read ``[CLS]`` first and
# ``[SEP]`` last. With ``tiny-bert-en`` the matrix has 9 rows and the label list
# 7 entries, because its small vocabulary splits "processing" into ``process
# ##ing``. The article's ``bert-base-uncased`` keeps "processing" whole (the
# article's plot had a tick labelled "processing"): 8 rows and 6 labels. The
# off-by-one is the same in both. ``xticks`` puts label ``n`` at position ``n``,
# so "i" sits where ``[CLS]`` is, "love" where "i" is, and so on; the last two
# positions get no label at all:

for position, token in enumerate(tokenizer.convert_ids_to_tokens(input_ids[0])):
    shown = quote(labels[position]) if position < len(labels) else _("(no label)")
    print(
        _("position {position}: token {token} labelled {label}").format(
            position=position, token=ljust(quote(token), 13), label=shown
        )
    )

# %%
# Problem 2: the x axis is not "tokens being attended to"
# -------------------------------------------------------
# ``plt.plot`` of a 2-D array draws **one line per column**, against the **row
# index**. Columns are keys (tokens looked at) and rows are queries (tokens
# looking), so each line is one key token, and the x axis runs over the
# *queries*. A high point at x = "love" means: some token is looked at a lot *by*
# the token at that position, not that "love" is looked at. Drawn with honest
# labels (x: query tokens including the special ones; legend: one line per key),
# the same lines read like this. Nine lines in nine colours cannot be told apart,
# so only three keys are coloured: the two the article read ("love" and, in
# ``tiny-bert-en``, ``process``) and the key that receives most; the others are
# grey:


# The plain matplotlib version is short: ``plt.plot(matrix)``, a legend entry per key and
# every token at its query position. It is the reference solution of practice stages 6 and 11:


def draw_lines(matrix, tokens):
    """``plt.plot(matrix)`` labelled honestly: one line per key, every token at its query position.

    The reference solution of practice stages 6 and 11.
    """
    with style():
        fig, ax = plt.subplots(figsize=(7.6, 4.2), dpi=100, layout="constrained")
        lines = ax.plot(matrix)
        for line, token in zip(lines, tokens):
            line.set_label(_("to {token}").format(token=token))
        ax.set_xticks(range(len(tokens)), tokens, rotation=90)
        ax.set_xlabel(_("query: token attending"))
        ax.set_ylabel(_("attention weight"))
        ax.legend(title=_("one line per key"), loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    return fig


# %%
# For the figure below, a few keys are coloured and the rest grey:

HIGHLIGHT = ["#d7301f", "#2171b5", "#238b45"]  # one distinct colour per highlighted key; the rest grey


def highlighted_keys(attention) -> list[int]:
    """The keys the article read ("love", "process"), then the key that receives most."""
    wanted = [attention.tokens.index(t) for t in ("love", "process", "processing") if t in attention.tokens]
    top = int(np.argmax(received(attention.head_mean(-1))))
    return wanted + ([top] if top not in wanted else [])


@figure
def figure_lines_labelled(model: str = MODEL):
    """The same lines with correct labels: x = query position, one line per key token.

    A few keys are drawn in colour, the others in grey, so that no colour repeats."""
    attention = extract(TEXT, model)
    matrix = attention.head_mean(-1)  # (query, key)
    keys = highlighted_keys(attention)[: len(HIGHLIGHT)]
    with style():
        fig, ax = plt.subplots(figsize=(7.6, 4.2), layout="constrained")
        for k in range(matrix.shape[1]):
            if k not in keys:
                ax.plot(matrix[:, k], color="#bdbdbd", lw=1, zorder=1)
        ax.plot([], [], color="#bdbdbd", lw=1, label=_("to each other key"))
        for k, color in zip(keys, HIGHLIGHT):
            ax.plot(
                matrix[:, k],
                color=color,
                lw=2.2,
                marker="o",
                ms=4,
                zorder=2,
                label=_("to {token}").format(token=attention.tokens[k]),
            )
        ax.set_xticks(range(len(attention.tokens)), attention.tokens, rotation=90)
        ax.set_xlabel(_("query: token attending"))
        ax.set_ylabel(_("attention weight"))
        ax.legend(title=_("one line per key"), loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
        ax.set_title(_("The same lines, labelled: x is the query"))
    return fig


if __name__ == "__main__":
    figure_lines_labelled()

# %%
# What the article meant to show
# ------------------------------
# "Which tokens get attention?" is a question about **columns**: how much each
# key receives, summed or averaged over all the queries. Every row sums to 1, so
# the column means sum to 1 too: each bar is the share of the layer's attention
# that lands on that token. :func:`attn_teach.reduce.received` computes it;
# :func:`attn_teach.received_plot` draws it with every token labelled.

attention = extract(TEXT, MODEL)
share = received(attention.head_mean(-1))
for token, value in zip(attention.tokens, share):
    print(f"{token:10} {value:.3f}")


@figure
def figure_received(model: str = MODEL):
    """Attention received per token (column means), the corrected reading."""
    return received_plot(extract(TEXT, model), layer=-1)


if __name__ == "__main__":
    figure_received()

# %%
# The answer to the article's question, for this model:


def love_received(model: str = MODEL) -> tuple[float, int, int]:
    """What "love" receives (column mean of the last layer), its rank, and the number of tokens."""
    attention = extract(TEXT, model)
    share = received(attention.head_mean(-1))  # (key,)
    k = attention.tokens.index("love")
    return float(share[k]), int((share > share[k]).sum()) + 1, len(share)


def under_love_tick(model: str = MODEL) -> tuple[str, str, float]:
    """At the article's tick "love": the query really there, the key line highest there, its value."""
    attention = extract(TEXT, model)
    matrix = attention.head_mean(-1)  # (query, key)
    x = load_model(model).tokenizer.tokenize(TEXT).index("love")  # where plt.xticks put the label
    k = int(matrix[x].argmax())
    return attention.tokens[x], attention.tokens[k], float(matrix[x, k])


value, rank, n = love_received()
print(
    _("'love' receives {value:.3f}: rank {rank} of {n} (an even share would be {even:.3f})").format(
        value=value, rank=rank, n=n, even=1 / n
    )
)
query, key, peak = under_love_tick()
print(
    _("at the tick 'love' the plot shows query {query!r}; its highest line is key {key!r} at {peak:.2f}").format(
        query=query, key=key, peak=peak
    )
)

# %%
# "love" receives 0.062 of the last layer's attention, 7th of the 9 tokens and
# less than an even share: in ``tiny-bert-en`` it does not stand out. The
# impression came from the labels. The tick "love" sits at position 1, which is
# the query ``i``, and there the line of the key ``i`` rises to 0.43: ``i``
# looking at itself, read as attention to "love". The article's
# ``bert-base-uncased`` has other weights, but the same shifted labels.
#
# For "where does one token look?", the question for a **row**, lesson 2's
# :func:`attn_teach.attention_from` draws a single row against the key tokens.
# Both are honest line/bar plots; ``plt.plot(matrix)`` is neither.
#
# References
# ----------
# * :func:`attn_teach.received_plot`, :func:`attn_teach.reduce.received`, :func:`attn_teach.attention_from`
# * :func:`matplotlib.pyplot.plot` (a 2-D ``y`` draws one line per column)
#
# Next: :ref:`sphx_glr_auto_lessons_plot_07_japanese_model.py`

# %%
# Practice: write this stage yourself, ``attn-teach practice check 6`` (see :doc:`/practice`).
