"""
01. Extracting attention
========================

**Article stage 1** (:ref:`article-stage-1`, 「Attentionの取り出し」). The article
loaded BERT with ``output_attentions=True``, tokenized "I love natural language
processing!", ran the model and took ``outputs.attentions``. On loading, a warning
appeared that the author did not understand and skipped. This lesson runs the
same steps with today's transformers, explains the warning, and shows a trap the
article did not have: with today's default attention the weights come back empty.

Goal: after this lesson you can get the attention weights out of a model with
today's transformers and tell which loading messages matter.
"""

# %%
# Tokenizing
# ----------
# A tokenizer turns text into the ids the model reads (:term:`tokenization`). ``bert-base-uncased`` (and
# the embedded ``tiny-bert-en``) lower-case the text, split it into WordPiece
# pieces, and add the :term:`special tokens <special token>` ``[CLS]`` at the
# start and ``[SEP]`` at the end. The article
# called ``tokenizer.encode_plus(...)``; that method was removed in transformers 5,
# and calling the tokenizer itself does the same:

import numpy as np
import torch
from transformers import BertModel, BertTokenizer

from attn_teach import embedded_model_path, extract
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure
from attn_teach.logged import transformers_messages
from attn_teach.views import layer_panels

MODEL = "tiny-bert-en"
TEXT = "I love natural language processing!"

folder = embedded_model_path(MODEL)  # with a network: "bert-base-uncased"
tokenizer = BertTokenizer.from_pretrained(folder)
try:
    tokenizer.encode_plus(TEXT, return_tensors="pt")
except AttributeError as error:
    print("AttributeError:", error)

inputs = tokenizer(TEXT, return_tensors="pt")
print(inputs["input_ids"])
print(tokenizer.convert_ids_to_tokens(inputs["input_ids"][0]))

# %%
# The warning on loading
# ----------------------
# The checkpoint was saved from ``BertForPreTraining``: BERT plus the two heads it
# was pre-trained with, a masked-word predictor (``cls.predictions``) and a
# next-sentence classifier (``cls.seq_relationship``). ``BertModel`` is BERT
# without heads, so those weights have nowhere to go. transformers 5 prints them in
# a ``LOAD REPORT`` table as ``UNEXPECTED``; older versions printed "Some weights of
# the model checkpoint ... were not used". For attention this is harmless: the
# heads sit *after* the attention layers and are not needed to compute them.
#
# transformers writes the table to the terminal's error stream, which this page
# would not show; the lesson catches it while loading
# (:func:`attn_teach.logged.transformers_messages`) and prints it, so here it is
# as it appears on your screen. ``output_loading_info=True`` returns the same
# list as data:

with transformers_messages() as messages:
    model, info = BertModel.from_pretrained(folder, output_loading_info=True)
print("\n".join(messages))
print(_("unused weights: {names}").format(names=sorted(info["unexpected_keys"])))
print(_("missing weights: {names}").format(names=sorted(info["missing_keys"])))

# %%
# The trap: SDPA returns no attention
# -----------------------------------
# Today the default attention implementation is ``sdpa`` (PyTorch's
# ``scaled_dot_product_attention``). That function returns only the output, the
# weighted sum of the values, never the weights, so there is nothing to put in
# ``outputs.attentions``. Its fused kernels (flash and memory-efficient
# attention) are fast because they never form the whole attention matrix; its
# plain "math" path, used when no fused kernel fits, does compute the matrix,
# but does not return it either. The history, from transformers' own source:
#
# * In March 2023, when the article was written, BERT had only the explicit
#   ("eager") attention in transformers, so ``outputs.attentions`` was always
#   filled. The article met no trap here.
# * transformers 4.41 (May 2024) added ``sdpa`` for BERT and made it the default
#   where PyTorch supports it. Asking for attentions at call time then fell back to
#   eager attention for that call, with a warning that this fallback would go away
#   in version 5.
# * In transformers 5 the fallback is gone: a model loaded with ``sdpa`` and asked
#   for the weights only when it is called logs a warning and gives an empty
#   tuple, and ``outputs.attentions[-1]`` fails with ``IndexError``.
#
# The article's own code is safe today for another reason: it passed
# ``output_attentions=True`` to ``from_pretrained``, which now selects eager
# attention. The model loaded above without that flag shows the trap. The
# notice transformers logs is caught and printed as above:

print(_("implementation: {name}").format(name=model.config._attn_implementation))
with torch.inference_mode(), transformers_messages() as messages:
    outputs = model(**inputs, output_attentions=True)
print("\n".join(messages))
print("attentions:", outputs.attentions)
try:
    outputs.attentions[-1]
except IndexError as error:
    print("IndexError:", error)

# %%
# The fix is to ask for the ``eager`` implementation, which computes the softmax
# matrix explicitly. ``from_pretrained(folder, output_attentions=True)`` chooses
# it by itself; ``attn_implementation="eager"`` says so directly:

