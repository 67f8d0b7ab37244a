"""
11. The Japanese line plot
==========================

**Article stage 11** (:ref:`article-stage-11`, 「日本語で挑戦してみる」). Last, the
article drew the Japanese matrix as it had drawn the English one in lesson 6:
``plt.plot(attention)`` with the pieces of ``tokenizer.tokenize(input_text)`` as x
ticks, turned 90 degrees. Its reading: the verb 食べる gets attention. This
lesson redraws the plot, says what its lines and its x axis really are, and then
answers the article's question with the two plots that can: where 食べ looks
(its row) and who looks at 食べ (its column).

Goal: after this lesson you can answer "where does this token look, and who looks at
it?" from one row and one column of the matrix.
"""

# %%
# What ``plt.plot(matrix)`` draws
# -------------------------------
# Given a 2D array, ``plt.plot`` draws **one line per column**, against the
# **row index**. For an attention matrix ``(query, key)`` that means: one line
# per *key* token (the token looked at), and along the x axis the *query*
# position (the token doing the looking). The x ticks, though, were labelled as
# if the x axis listed the tokens being attended to.
#
# Two more things, as in lesson 6: the 20 lines have default colours and no
# legend, so no line can be matched to its key token; and the labels come from
# ``tokenize()``, 19 pieces for 20 positions. ``</s>`` is the *last* id, so the
# 19 labels do sit on the right positions here (``▁``, the SentencePiece word
# marker, is a piece of ``tokenize()`` too, lesson 7), and the last position is
# simply unlabelled. With BERT the extra ``[CLS]`` comes first and shifts them all.

import matplotlib.pyplot as plt
import numpy as np

from attn_teach import attention_from, attention_to, extract, load_model
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure
from attn_teach.text import ljust
from attn_teach.views.style import style

MODEL = "tiny-gpt2-ja"
TEXT = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"
VERB = "食べ"  # 食べる, "to eat"; its first occurrence is token 6

attention = extract(TEXT, MODEL)
matrix = attention.head_mean(-1)  # (query, key)
pieces = load_model(MODEL).tokenizer.tokenize(TEXT)
print(
    _("plt.plot(matrix) draws {lines} lines of {points} points; x ticks: {labels} labels").format(
        lines=matrix.shape[1], points=matrix.shape[0], labels=len(pieces)
    )
)


def article_lines(matrix: np.ndarray, tokens: list[str]):
    """The article's line plot, line for line. Returns the figure and its axes."""
    with style():
        fig, ax = plt.subplots()
        ax.plot(matrix)
        plt.xticks(range(len(tokens)), tokens, rotation=90)
    return fig, ax


@figure
def figure_article_lines(model: str = MODEL):
    """The article's line plot, with what its axes really are written on it.

    matplotlib's 10 default colours repeat across the 20 lines, so the lines are
    recoloured: key 食べ in red, the rest in grey."""
    attention = extract(TEXT, model)
    labels = load_model(model).tokenizer.tokenize(TEXT)
    fig, ax = article_lines(attention.head_mean(-1), labels)
    n = len(attention.tokens)
    verb = attention.token_index(VERB)
    with style():
        for k, line in enumerate(ax.get_lines()):  # line k is column k: key k
            if k == verb:
                label = _("key {k}: {token} (its column)").format(k=k, token=VERB)
                line.set(color="#d7301f", lw=2.2, zorder=3, label=label)
            else:
                line.set(color="#bdbdbd", lw=1, zorder=1)
        ax.get_lines()[0 if verb else 1].set_label(_("every other key"))
        ax.legend(loc="upper right", fontsize=8)
        ax.set_title(
            _(
                "plt.plot(matrix): {n} lines, one per key (column); recoloured, {token} in red;\n"
                "x is the query position, labelled with {labels} pieces of tokenize()"
            ).format(n=n, token=VERB, labels=len(labels)),
            color="#d7301f",
            fontsize=10,
        )
        ax.set_ylabel(_("attention weight"))
        fig.tight_layout()
    return fig


