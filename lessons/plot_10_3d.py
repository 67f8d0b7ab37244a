"""
10. The 3D plot
===============

**Article stage 10** (:ref:`article-stage-10`, 「日本語で挑戦してみる」). The article
also put the Japanese matrix into a 3D scatter plot: key position and query
position on the floor, the weight (times 100) as height, marker size 100,
half-transparent. Its verdict: there was no point in 3D. This lesson redraws
that plot, finds a point in it that is not an attention weight at all, shows why
the heatmap reads better, and then shows the layers side by side, in 2D.

Goal: after this lesson you can say why the 3D plot misleads and compare the layers
in a 2D figure instead.
"""

# %%
# The article's point lists
# -------------------------
# The article built three lists, ``x`` (key), ``y`` (query) and ``z`` (weight),
# with two nested loops over the matrix. The lists did not start empty but as
# ``[0], [0], [0]``:

import matplotlib.pyplot as plt
import numpy as np
from mpl_toolkits.mplot3d import proj3d

from attn_teach import extract, heatmap, scatter3d
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure
from attn_teach.views.build import draw_matrix
from attn_teach.views.style import style
from attn_teach.views.three_d import grid_points, layer_values

MODEL = "tiny-gpt2-ja"
TEXT = "今日はカレーライスを食べました。明日はラーメンを食べようと思います。"
VERB = "食べ"  # 食べる, "to eat": the token the article thought was attended


def article_points(attention: np.ndarray) -> tuple[list, list, list]:
    """The article's loops, unchanged: 1-based positions, weight x 100, lists starting at [0]."""
    x, y, z = [0], [0], [0]
    for i in range(len(attention)):
        for j in range(len(attention[i])):
            x.append(j + 1)
            y.append(i + 1)
            z.append(attention[i][j] * 100)
    return x, y, z


attention = extract(TEXT, MODEL)
matrix = attention.head_mean(-1)  # (query, key)
n = len(matrix)
x, y, z = article_points(matrix)
print(
    _("{n} x {n} matrix = {cells} weights; the article's lists hold {points} points").format(
        n=n, cells=n * n, points=len(x)
    )
)
print(
    _("first point: {first}; second point: {second}").format(
        first=(x[0], y[0], z[0]), second=(x[1], y[1], round(float(z[1]), 1))
    )
)

# %%
# One point too many. The loops write positions from 1 (``j + 1``, ``i + 1``),
# so every real weight sits at ``x >= 1`` and ``y >= 1``; the point at
# ``(0, 0, 0)`` is the lists' starting value, drawn like all the others. It looks
# like a cell with weight 0 at a corner of the matrix, and no such cell exists.
# Other details of the lists: positions are 1-based while the matrix (and every
# label list) is 0-based, and ``z`` is a percentage, not a weight.
#
# The article's plot, drawn by its own code (inside the kit's style, for the
# fonts), with the stray point ringed in red:


def article_scatter(x: list, y: list, z: list):
    """The article's 3D scatter, line for line. Returns the figure and its 3D axes."""
    with style():
        fig = plt.figure()
        ax = fig.add_subplot(111, projection="3d")
        ax.scatter(x, y, z, s=100, alpha=0.5)
    return fig, ax


@figure
def figure_article_3d(model: str = MODEL):
    """The article's 3D scatter, with the spurious point at the origin marked."""
    attention = extract(TEXT, model)
    x, y, z = article_points(attention.head_mean(-1))
    fig, ax = article_scatter(x, y, z)
    with style():
        ax.scatter([0], [0], [0], s=400, facecolors="none", edgecolors="#d7301f", linewidths=2, depthshade=False)
        # the note sits in the empty corner above the points, with an arrow to the circle: text placed
        # in the 3D space is drawn under the points in front of it
        origin = proj3d.proj_transform(0, 0, 0, ax.get_proj())[:2]
        ax.annotate(
            _("(0, 0, 0): not a weight,\nthe lists' starting value"),
            xy=origin,
            xycoords="data",
            xytext=(0.02, 0.9),
            textcoords="axes fraction",
            color="#d7301f",
            fontsize=9,
            arrowprops={"arrowstyle": "->", "color": "#d7301f", "shrinkB": 12},
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.9},
            zorder=10,
        )
        ax.set_xlabel(_("x = key + 1"))
        ax.set_ylabel(_("y = query + 1"))
        ax.set_zlabel(_("z = weight x 100"))
        ax.set_title(
            _("The article's 3D scatter: {points} points for {weights} weights").format(
                points=len(x), weights=len(x) - 1
            )
        )
        fig.tight_layout()
    return fig


if __name__ == "__main__":
    figure_article_3d()

# %%
# Why the heatmap reads better
# ----------------------------
# Even with the stray point gone (:func:`attn_teach.views.three_d.grid_points`
# makes exactly one point per cell, 0-based, weights as they are), the picture
# holds the same 400 numbers as the heatmap, and shows them worse:
#
# * the points hide each other, and which ones are hidden depends on the angle;
# * perspective makes equal heights look different at the front and the back;
# * a position on the floor cannot be read off: with 20 tokens on each floor axis
#   the labels crowd, and no point can be matched to its row and column by eye;
# * the 190 cells a causal model cannot see lie flat on the floor, looking like
#   weights of zero (the view below leaves them out).
#
# The heatmap has none of these problems: each cell has a fixed place, a label on
# each axis, and its colour can be compared with any other cell's.

gx, gy, gz = grid_points(matrix)
print(
    _("{points} points, one per cell; weights from {low} to {high}").format(
        points=len(gx),
        low=gz.min(),
        high=gz.max(),
    )
)

