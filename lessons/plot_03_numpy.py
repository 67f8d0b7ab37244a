"""
03. From tensor to NumPy
========================

**Article stage 3** (:ref:`article-stage-3`, 「Attentionの可視化」). The article's
first heatmap attempt stopped with an error: matplotlib needs a :term:`NumPy array` and
the attention tensor refused to become one. The article showed the error as a
screenshot, and its text is lost. This lesson reproduces what was most likely
that error: this error message has been the same in PyTorch for years (it is
quoted word for word in bug reports from 2020 to 2023), and
``outputs.attentions`` computed outside ``torch.no_grad()`` has always required
gradients, even though ``from_pretrained`` returns the model in evaluation mode.
Then it explains what ``requires_grad`` is and fixes it two ways.

Goal: after this lesson you can turn the attention tensor into a NumPy array and
explain why the direct conversion fails.
"""

# %%
# The error
# ---------
# A model loaded with ``from_pretrained`` has trainable parameters, and PyTorch
# records every operation on them so that it can compute gradients later. The
# attention weights are the result of such operations, so they carry
# ``requires_grad=True``; NumPy has no place for that history, and ``.numpy()``
# refuses. Evaluation mode does not prevent this: ``from_pretrained`` has already
# called ``model.eval()`` (printed below as ``training: False``), which switches
# off dropout, a training-only behaviour of some layers; it does not tell
# PyTorch to stop recording operations for gradients.

import matplotlib.pyplot as plt
import numpy as np
import torch

from attn_teach import extract, load_model
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure
from attn_teach.views.style import style

MODEL = "tiny-bert-en"
TEXT = "I love natural language processing!"

# lesson 1 loaded the model with plain from_pretrained; load_model does the same
# (eager attention) without repeating the load report
loaded = load_model(MODEL)
tokenizer, network = loaded.tokenizer, loaded.network  # the torch module
inputs = tokenizer(TEXT, return_tensors="pt")

outputs = network(**inputs, output_attentions=True)
attention = torch.mean(outputs.attentions[-1], dim=1)[0]
print("training:", network.training, "| requires_grad:", attention.requires_grad)
try:
    attention.numpy()
except RuntimeError as error:
    print("RuntimeError:", error)

# %%
# Fix 1: ``detach()``
# -------------------
# ``detach()`` returns the same numbers without the history, and that converts.
# This is what the article ended up with:


def to_numpy(outputs):
    """Last layer, mean over heads, first sentence, as NumPy: the article's fix (practice stage 3)."""
    return torch.mean(outputs.attentions[-1], dim=1)[0].detach().numpy()


fixed = to_numpy(outputs)
print(type(fixed).__name__, fixed.shape, fixed.dtype)

# %%
# Fix 2: do not record in the first place
# ---------------------------------------
# When no gradients are wanted, which is always the case when only looking,
# ``torch.inference_mode()`` switches the recording off. Nothing computed inside
# requires grad, and it is faster and uses less memory too:

with torch.inference_mode():
    outputs = network(**inputs, output_attentions=True)
attention = torch.mean(outputs.attentions[-1], dim=1)[0]
print("requires_grad:", attention.requires_grad)
matrix = attention.numpy()
assert np.allclose(matrix, fixed, atol=1e-6)

# %%
# :func:`attn_teach.extract` runs the model under ``inference_mode`` and converts
# to NumPy once (``float32``, on the CPU), so code after it never meets a tensor.
# Here is the first picture the fixed matrix gives with matplotlib alone:


@figure
def figure_first_image(model: str = MODEL):
    """The matrix as a bare image, as ``plt.imshow(matrix)`` draws it (matplotlib's default colormap, no
    colour bar): the first picture, with nothing to say which row is which."""
    matrix = extract(TEXT, model).head_mean(-1)  # (query, key)
    with style():
        fig, ax = plt.subplots(figsize=(4.6, 4), layout="constrained")
        ax.imshow(matrix)  # what the title says, with imshow's defaults
        ax.set_title(_("plt.imshow(matrix): which row is which?"))
    return fig


if __name__ == "__main__":
    figure_first_image()

# %%
# The picture is right but says little: the axes count positions, not tokens.
# Lesson 4 adds the token labels and the article's colour map (``YlGnBu``) with a colour bar.
#
# References
# ----------
# * :meth:`torch.Tensor.detach`, :class:`torch.inference_mode`, :meth:`torch.Tensor.numpy`
# * :func:`attn_teach.extract`
#
# Next: :ref:`sphx_glr_auto_lessons_plot_04_heatmap.py`

# %%
# Practice: write this stage yourself, ``attn-teach practice check 3`` (see :doc:`/practice`).
