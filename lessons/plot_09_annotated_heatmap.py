"""
09. The annotated heatmap
=========================

**Article stage 9** (:ref:`article-stage-9`, 「日本語で挑戦してみる」). For the Japanese
sentence the article drew its heatmap with matplotlib's ``imshow`` instead of
seaborn: a 10 x 10 inch figure, the value of every cell written in it
(``"{:.2f}"``, white), tick labels from ``tokenizer.tokenize(input_text)``, x labels
turned 45 degrees. Its reading: attention seems to go to the verb 食べる. This
lesson redraws that figure, finds the row and column it leaves unlabelled, and
makes the numbers readable.

Goal: after this lesson you can draw an annotated heatmap with every row and column
labelled and every number readable.
"""

# %%
# Labels and rows: 19 against 20
# ------------------------------
# The article took its labels from ``tokenize()`` but fed the model the ids from
# ``encode()``, which appends ``</s>`` (lesson 7). The matrix therefore has one
# row and one column more than there are labels:

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from attn_teach import extract, heatmap, load_model
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure
from attn_teach.views.style import style

MODEL = "tiny-gpt2-ja"
TEXT = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"

attention = extract(TEXT, MODEL)
matrix = attention.head_mean(-1)  # (query, key), the article's torch.mean(attentions[-1], dim=1)[0]
pieces = load_model(MODEL).tokenizer.tokenize(TEXT)  # the article's labels
print(_("matrix: {shape}; labels from tokenize(): {count}").format(shape=matrix.shape, count=len(pieces)))
print(_("tokens of the ids fed: {fed}; tokenize(): {pieces}").format(fed=attention.tokens[-3:], pieces=pieces[-3:]))

# %%
# The article's loops run over ``range(len(tokenizer.tokenize(input_text)))``, so they
# write numbers into the first 19 rows and columns only, and the ticks stop at
# 19. Because ``</s>`` comes *last*, the 19 labels still sit on the right rows;
# the damage is a last row and column with no name and no numbers, which is
# easy to overlook. (With BERT, lesson 6, the extra token ``[CLS]`` comes
# *first*, and every label lands one position off.)
#
# Here is the article's code, unchanged but for being wrapped in a function that
# draws inside the kit's :func:`~attn_teach.views.style.style` (for the fonts,
# lesson 8). The figure function then outlines what it left out in red.


def draw_annotated_heatmap(matrix: np.ndarray, tokens: list[str]):
    """The article's annotated heatmap, line for line, with ``tokens`` as labels.

    Given the tokens the model read, it is also the reference solution of practice stage 9.
    """
    with style():
        fig, ax = plt.subplots(figsize=(10, 10), dpi=100)
        ax.imshow(matrix)
        ax.set_xticks(range(len(tokens)))
        ax.set_yticks(range(len(tokens)))
        ax.set_xticklabels(tokens)
        ax.set_yticklabels(tokens)
        plt.setp(ax.get_xticklabels(), rotation=45, ha="right", rotation_mode="anchor")
        for i in range(len(tokens)):
            for j in range(len(tokens)):
                ax.text(j, i, "{:.2f}".format(matrix[i, j]), ha="center", va="center", color="w")  # noqa: UP032
    return fig


def article_heatmap(matrix: np.ndarray, labels: list[str]):
    """The article's figure, its labels from ``tokenize()``. Returns the figure and its axes."""
    fig = draw_annotated_heatmap(matrix, labels)
    return fig, fig.axes[0]