# %%
# The article's scatter without the stray point, 0-based and with the weights as
# they are (the reference solution of practice stage 10):


def draw_scatter3d(matrix):
    """One point per cell: x = key, y = query, z = weight (the article's loops, lists starting empty)."""
    x, y, z = [], [], []
    for i in range(len(matrix)):
        for j in range(len(matrix[i])):
            x.append(j)
            y.append(i)
            z.append(matrix[i][j])
    with style():
        fig = plt.figure(figsize=(6.4, 4.8), dpi=100)
        ax = fig.add_subplot(projection="3d")
        ax.scatter(x, y, z, s=100, alpha=0.5)
        ax.set_xlabel(_("key"))
        ax.set_ylabel(_("query"))
        ax.set_zlabel(_("weight"))
    return fig


@figure
def figure_3d_vs_2d(model: str = MODEL):
    """The corrected 3D scatter next to the heatmap of the same matrix."""
    attention = extract(TEXT, model)
    with style():
        fig = plt.figure(figsize=(15, 7.5))  # axes placed by hand: constrained layout mishandles 3D axes
        ax3d = fig.add_axes((0.0, 0.04, 0.47, 0.9), projection="3d")
        ax2d = fig.add_axes((0.56, 0.15, 0.4, 0.76))
        scatter3d(attention, ax=ax3d, title=_("3D: the same numbers, hard to place"))
        heatmap(attention, ax=ax2d, title=_("2D: every cell in its row and column"))
    return fig


if __name__ == "__main__":
    figure_3d_vs_2d()

# %%
# Layers side by side, in 2D
# --------------------------
# A heatmap shows one layer. What it cannot show at once is how attention
# changes from layer to layer. A third axis could carry the layer
# (:func:`attn_teach.bars_by_layer` draws 3D bars, key along one floor axis,
# layer along the other), but 3D bars have the scatter's problems: the back rows
# hide behind the front ones and the labels crowd. A 2D heatmap with one row per
# layer and one column per key shows the same numbers
# (:func:`attn_teach.views.three_d.layer_values`) with every cell in view:
#
# * with ``query="食べ"``: where the verb looks in each layer, the row of 食べ in
#   each layer's head-mean matrix. The model is causal, so the keys after 食べ
#   are not visible and are drawn grey;
# * without ``query``: the attention each token receives in each layer, the
#   column means of each layer's matrix.

from_verb = layer_values(attention, VERB)  # (layer, key)
print(np.round(from_verb[:, : attention.tokens.index(VERB) + 1], 2))


def layer_key_heatmap(attention, query: str | None = None, *, label: str, title: str):
    """One row per layer, one column per key token: :func:`layer_values` as a heatmap."""
    values = layer_values(attention, query)  # (layer, key)
    n_layers, n = values.shape
    masked = None
    if query is not None and attention.causal:
        masked = np.zeros(values.shape, dtype=bool)
        masked[:, attention.tokens.index(query) + 1 :] = True  # keys after the query: not visible
    with style():
        fig, ax = plt.subplots(figsize=(0.32 * n + 2.5, 0.32 * n_layers + 2.0), layout="constrained")
        image = draw_matrix(ax, values, masked=masked)
        ax.set_aspect("auto")  # fill the axes, so that the colour bar matches its height
        ax.set_xticks(range(n), attention.tokens, rotation=90)
        layer_names = [_("layer {layer}").format(layer=i) for i in attention.layers or range(n_layers)]
        ax.set_yticks(range(n_layers), layer_names)
        ax.set_xlabel(attention.key_label())  # as every heatmap labels its keys
        ax.set_title(title)
        fig.colorbar(image, ax=ax, label=label, shrink=1.0)
    return fig


@figure
def figure_verb_by_layer(model: str = MODEL):
    """Attention from 食べ (first occurrence) to each token, one row per layer; later tokens grey."""
    return layer_key_heatmap(
        extract(TEXT, model),
        VERB,
        label=_("attention from {token}").format(token=VERB),
        title=_("Where {token} looks, layer by layer (grey: after {token}, not visible)").format(token=VERB),
    )


@figure
def figure_received_by_layer(model: str = MODEL):
    """Attention received by each token (column mean), one row per layer."""
    return layer_key_heatmap(
        extract(TEXT, model),
        label=_("attention received (column mean)"),
        title=_("Attention each token receives, layer by layer"),
    )


if __name__ == "__main__":
    figure_verb_by_layer()
    figure_received_by_layer()

# %%
# These heatmaps answer a question the single heatmap could not: whether a
# pattern belongs to one layer or runs through the model. With the real rinna
# model (24 layers) there are simply 24 rows. The article's 3D scatter above
# stays as the article drew it; for layers, 2D is the clearer choice.
#
# In the second figure, remember lesson 7: in a causal model early tokens are
# visible to more queries, so they *receive* more by construction; the columns
# at the start of the sentence are dark partly for that reason.
#
# References
# ----------
# * :func:`attn_teach.scatter3d`, :func:`attn_teach.bars_by_layer` (the same values as 3D bars),
#   :func:`attn_teach.views.three_d.grid_points`, :func:`attn_teach.views.three_d.layer_values`
# * :meth:`mpl_toolkits.mplot3d.axes3d.Axes3D.scatter`, :meth:`mpl_toolkits.mplot3d.axes3d.Axes3D.bar3d`
#
# Next: :ref:`sphx_glr_auto_lessons_plot_11_japanese_lines.py`

# %%
# Practice: write this stage yourself, ``attn-teach practice check 10`` (see :doc:`/practice`).
