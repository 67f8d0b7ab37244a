"""
15. From pieces to words
========================

**Beyond the article.** The model reads sub-word *pieces*, not words: the
WordPiece tokenizer of the kit's ``tiny-bert-en`` splits "processing" into
``process`` and ``##ing`` (``bert-base-uncased``, with a vocabulary of 30,522
pieces, keeps it whole, but splits rarer words the same way), and rinna's
SentencePiece tokenizer starts the Japanese text with a bare ``▁``. The article's
conclusions are about words ("attention goes to 食べる"), so this lesson turns a
piece-by-piece matrix into a word-by-word one with
:meth:`attn_teach.Attention.words`, checks it by hand, and looks at what it can
and cannot do for Japanese.

Goal: after this lesson you can turn piece-by-piece attention into word-by-word
attention and say where that goes wrong for Japanese.
"""

# %%
# Two rules, one per axis
# -----------------------
# A word made of several pieces owns several columns and several rows:
#
# * attention **to** the word is the **sum** of its columns. A query that gives
#   0.2 to ``process`` and 0.1 to ``##ing`` gives 0.3 to "processing";
# * attention **from** the word is the **mean** of its rows. Each row is a
#   distribution summing to 1; their mean is one too, where a sum would give 2.
#
# So the merged rows still sum to 1. This is the convention of Clark et al.
# (2019, section 4), who analysed BERT's attention word by word. By hand, on the last layer
# (mean of heads), for the word "processing":

import matplotlib.pyplot as plt
import numpy as np

from attn_teach import extract, heatmap, received_plot
from attn_teach.i18n import gettext as _
from attn_teach.i18n import join_list, quote
from attn_teach.lesson import figure
from attn_teach.reduce import received
from attn_teach.text import ljust
from attn_teach.views.style import style

MODEL = "tiny-bert-en"
TEXT = "I love natural language processing!"
TEXT_JA = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"

pieces = extract(TEXT, MODEL)
print(pieces.tokens)
m = pieces.head_mean(-1)  # (query, key), pieces
i, j = pieces.tokens.index("process"), pieces.tokens.index("##ing")
to_word = m[:, i] + m[:, j]  # column of "processing", one entry per query piece
from_word = (m[i] + m[j]) / 2  # row of "processing", one entry per key piece

words = pieces.words()
print(words.tokens)
w = words.head_mean(-1)  # (query, key), words
k = words.tokens.index("processing")
p_love, w_love = pieces.tokens.index("love"), words.tokens.index("love")  # position as a piece, as a word


def merge_lines() -> list[str]:
    """The merge for ``love``, spelled out with 5 decimals: enough that the parts add up as printed."""
    love, processing = quote("love"), quote("processing")
    line = _("{source} -> {target}: {sum}; words() gives {value}")  # one message: Japanese writes ：
    return [
        line.format(
            source=love,
            target=processing,
            sum=f"{m[p_love, i]:.5f} + {m[p_love, j]:.5f} = {to_word[p_love]:.5f}",
            value=f"{w[w_love, k]:.5f}",
        ),
        line.format(
            source=processing,
            target=love,
            sum=f"({m[i, p_love]:.5f} + {m[j, p_love]:.5f}) / 2 = {from_word[p_love]:.5f}",
            value=f"{w[k, w_love]:.5f}",
        ),
    ]


print("\n".join(merge_lines()))
print(_("rows of the word matrix sum to {sums}").format(sums=np.round(w.sum(axis=-1), 6)))

# %%
# ``words()`` merges every layer and every head the same way (the head mean of
# the merged weights is the merged head mean, since both are averages and sums).
# Special tokens stay words of their own.


@figure
def figure_words(model: str = MODEL):
    """The last layer, piece by piece and word by word, on one colour scale."""
    a = extract(TEXT, model)
    b = a.words()
    top = float(max(a.head_mean(-1).max(), b.head_mean(-1).max()))
    with style():
        fig, axes = plt.subplots(1, 2, figsize=(11.0, 5.0), layout="constrained")
        heatmap(a, ax=axes[0], vmax=top, colorbar=False, title=_("{count} pieces").format(count=len(a)))
        heatmap(b, ax=axes[1], vmax=top, colorbar=False, title=_("{count} words").format(count=len(b)))
        fig.colorbar(axes[0].images[0], ax=axes, shrink=0.8, label=_("attention weight (right: merged word by word)"))
        fig.suptitle(
            _("{model}, layer {layer}, mean of heads: pieces merged into words").format(
                model=a.model_name, layer=a.layer_number(-1)
            )
        )
    return fig


if __name__ == "__main__":
    figure_words()

# %%
# The "processing" column on the right is the two columns on the left added,
# which is why it is darker: a word split in two would otherwise look as if it
# got half the attention of a word kept whole. Comparing words of different
# lengths piece by piece is comparing unlike things.
#
# Japanese: what a "word" can mean
# --------------------------------
# SentencePiece writes ``▁`` where the original text had a space (or its start),
# and a piece without it continues the previous one. Japanese is written without
# spaces, so the marker appears only at the start: here as a piece of its own,
# ``▁``, followed by ``今日``. ``words()`` joins those two. The other pieces stay
# as they are: 食べ + ました and 食べ + よう are not joined, because nothing in
# the pieces says where a Japanese word ends. That takes a morphological analyser
# (MeCab, Sudachi), which splits by dictionary and grammar, not by a marker.
#
# The article's "食べる" is the dictionary form of the verb; the model never saw
# it. It saw the stem ``食べ`` twice, once before ``ました`` (ate) and once before
# ``よう`` (will eat).