if __name__ == "__main__":
    figure_article_lines()

# %%
# Take the point at the tick 食べ (x = 6). It does not say that 食べ is attended:
# it is *row* 6, where the query 食べ looks, and each line's value there is how
# much 食べ gives to that line's key. And since the model is causal, at x = 6
# only seven lines (keys 0 to 6) can be above zero. The weights on the verb
# are a single line, column 6. In the article's plot nothing told the
# reader which one: matplotlib has 10 default colours for 20 lines, so every
# colour was used twice. Here that line is red and the others grey.
#
# Where 食べ looks: its row
# -------------------------
# :func:`attn_teach.attention_from` plots one row against the key tokens, and greys
# out the keys the query cannot see (those after it):

verb = attention.token_index(VERB)
row = matrix[verb]  # (key,) where 食べ looks
print(_("{word} is token {index}; its row sums to {total:.3f}").format(word=VERB, index=verb, total=row.sum()))
for k in range(verb + 1):
    print(f"  {VERB} -> {k:2d} {ljust(attention.tokens[k], 8)} {row[k]:.3f}")  # padded by display width


@figure
def figure_verb_row(model: str = MODEL):
    """Row 6: how much the verb 食べ attends to each token (only earlier ones are visible)."""
    return attention_from(extract(TEXT, model), VERB)


if __name__ == "__main__":
    figure_verb_row()

# %%
# Who looks at 食べ: its column
# -----------------------------
# The article's question, "does 食べる get attention?", is about the column: the
# weight every query gives to key 6. In a causal model, queries 0 to 5 come before
# 食べ and cannot see it at all; their zero says nothing about the verb. Only
# queries from 食べ onwards could attend to it, and each spreads its attention
# over a different number of visible tokens (query ``q`` over ``q + 1`` keys). The
# dotted line marks ``1 / (q + 1)``: what 食べ would get if that query spread its
# attention evenly. Bars above it mean "more than an even share".


# The column of 食べ holds the numbers; :func:`attn_teach.attention_to` draws them.


def verb_column(model: str = MODEL) -> np.ndarray:
    """What each query gives to 食べ: its column in the last layer's head mean, ``(query,)``."""
    attention = extract(TEXT, model)
    return attention.head_mean(-1)[:, attention.token_index(VERB)]  # (query,)


column = verb_column()
for q in range(verb, len(column)):
    even = _("(even share {share:.3f})").format(share=1 / (q + 1))
    print(f"  {q:2d} {ljust(attention.tokens[q], 8)} -> {VERB} {column[q]:.3f}   {even}")


@figure
def figure_verb_column(model: str = MODEL):
    """Column 6: how much each query gives to 食べ; queries before it cannot see it."""
    attention = extract(TEXT, model)
    return attention_to(
        attention,
        VERB,
        title=_("Who looks at {token!r}: its column in layer {layer}, mean of heads").format(
            token=VERB, layer=attention.layer_number(-1)
        ),
    )


if __name__ == "__main__":
    figure_verb_column()

# %%
# Reading the two figures together answers what the line plot could not. The row
# says where the verb takes its context from; the column says which later tokens
# draw on the verb, and by how much compared with an even share. Remember the
# limits from lesson 4: this is one layer, averaged over heads, of a model
# trained on a toy corpus; with ``attn-teach reproduce --models article`` the
# same figures show rinna's model. Lesson 10 showed the same row layer by layer.
#
# References
# ----------
# * :func:`attn_teach.attention_from`, :meth:`attn_teach.Attention.token_index`,
#   :func:`attn_teach.views.style.set_token_ticks`
# * :func:`matplotlib.pyplot.plot` (a 2D ``y`` draws one line per column),
#   :meth:`matplotlib.axes.Axes.axvspan`, :meth:`matplotlib.axes.Axes.step`
#
# Next: :ref:`sphx_glr_auto_lessons_plot_12_head_grid.py`

# %%
# Practice: write this stage yourself, ``attn-teach practice check 11`` (see :doc:`/practice`).