with transformers_messages():  # the same load report again
    model = BertModel.from_pretrained(folder, attn_implementation="eager")
with torch.inference_mode():
    outputs = model(**inputs, output_attentions=True)
print(_("implementation: {name}").format(name=model.config._attn_implementation))

# %%
# What comes out
# --------------
# ``outputs.attentions`` is a tuple with one :term:`tensor` per :term:`layer`. Each tensor has the
# shape ``(batch, head, query, key)``: one sentence, 4 heads (12 in
# ``bert-base-uncased``), and a square matrix over the tokens: 9 with
# ``tiny-bert-en``, whose small vocabulary splits "processing" into
# ``process ##ing``; 8 with ``bert-base-uncased``, which keeps the word whole (the
# article's line plot had a tick labelled "processing").
#
# Layers and heads are counted **from 0**, as Python counts positions:
# ``attentions[0]`` is the first layer and ``tiny-bert-en``'s four layers are
# layers 0 to 3, so "layer 3" in a figure title is the last layer,
# ``attentions[-1]``. The same holds for heads (head 0 to head 3) and tokens.

print(type(outputs.attentions).__name__, len(outputs.attentions))
for i, a in enumerate(outputs.attentions):
    print(f"attentions[{i}]", tuple(a.shape))

# %%
# The steps of this lesson as one function. It is also the reference solution of
# practice stage 1 (``attn-teach practice check 1`` compares yours with it).


def get_attentions(folder, text):
    """Load BERT from ``folder`` with eager attention, run ``text``, return ``outputs.attentions``."""
    tokenizer = BertTokenizer.from_pretrained(folder)
    model = BertModel.from_pretrained(folder, attn_implementation="eager")  # logs the load report
    inputs = tokenizer(text, return_tensors="pt")
    with torch.inference_mode():
        outputs = model(**inputs, output_attentions=True)
    return outputs.attentions


with transformers_messages():  # the same load report again
    assert len(get_attentions(folder, TEXT)) == len(outputs.attentions)

# %%
# :func:`attn_teach.extract` does all of the above (eager attention, tokenizing,
# no gradients) and returns an :class:`attn_teach.Attention` with the axes named
# ``(layer, head, query, key)``, the batch axis dropped. The figure shows each
# layer's matrix averaged over its heads: the tuple, drawn.

attention = extract(TEXT, MODEL)
print(attention)
print(attention.weights.shape)


@figure
def figure_layers(model: str = MODEL):
    """One panel per entry of ``outputs.attentions``: each layer, mean over heads."""
    fig = layer_panels(extract(TEXT, model))
    width, height = fig.get_size_inches()
    fig.set_size_inches(width, height + 0.4)  # room for the rotated key labels ("language")
    return fig


if __name__ == "__main__":
    figure_layers()

# %%
# Each panel is one element of the tuple. Clark et al. (2019, "What Does BERT
# Look At?", section 3 and their Figure 2) found in ``bert-base`` heads that
# attend to the previous or the next token, especially in the early layers;
# attention to ``[CLS]`` in the early layers, to ``[SEP]`` in the middle ones and
# to periods and commas in the last ones; and broad attention in the lower layers.
# The tiny model shows the first habit too: in layer 0, two heads look at a
# neighbour. The mean over heads above blurs them; per head (share of each row's
# weight on the next and on the previous token, averaged over the rows):


def neighbour_shares(model: str = MODEL, layer: int = 0) -> np.ndarray:
    """``(head, 2)``: each head's mean weight on the next token and on the previous token."""
    weights = extract(TEXT, model).weights[layer]  # (head, query, key)
    n = weights.shape[-1]
    nxt = weights[:, np.arange(n - 1), np.arange(1, n)].mean(axis=-1)  # (head,)
    prev = weights[:, np.arange(1, n), np.arange(n - 1)].mean(axis=-1)  # (head,)
    return np.stack([nxt, prev], axis=-1)


for head, (nxt, prev) in enumerate(neighbour_shares()):
    print(
        _("layer 0, head {head}: next token {next:.2f}, previous token {previous:.2f}").format(
            head=head, next=nxt, previous=prev
        )
    )

# %%
# Head 0 gives on average 0.59 of each row to the next token, head 3 gives 0.67
# to the previous one. Lesson 2 looks at the numbers inside one of the panels;
# lesson 12 draws every head of every layer.
#
# References
# ----------
# * :func:`attn_teach.extract`, :class:`attn_teach.Attention`, :func:`attn_teach.views.layer_panels`
# * ``transformers.PreTrainedModel.from_pretrained`` (``attn_implementation``, ``output_loading_info``)
#
# Next: :ref:`sphx_glr_auto_lessons_plot_02_tensor.py`

# %%
# Practice: write this stage yourself, ``attn-teach practice check 1`` (see :doc:`/practice`).