ja = extract(TEXT_JA, "tiny-gpt2-ja")
ja_words = ja.words()
print(_("{count} pieces: {tokens}").format(count=len(ja.tokens), tokens=" ".join(ja.tokens)))
print(_("{count} words:  {tokens}").format(count=len(ja_words.tokens), tokens=" ".join(ja_words.tokens)))
above = float(np.triu(ja_words.head_mean(-1), k=1).max())  # largest weight above the diagonal
print(_("causal: {causal}; above the diagonal: {above}").format(causal=ja_words.causal, above=above))


@figure
def figure_words_ja(model: str = "tiny-gpt2-ja"):
    """The Japanese model's last layer, word by word; the future stays masked."""
    words = extract(TEXT_JA, model).words()
    return heatmap(
        words,
        title=_("{model}, layer {layer}, mean of heads, word by word").format(
            model=words.model_name, layer=words.layer_number(-1)
        ),
    )


if __name__ == "__main__":
    figure_words_ja()

# %%
# Merging keeps a causal matrix causal: a word's pieces are consecutive, so a
# word never sees a later word. The grey triangle is the same as for pieces.
#
# Does attention go to 食べ?
# --------------------------
# Lesson 6's bars (:func:`attn_teach.received_plot`) answer "which tokens receive
# attention" from the columns; on the words, ``▁`` and ``今日`` count as one:


def uniform_received(n: int) -> np.ndarray:
    """Column means of causal attention spread evenly over the visible keys: ``(key,)``.

    Query ``q`` gives ``1 / (q + 1)`` to each of keys ``0..q``, so key ``k`` receives
    ``sum(1 / (q + 1) for q >= k) / n``: more for early keys, by construction.
    """
    even = np.tril(np.ones((n, n))) / np.arange(1, n + 1)[:, None]  # (query, key), rows sum to 1
    return received(even)


@figure
def figure_received_ja(model: str = "tiny-gpt2-ja"):
    """Attention received by each word in the Japanese model's last layer (column means),
    with what even attention over the visible keys would give."""
    words = extract(TEXT_JA, model).words()
    fig = received_plot(
        words,
        title=_("Attention received per word ({model}, layer {layer})").format(
            model=words.model_name, layer=words.layer_number(-1)
        ),
    )
    n = len(words.tokens)
    with style():
        ax = fig.axes[0]
        ax.step(
            np.arange(n),
            uniform_received(n),
            where="mid",
            color="#d7301f",
            ls=":",
            lw=1.5,
            zorder=3,
            label=_("even share (mean over the queries)"),
        )
        ax.legend(loc="upper right", fontsize=8)
    return fig


if __name__ == "__main__":
    figure_received_ja()

shares = ja_words.head_mean(-1).mean(axis=0)  # column means: what the bars show
for index in np.argsort(shares)[::-1][:4]:
    print(f"{ljust(ja_words.tokens[index], 8)} {shares[index]:.3f}")  # padded by display width
eats = [f"{shares[i]:.3f}" for i, t in enumerate(ja_words.tokens) if t == "食べ"]
print(_("{word}: {values}").format(word="食べ", values=join_list(eats)))

# %%
# In the tiny model, neither 食べ receives much; the words near the start of
# the text receive most. The dotted line is what each word would receive if
# every word spread its attention evenly over the words it can see (as lesson 11
# drew for one column): early words get more even then, so compare each bar with
# the line above it, not with the other bars. Two cautions before reading the bars of any model as
# "what the sentence is about". In a
# causal model the first words can be seen by every later word and the last
# words by few, so early words receive more by construction (lesson 14 measured
# how much). And as lesson 13 showed, the last layer's columns are mixtures of
# the words, not the words themselves. The article's impression about 食べる
# needs the heads (lesson 12), the rollout (lesson 13) and the real model
# (``--models article``) before it becomes a finding.
#
# References
# ----------
# * :meth:`attn_teach.Attention.words`, :func:`attn_teach.reduce.merge_words`,
#   :func:`attn_teach.reduce.word_groups`, :func:`attn_teach.received_plot`
# * Clark, Khandelwal, Levy, Manning (2019), "What Does BERT Look At? An Analysis of BERT's Attention"
#   (word-level attention: sum over the pieces of the key word, mean over the pieces of the query word).
# * Kudo & Richardson (2018), "SentencePiece: A simple and language independent subword tokenizer".

# %%
# The same, to explore
# --------------------
# :func:`attn_teach.interactive` puts this attention into one HTML page that works
# offline: point at a token to see where it looks (its row) and who looks at it (its
# column). The page starts with *words* ticked (as :meth:`~attn_teach.Attention.words`);
# the SentencePiece marker ``▁`` stays visible when it is unticked.
# In a notebook, showing an :class:`~attn_teach.Attention` does the same; from the
# command line: ``attn-teach plot TEXT --view interactive -o view.html``.

from attn_teach import interactive

interactive(ja, words=True, fallback=False)

# %%
# Next: :ref:`sphx_glr_auto_lessons_plot_16_norms.py`