@figure
def figure_article(model: str = MODEL):
    """The article's figure: labels from tokenize(), the </s> row and column outlined in red."""
    attention = extract(TEXT, model)
    labels = load_model(model).tokenizer.tokenize(TEXT)
    matrix = attention.head_mean(-1)
    fig, ax = article_heatmap(matrix, labels)
    n, last = len(matrix), len(matrix) - 0.5
    with style():
        for xy, w, h in [((-0.5, n - 1.5), n, 1), ((n - 1.5, -0.5), 1, n)]:  # last row, last column
            ax.add_patch(Rectangle(xy, w, h, fill=False, edgecolor="#d7301f", lw=2.5, ls="--", clip_on=False))
        ax.set_xlim(-0.5, last)
        ax.set_ylim(last, -0.5)
        ax.set_title(
            _(
                "The article's figure: a {n} x {n} matrix, {labels} labels from tokenize().\n"
                "Row and column {last} ({token}, red) have no label and no values."
            ).format(n=n, labels=len(labels), last=n - 1, token=attention.tokens[-1]),
            color="#d7301f",
        )
        fig.tight_layout()
    return fig


if __name__ == "__main__":
    figure_article()

# %%
# Two more things make this figure hard to read:
#
# * every number is white. On viridis, the colormap ``imshow`` uses by default,
#   large weights are yellow, and white on yellow is barely visible: the cells
#   that matter most are the ones whose numbers cannot be read;
# * the upper triangle is filled with ``0.00``. For a causal model those cells are
#   not weights the model chose to make zero, they are positions it cannot see
#   (lesson 7), yet 171 of the 361 numbers written are such zeros.
#
# The fix
# -------
# The labels must come from the ids that were actually fed:
# ``tokenizer.convert_ids_to_tokens(input_ids[0])``. That is what
# :class:`attn_teach.Attention` keeps in ``tokens``: one label per row, always.

labels = attention.tokens
print(_("{labels} labels for {rows} rows").format(labels=len(labels), rows=matrix.shape[0]))

# %%
# With those labels the article's own code, :func:`draw_annotated_heatmap`, draws
# every row and column, ``</s>`` included (practice stage 9 asks for exactly that).

# %%
# :func:`attn_teach.heatmap` with ``annotate=True`` builds on matplotlib's gallery
# example "Creating annotated heatmaps", whose ``annotate_heatmap`` picks one of
# two text colours by comparing each cell's *value* with a threshold (half the
# largest value by default), at a font size the caller chooses. The kit picks
# the text colour from the *luminance of the cell's colour* (dark on light cells,
# light on dark ones), which stays right for any colormap, and shrinks the font
# with the cell. Cells the model cannot see are grey and carry no number.
#
# The corrected figure also changes the colours: it is drawn in ``YlGnBu``, the
# colormap of the article's first heatmap and of lesson 4 (darker means larger),
# not in ``imshow``'s default ``viridis`` (brighter means larger).


@figure
def figure_annotated(model: str = MODEL):
    """The same matrix, labelled from the ids fed, future masked, legible numbers."""
    return heatmap(
        extract(TEXT, model),
        layer=-1,
        annotate=True,
        title=_("Labels from convert_ids_to_tokens: one label per row, </s> included"),
    )


if __name__ == "__main__":
    figure_annotated()

# %%
# Now the reading can be checked cell by cell. In the last row (``</s>``, which
# the article's figure left blank) the weights are visible too. Whether the
# verb 食べ draws attention is a question about its *column*; lesson 11 plots
# exactly that column.
#
# Long texts, where cell numbers no longer fit, are covered in
# :ref:`troubleshooting-long`.
#
# References
# ----------
# * :func:`attn_teach.heatmap`, :func:`attn_teach.views.cells.annotate_cells`,
#   :class:`attn_teach.views.matrix.AnnotationSkipped`
# * :meth:`matplotlib.axes.Axes.imshow`, :meth:`matplotlib.axes.Axes.text`
# * matplotlib gallery, "Creating annotated heatmaps" (``image_annotated_heatmap.py``)
# * ``transformers.PreTrainedTokenizerBase.convert_ids_to_tokens``
#
# Next: :ref:`sphx_glr_auto_lessons_plot_10_3d.py`

# %%
# Practice: write this stage yourself, ``attn-teach practice check 9`` (see :doc:`/practice`).
