"""
07. A Japanese model
====================

**Article stage 7** (:ref:`article-stage-7`, 「日本語で挑戦してみる」). After BERT,
the article switched to ``rinna/japanese-gpt2-medium``, a Japanese GPT-2, and the
sentence 「今日はカレーライスを食べました。明日はラーメンを食べようと思います。」
("Today I ate curry and rice. Tomorrow I intend to eat ramen."; 食べよう is the
volitional form of 食べる, "to eat"). Two things change with that switch, and both show up in every figure that follows:
the tokenizer is a SentencePiece model with its own conventions, and GPT-2 is a
*causal* model, whose attention can only look backwards.

Goal: after this lesson you can read the Japanese model's tokens, the ``▁`` marker
included, and recognise the causal mask in its attention.
"""

# %%
# Loading it as the article did
# -----------------------------
# The article loaded the tokenizer with ``AutoTokenizer`` (``padding_side="left"``)
# and the model with ``AutoModelForCausalLM`` and ``output_attentions=True``. That
# code still works. With today's transformers, ``output_attentions=True`` given to
# ``from_pretrained`` also switches the model to *eager* attention, the
# implementation that actually computes the weight matrices (lesson 1), so
# ``outputs.attentions`` is filled.
#
# The kit ships a tiny stand-in, ``tiny-gpt2-ja``: the same architecture (GPT-2),
# the same kind of tokenizer, loaded by the same ``from_pretrained`` calls from a
# folder. With a network, put ``"rinna/japanese-gpt2-medium"`` in place of the folder.

import numpy as np
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from attn_teach import embedded_model_path, extract, heatmap
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure
from attn_teach.logged import transformers_messages

MODEL = "tiny-gpt2-ja"
TEXT = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"


def plain_transformers(folder):
    """The article's code for this stage: tokenizer, model, the ids fed and the model's outputs."""
    tokenizer = AutoTokenizer.from_pretrained(folder, padding_side="left")
    model = AutoModelForCausalLM.from_pretrained(folder, output_attentions=True)
    input_ids = tokenizer.encode(TEXT, return_tensors="pt")  # (batch=1, tokens)
    with torch.inference_mode():
        outputs = model(input_ids)
    return tokenizer, model, input_ids, outputs


folder = embedded_model_path(MODEL)  # with a network: "rinna/japanese-gpt2-medium"
with transformers_messages() as messages:  # what transformers logs while loading, printed below
    tokenizer, model, input_ids, outputs = plain_transformers(folder)
print(type(tokenizer).__name__, "|", model.config.model_type, "|", model.config._attn_implementation)
attention = torch.mean(outputs.attentions[-1], dim=1)[0].numpy()  # (query, key), last layer
print(
    _("{layers} layers; layer {layer}: {shape}").format(
        layers=len(outputs.attentions), layer=len(outputs.attentions) - 1, shape=tuple(outputs.attentions[-1].shape)
    )
)

# %%
# While loading, transformers logs a notice to the terminal's error stream, which
# this page would not show; the lesson caught it and prints it here:

print("\n".join(messages))

# %%
# ``output_attentions`` is checked against the model's settings for text
# generation too, where it is not one of the flags ``generate()`` knows. It did
# its job as a model setting (eager attention, one weight tensor per layer), so
# the notice can be ignored here (:ref:`troubleshooting-generation-flag`).
#
# ``padding_side="left"`` only matters for a *batch* of texts of different
# lengths: the shorter ones are padded, and a model that writes a continuation
# must have its padding on the left so that every text ends where generation
# starts. For one sentence nothing is padded, and the setting changes nothing here.
#
# The tokenizer: SentencePiece, ``▁`` and ``</s>``
# ------------------------------------------------
# rinna's model uses a ``T5Tokenizer`` (a SentencePiece model), which needs the
# packages ``sentencepiece`` and ``protobuf``; a misleading ``tiktoken`` error
# means ``protobuf`` is missing (see :ref:`troubleshooting-protobuf`).
#
# Now the pieces. ``tokenize`` gives the pieces of the text; ``encode`` gives the
# ids actually fed to the model, and they are one longer:

pieces = tokenizer.tokenize(TEXT)
fed = tokenizer.convert_ids_to_tokens(input_ids[0])
print(len(pieces), pieces)
print(len(fed), fed)

