"""
01. Extracting attention
========================

**Article stage 1** (:ref:`article-stage-1`, 「Attentionの取り出し」). The article
loaded BERT with ``output_attentions=True``, tokenized "I love natural language
processing!", ran the model and took ``outputs.attentions``. On loading, a warning
appeared that the author did not understand and skipped. This lesson runs the
same steps with today's transformers, explains the warning, and shows a trap the
article did not have: with today's default attention the weights come back empty.
"""

# %%
# Tokenizing
# ----------
# A tokenizer turns text into the ids the model reads. ``bert-base-uncased`` (and
# the embedded ``tiny-bert-en``) lower-case the text, split it into WordPiece
# pieces, and add ``[CLS]`` at the start and ``[SEP]`` at the end. The article
# called ``tokenizer.encode_plus(...)``; that method was removed in transformers 5,
# and calling the tokenizer itself does the same:

import torch
from transformers import BertModel, BertTokenizer

from attn_teach import embedded_model_path, extract
from attn_teach.views import layers

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
# a "LOAD REPORT" table as ``UNEXPECTED``; older versions printed "Some weights of
# the model checkpoint ... were not used". For attention this is harmless: the
# heads sit *after* the attention layers and are not needed to compute them.
# ``output_loading_info=True`` returns the same list as data:

model, info = BertModel.from_pretrained(folder, output_loading_info=True)
print("unused weights:", sorted(info["unexpected_keys"]))
print("missing weights:", sorted(info["missing_keys"]))

# %%
# The trap: SDPA returns no attention
# -----------------------------------
# Since transformers 5 the default attention implementation is ``sdpa``
# (PyTorch's fused ``scaled_dot_product_attention``). It is fast because it never
# stores the attention matrix, so it has nothing to return. The article escaped
# this by luck: it passed ``output_attentions=True`` to ``from_pretrained``, which
# today also switches to eager attention. A model loaded without that flag, as
# above, and asked for the weights only when it is called, logs a warning and
# gives an empty tuple, and ``outputs.attentions[-1]`` fails with ``IndexError``:

print("implementation:", model.config._attn_implementation)
with torch.inference_mode():
    outputs = model(**inputs, output_attentions=True)
print("attentions:", outputs.attentions)
try:
    outputs.attentions[-1]
except IndexError as error:
    print("IndexError:", error)

# %%
# The fix is to ask for the ``eager`` implementation, which computes the softmax
# matrix explicitly. ``from_pretrained(folder, output_attentions=True)`` chooses
# it by itself; ``attn_implementation="eager"`` says so directly:

model = BertModel.from_pretrained(folder, attn_implementation="eager")
with torch.inference_mode():
    outputs = model(**inputs, output_attentions=True)
print("implementation:", model.config._attn_implementation)

# %%
# What comes out
# --------------
# ``outputs.attentions`` is a tuple with one tensor per layer. Each tensor has the
# shape ``(batch, head, query, key)``: one sentence, 4 heads (12 in bert-base),
# and a square matrix over the 9 tokens.

print(type(outputs.attentions).__name__, len(outputs.attentions))
for i, a in enumerate(outputs.attentions):
    print(f"attentions[{i}]", tuple(a.shape))

# %%
# The steps of this lesson as one function. It is also the reference solution of
# practice stage 1 (``attn-teach practice check 1`` compares yours with it).


def get_attentions(folder, text):
    """Load BERT from ``folder`` with eager attention, run ``text``, return ``outputs.attentions``."""
    tokenizer = BertTokenizer.from_pretrained(folder)
    model = BertModel.from_pretrained(folder, attn_implementation="eager")
    inputs = tokenizer(text, return_tensors="pt")
    with torch.inference_mode():
        outputs = model(**inputs, output_attentions=True)
    return outputs.attentions


assert len(get_attentions(folder, TEXT)) == len(outputs.attentions)

# %%
# :func:`attn_teach.extract` does all of the above (eager attention, tokenizing,
# no gradients) and returns an :class:`attn_teach.Attention` with the axes named
# ``(layer, head, query, key)``, the batch axis dropped. The figure shows each
# layer's matrix averaged over its heads: the tuple, drawn.

attention = extract(TEXT, MODEL)
print(attention)
print(attention.weights.shape)


def figure_layers(model: str = MODEL):
    """One panel per entry of ``outputs.attentions``: each layer, mean over heads."""
    return layers(extract(TEXT, model))


if __name__ == "__main__":
    figure_layers()

# %%
# Each panel is one element of the tuple. Lower layers tend to look at
# neighbouring tokens; upper layers mix more widely. Lesson 2 looks at the
# numbers inside one of them.
#
# References
# ----------
# * :func:`attn_teach.extract`, :class:`attn_teach.Attention`, :func:`attn_teach.views.layers`
# * ``transformers.PreTrainedModel.from_pretrained`` (``attn_implementation``, ``output_loading_info``)
#
# Next: :ref:`sphx_glr_auto_lessons_plot_02_tensor.py`

FIGURES = [figure_layers]

# %%
# Practice: write this stage yourself, ``attn-teach practice check 1`` (see :doc:`/practice`).