# %%
# * ``▁`` (U+2581, "lower one eighth block") is SentencePiece's mark for "a word
#   starts here": it stands for the space before a word. SentencePiece puts a
#   space in front of every text, so the first piece carries the mark; here the
#   vocabulary has ``今日`` but not ``▁今日``, so the mark stands alone as a token
#   of its own. Japanese has no spaces, so it appears once, at the start.
# * ``encode()`` (and ``tokenizer(text)``) append ``</s>``, the end-of-text
#   token: 19 pieces, 20 ids. The attention matrix is 20 x 20. Any label list
#   taken from ``tokenize()`` is one short; lesson 9 shows what that does to the
#   article's figure.
#
# Causal attention: no looking ahead
# ----------------------------------
# BERT reads the whole sentence at once: every token can attend to every other.
# GPT-2 is trained to predict the next token, so a token must not see the tokens
# after it. The model enforces that with a :term:`causal mask`: before the softmax, every score
# of a key *after* the query gets a very large negative number added. transformers
# uses the most negative number the dtype can hold, ``torch.finfo(dtype).min``,
# rather than minus infinity (lesson 00a shows the step). Its exponential is
# exactly 0 in float32, so the weight comes out as exactly 0. Row ``q`` of the matrix
# spreads its attention over keys ``0..q`` only, and everything above the
# diagonal is zero:

print("torch.finfo(torch.float32).min =", torch.finfo(torch.float32).min)
above = np.triu(attention, k=1)  # keys after the query
print(_("largest weight above the diagonal: {weight}").format(weight=above.max()))
print(_("row sums: {sums}").format(sums=np.round(attention.sum(axis=1), 4)))
print(_("first row (the ▁ token sees only itself): {row}").format(row=np.round(attention[0, :3], 3)))

# %%
# Two consequences for reading the figures. The first token can only attend to
# itself, so its row is always ``[1, 0, 0, ...]``. And early tokens are visible
# to many queries, late ones to few, so "how much attention a token receives"
# favours the start of the sentence by construction (lesson 11).
#
# The library does the same
# -------------------------
# :func:`attn_teach.extract` loads the model the same way (eager attention,
# ``causal`` read from the architecture) and returns every layer; the last
# layer's head mean is the matrix computed above.

result = extract(TEXT, MODEL)
print(result)

# %%
# The steps above as one function, the reference solution of practice stage 7:


def tokens_and_matrix(folder, text):
    """The tokens rinna's GPT-2 read (``</s>`` included) and its last layer's head mean (query, key)."""
    tokenizer = AutoTokenizer.from_pretrained(folder, padding_side="left")
    model = AutoModelForCausalLM.from_pretrained(folder, attn_implementation="eager")
    input_ids = tokenizer.encode(text, return_tensors="pt")
    with torch.inference_mode():
        outputs = model(input_ids, output_attentions=True)
    return tokenizer.convert_ids_to_tokens(input_ids[0]), torch.mean(outputs.attentions[-1], dim=1)[0].numpy()


assert tokens_and_matrix(folder, TEXT)[0] == fed
assert result.tokens == fed and result.causal
assert np.allclose(result.head_mean(-1), attention, atol=1e-6)

# %%
# :func:`attn_teach.heatmap` knows that the model is causal: it draws the cells
# above the diagonal in grey, as "not visible", instead of the colour of a zero
# weight, which would look like the query deliberately ignored those tokens.


@figure
def figure_causal_heatmap(model: str = MODEL):
    """Last layer, mean over heads, of the Japanese sentence; the future (upper triangle) masked."""
    return heatmap(extract(TEXT, model), layer=-1)


if __name__ == "__main__":
    figure_causal_heatmap()

# %%
# Read it by rows, as in lesson 4: row ``食べ`` is where the verb looks, and it
# can only look left. Here the labels are Japanese and render properly because
# the kit's views carry their own fonts; the article's labels came out garbled.
# That is the next lesson.
#
# The model here is the embedded ``tiny-gpt2-ja``, trained on a small generated
# corpus; with ``attn-teach reproduce --models article`` the same code draws
# ``rinna/japanese-gpt2-medium`` (24 layers, 16 heads).
#
# References
# ----------
# * :func:`attn_teach.extract`, :func:`attn_teach.heatmap`, :func:`attn_teach.embedded_model_path`
# * ``transformers.AutoTokenizer.from_pretrained``, ``transformers.AutoModelForCausalLM.from_pretrained``
# * Kudo & Richardson (2018), "SentencePiece: A simple and language independent subword tokenizer"
# * Radford et al. (2019), "Language Models are Unsupervised Multitask Learners" (GPT-2)
#
# Next: :ref:`sphx_glr_auto_lessons_plot_08_japanese_font.py`

# %%
# Practice: write this stage yourself, ``attn-teach practice check 7`` (see :doc:`/practice`).
