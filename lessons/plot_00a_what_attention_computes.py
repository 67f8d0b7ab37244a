"""
00a. What attention computes
============================

**Before the article's stage 1.** The article draws :term:`attention weights <attention weight>`
without saying where they come from. This lesson shows the computation: every
:term:`token` is turned into a :term:`query`, a :term:`key` and a :term:`value`;
each query is compared with every key; a :term:`softmax` turns each row of scores
into weights that add up to 1; and the output of each token is the weighted sum of
the values. Then it computes one :term:`head` of ``tiny-bert-en`` by hand, from the
model's own weights, and checks that the result equals what :func:`attn_teach.extract`
returns. This lesson's figures follow the computation for three tokens, and
the causal mask GPT-2 adds to it.

Goal: after this lesson you can compute one attention head by hand and say what
every row of an attention matrix is made of.
"""

# %%
# The formula
# -----------
# One head of one :term:`layer` receives a matrix :math:`X` with one row per token
# (its current vector, ``hidden_size`` numbers long) and computes
#
# .. math::
#
#    Q = X W_Q + b_Q,\quad K = X W_K + b_K,\quad V = X W_V + b_V
#
#    A = \operatorname{softmax}\!\left(\frac{Q K^\top}{\sqrt{d}}\right),\qquad
#    \text{output} = A V
#
# where :math:`d` is the length of one head's query and key vectors. Row
# :math:`q` of :math:`A` says how much token :math:`q` takes from each token
# :math:`k`. For BERT this :math:`A` is the matrix the rest of the lessons draw;
# GPT-2 adds one step, a causal mask on the scores before the softmax (below).
#
# * :math:`Q K^\top` compares every query with every key by a dot product: a large
#   score means "this key matches what this query looks for".
# * Dividing by :math:`\sqrt{d}` keeps the scores in a range where the softmax is
#   not almost always 0 or 1 (Vaswani et al., 2017, section 3.2.1; measured
#   below).
# * The softmax works **along each row**: it makes every entry positive and each
#   row add up to 1. That is why every row of an attention heatmap sums to 1, and
#   why a column does not.
# * The output of token :math:`q` is a weighted average of the value vectors,
#   with row :math:`q` of :math:`A` as the weights.
#
# A worked example with three tokens
# ----------------------------------
# Three tokens, vectors of length 4, one head with :math:`d = 2`. The numbers are
# random (fixed seed) so that the arithmetic can be followed, not learned values.

import numpy as np
import torch
from matplotlib import pyplot as plt
from matplotlib.patches import Rectangle

from attn_teach import extract, load_model
from attn_teach.i18n import gettext as _
from attn_teach.lesson import figure
from attn_teach.views.build import draw_matrix
from attn_teach.views.style import style

MODEL = "tiny-bert-en"
TEXT = "I love natural language processing!"

rng = np.random.default_rng(0)
toy_tokens = ["I", "love", "NLP"]
X = np.round(rng.normal(size=(3, 4)), 1)  # (token, hidden)
W_Q, W_K, W_V = (np.round(rng.normal(size=(4, 2)), 1) for _ in range(3))  # (hidden, d)


def softmax(scores: np.ndarray) -> np.ndarray:
    """Softmax along the last axis (each row), computed stably."""
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


Q, K, V = X @ W_Q, X @ W_K, X @ W_V  # (token, d) each
d = Q.shape[-1]
scores = Q @ K.T / np.sqrt(d)  # (query, key)
A = softmax(scores)  # (query, key); each row sums to 1
output = A @ V  # (token, d)
print(_("scores:"))
print(np.round(scores, 2))
print(_("weights:"))
print(np.round(A, 2))
print(_("row sums: {sums}").format(sums=A.sum(axis=1)))
print(_("output:"))
print(np.round(output, 2))


QUERY = 2  # the token followed through the figures below: "NLP"


def matrix_panel(
    ax,
    title: str,
    matrix: np.ndarray,
    rows: list[str],
    cols: list[str],
    *,
    weights: bool = False,
    limit: float | None = None,
    masked: np.ndarray | None = None,
):
    """One small matrix with its numbers: weights on YlGnBu from 0 to 1, anything else on RdBu around 0."""
    limit = 1.0 if weights else float(np.abs(matrix).max()) if limit is None else limit
    draw_matrix(
        ax,
        matrix,
        cmap="YlGnBu" if weights else "RdBu_r",
        vmin=0.0 if weights else -limit,
        vmax=limit,
        masked=masked,
    )
    for (r, c), value in np.ndenumerate(matrix):
        hidden = masked is not None and masked[r, c]
        label = f"{float(np.finfo(np.float32).min):.1e}" if hidden else f"{value:.2f}"  # what the mask adds
        ax.text(
            c,
            r,
            label,
            ha="center",
            va="center",
            fontsize=7 if hidden else 8,
            color="white" if abs(value) > 0.6 * limit and not hidden else "black",
        )
    ax.set_title(title, fontsize=10)
    ax.set_xticks(range(len(cols)), cols)
    ax.set_yticks(range(len(rows)), rows)


def outline_row(ax, row: int, n_cols: int) -> None:
    """A red frame around one row of a matrix panel: the token followed through the figure."""
    ax.add_patch(Rectangle((-0.5, row - 0.5), n_cols, 1, fill=False, edgecolor="#d7301f", lw=2.5, clip_on=False))


@figure
def figure_projection():
    """Each token's x times W_Q, W_K, W_V gives its q, k, v; the token "NLP" outlined."""
    hidden = [str(i + 1) for i in range(X.shape[1])]
    head = ["1", "2"]
    with style():
        fig, axes = plt.subplots(
            1, 7, figsize=(14, 3.4), layout="constrained", gridspec_kw={"width_ratios": [4, 2, 2, 2, 2, 2, 2]}
        )
        matrix_panel(axes[0], _("X (one row per token)"), X, toy_tokens, hidden)
        for ax, (name, w) in zip(axes[1:4], [("W_Q", W_Q), ("W_K", W_K), ("W_V", W_V)]):
            matrix_panel(ax, name, w, hidden, head)
        for ax, (name, m) in zip(axes[4:], [("Q = X W_Q", Q), ("K = X W_K", K), ("V = X W_V", V)]):
            matrix_panel(ax, name, m, toy_tokens, head)
            outline_row(ax, QUERY, 2)
        outline_row(axes[0], QUERY, X.shape[1])
        fig.suptitle(
            _("The row x of {token} (red), times each weight matrix, gives its q, k and v").format(
                token=toy_tokens[QUERY]
            ),
            fontsize=11,
        )
    return fig


if __name__ == "__main__":
    figure_projection()

# %%
# The numbers in the weight matrices are the head's parameters, the same for
# every token; only the rows of :math:`X` differ. Every token gets its own
# query, key and value the same way. The columns are a vector's components,
# numbered from 1 as in the formulas; what code indexes (layers, heads,
# positions) counts from 0. Then the whole computation, for all three tokens
# at once:


@figure
def figure_computation():
    """The three-token example, step by step: scores, weights (rows sum to 1), output."""
    panels = [
        (_("Q (queries)"), Q, toy_tokens, ["1", "2"]),
        (_("K (keys)"), K, toy_tokens, ["1", "2"]),
        (_("QKᵀ/√d (scores)"), scores, toy_tokens, toy_tokens),
        (_("softmax by row = A"), A, toy_tokens, toy_tokens),
        (_("V (values)"), V, toy_tokens, ["1", "2"]),
        (_("A V (output)"), output, toy_tokens, ["1", "2"]),
    ]
    with style():
        fig, axes = plt.subplots(1, len(panels), figsize=(13, 3.2), layout="constrained")
        for ax, (title, matrix, rows, cols) in zip(axes, panels):
            # weights in [0, 1]; everything else may be negative. The output is a mix of the
            # values, so it shares their scale.
            limit = float(np.abs(V).max()) if matrix is output else None
            matrix_panel(ax, title, matrix, rows, cols, weights=matrix is A, limit=limit)
        axes[3].set_xlabel(_("key"))
        axes[3].set_ylabel(_("query"))
    return fig


if __name__ == "__main__":
    figure_computation()

# %%
# The same for one query, step by step: the row of ``NLP``. Its query is
# compared with each key by a dot product, the scores are divided by
# :math:`\sqrt{d}`, the softmax turns them into weights that sum to 1, and the
# output is the value vectors mixed with those weights.


@figure
def figure_one_row():
    """One query row: dot products, ÷√d, softmax, weighted sum of the values."""
    dots = K @ Q[QUERY]  # (key,) q · k for each key
    weights = softmax(dots / np.sqrt(d))  # (key,)
    mixed = weights[:, None] * V  # (key, d): each value scaled by its weight
    steps = [(_("q · k"), dots), (_("÷ √d"), dots / np.sqrt(d)), (_("softmax: weights (sum 1)"), weights)]
    with style():
        fig, axes = plt.subplots(
            1, 4, figsize=(13, 3.4), layout="constrained", gridspec_kw={"width_ratios": [3, 3, 3, 2.2]}
        )
        for ax, (title, values) in zip(axes, steps):
            bars = ax.bar(toy_tokens, values, color="#41b6c4" if values is weights else "#969696")
            ax.bar_label(bars, labels=[f"{v:.2f}" for v in values], fontsize=8)
            ax.axhline(0, color="black", lw=0.8)
            ax.set_title(title, fontsize=10)
            ax.set_xlabel(_("key"))
            ax.margins(y=0.2)
        total = np.vstack([mixed, mixed.sum(axis=0)])  # (key + 1, d)
        labels = [f"{w:.2f} × v({t})" for w, t in zip(weights, toy_tokens)] + [_("sum = output")]
        matrix_panel(axes[3], _("weighted sum of v"), total, labels, ["1", "2"], limit=float(np.abs(V).max()))
        axes[3].axhline(len(toy_tokens) - 0.5, color="black", lw=1.5)
        fig.suptitle(_("Query {token}: from its q to its output").format(token=toy_tokens[QUERY]), fontsize=11)
    return fig


if __name__ == "__main__":
    figure_one_row()

# %%
# Read the weights panel (A) row by row: each row adds up to 1, and the output
# row of a token is the mix of the value rows with those weights. The other
# panels use a red-blue scale centred on 0 (red positive, blue negative), because
# scores, queries, keys and values can be negative; the weights cannot.
#
# Why divide by √d
# ----------------
# If the numbers of a query and a key are independent, with mean 0 and variance
# 1, their dot product is a sum of :math:`d` such products: its variance is
# :math:`d`, its standard deviation :math:`\sqrt{d}` (Vaswani et al., 2017,
# footnote 4). Measured on random vectors, for the toy's :math:`d = 2`,
# ``tiny-bert-en``'s head size 32 and ``bert-base-uncased``'s 64:


def dot_product_spread(d: int, n: int = 100_000, seed: int = 1) -> tuple[float, float]:
    """Standard deviation of q·k for random unit-variance vectors of length ``d``: raw and ÷√d."""
    pair = np.random.default_rng(seed).normal(size=(2, n, d))  # (q or k, sample, d)
    dots = (pair[0] * pair[1]).sum(axis=-1)  # (sample,)
    return float(dots.std()), float((dots / np.sqrt(d)).std())


for size in (2, 32, 64):
    raw, scaled = dot_product_spread(size)
    print(
        _("d = {size:2}: std of q · k over 100,000 pairs {raw:.1f}, after dividing by √d {scaled:.1f}").format(
            size=size, raw=raw, scaled=scaled
        )
    )

# %%
# Without the division, scores spread over a range that grows with :math:`d`, and
# the softmax of widely spread scores puts almost all the weight on the largest
# one: its other weights, and their gradients, are nearly 0. One row of nine
# random scores at ``tiny-bert-en``'s head size, before and after dividing:

d_tiny = 32
pair = np.random.default_rng(2).normal(size=(2, 9, d_tiny))  # (q or k, key, d)
row_scores = (pair[0, 0] * pair[1]).sum(axis=-1)  # (key,): one query against 9 keys
print(_("unscaled softmax: {weights}").format(weights=np.round(softmax(row_scores), 2)))
print(_("scaled softmax:   {weights}").format(weights=np.round(softmax(row_scores / np.sqrt(d_tiny)), 2)))


@figure
def figure_scaling():
    """One row of random scores at d = 32: the softmax before and after dividing by √d."""
    keys = [str(k) for k in range(len(row_scores))]
    panels = [
        (
            _("softmax(q · k): std of these 9 scores {spread:.1f}").format(spread=float(row_scores.std())),
            softmax(row_scores),
        ),
        (
            _("softmax(q · k / √d): std of these 9 scores {spread:.1f}").format(
                spread=float((row_scores / np.sqrt(d_tiny)).std())
            ),
            softmax(row_scores / np.sqrt(d_tiny)),
        ),
    ]
    with style():
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.4), layout="constrained", sharey=True)
        for ax, (title, weights) in zip(axes, panels):
            bars = ax.bar(keys, weights, color="#41b6c4")
            ax.bar_label(bars, labels=[f"{w:.2f}" for w in weights], fontsize=8)
            ax.set_ylim(0, 1.1)
            ax.set_title(title, fontsize=10)
            ax.set_xlabel(_("key"))
        axes[0].set_ylabel(_("attention weight"))
        fig.suptitle(_("One query against 9 keys, d = {d} (tiny-bert-en's head size)").format(d=d_tiny), fontsize=11)
    return fig


if __name__ == "__main__":
    figure_scaling()

# %%
# Without the division (left), one key takes 1.00 of the weight and the eight
# others nothing. Divided by √32 (right), the same scores still favour that key,
# with 0.62, and leave the others a share.

# %%
# The causal mask
# ---------------
# GPT-2 (lesson 7) predicts the next token, so a token must not draw on the
# tokens after it. Before the softmax, every score of a key *after* the query
# gets a very large negative number added (transformers uses the most negative
# number the type can hold, ``np.finfo(np.float32).min``). Its exponential is 0,
# so those weights are exactly 0 and each row shares its weight among the keys up
# to itself. The toy's scores, masked:

future = np.triu(np.ones((3, 3), dtype=bool), k=1)  # (query, key): keys after the query
masked_scores = np.where(future, np.finfo(np.float32).min, scores)  # (query, key)
A_causal = softmax(masked_scores)  # (query, key); zeros above the diagonal
print(_("masked scores:"))
print(np.where(future, -np.inf, np.round(masked_scores, 2)))
print(_("causal weights:"))
print(np.round(A_causal, 2))


@figure
def figure_causal():
    """The causal mask as a step of its own: scores, scores with the future masked, softmax."""
    limit = float(np.abs(scores).max())
    with style():
        fig, axes = plt.subplots(1, 3, figsize=(10, 3.4), layout="constrained")
        matrix_panel(axes[0], _("QKᵀ/√d (scores)"), scores, toy_tokens, toy_tokens, limit=limit)
        matrix_panel(
            axes[1], _("+ mask: keys after the query"), scores, toy_tokens, toy_tokens, limit=limit, masked=future
        )
        matrix_panel(axes[2], _("softmax by row: causal A"), A_causal, toy_tokens, toy_tokens, weights=True)
        for ax in axes:
            ax.set_xlabel(_("key"))
        axes[0].set_ylabel(_("query"))
        fig.suptitle(
            _("The causal mask (GPT-2): a very large negative number above the diagonal, then the softmax"),
            fontsize=11,
        )
    return fig


if __name__ == "__main__":
    figure_causal()

# %%
# (``-inf`` marks the masked cells in the printout; the numbers added are
# about :math:`-3.4 \times 10^{38}`.) The first row is all on the first token:
# it can only look at itself.
#
# Several heads
# -------------
# A layer runs several heads side by side (4 in ``tiny-bert-en``, 12 in
# ``bert-base-uncased``). Each head has its own :math:`W_Q, W_K, W_V`; in the model
# they are stored as one big matrix per projection, and head :math:`h` uses
# columns :math:`h d` to :math:`(h+1) d - 1`. Each head produces its own
# :math:`A` and its own output; the outputs are concatenated and mixed by one more
# matrix before the next layer. That is why ``outputs.attentions`` has a head axis
# (lesson 1), and why averaging over it (lesson 5) mixes different computations.
#
# One head of ``tiny-bert-en``, by hand
# -------------------------------------
# The same formula, with the model's own numbers. Three things from the model
# are needed; lessons 1 and 2 come back to each:
#
# * the vectors that enter a layer: the model called with
#   ``output_hidden_states=True`` returns them, one tensor per layer
#   (``hidden_states[L]`` is the input of layer ``L``);
# * the projections: ``bert.encoder.layer[L].attention.self`` is the part of
#   layer ``L`` that computes attention; its ``query``, ``key`` and ``value`` are
#   PyTorch linear layers (printed below), whose weight is stored as
#   ``(out, in)``, hence the transpose;
# * the weights to compare with: ``extract(TEXT, MODEL).weights[-1, 0]`` is the
#   matrix of the last layer (``-1`` counts from the end, as in Python lists;
#   layers and heads are numbered from 0), head 0.
#
# A single sentence has no padding, so BERT's attention mask adds nothing here.

print(load_model(MODEL).network.base_model.encoder.layer[-1].attention.self)


def one_head_by_hand(text: str = TEXT, model: str = MODEL, layer: int = -1, head: int = 0) -> np.ndarray:
    """Attention weights ``(query, key)`` of one head, computed from the model's weights."""
    loaded = load_model(model)
    bert = loaded.network.base_model
    inputs = loaded.tokenizer(text, return_tensors="pt")
    with torch.inference_mode():
        hidden = bert(**inputs, output_hidden_states=True).hidden_states
    layer = layer % bert.config.num_hidden_layers
    x = hidden[layer][0].numpy()  # (token, hidden): what enters this layer
    projections = bert.encoder.layer[layer].attention.self
    d = bert.config.hidden_size // bert.config.num_attention_heads
    columns = slice(head * d, (head + 1) * d)  # this head's share of the projections

    def project(linear) -> np.ndarray:
        weight = linear.weight.detach().numpy()[columns]  # (d, hidden)
        bias = linear.bias.detach().numpy()[columns]  # (d,)
        return x @ weight.T + bias  # (token, d)

    q, k = project(projections.query), project(projections.key)
    return softmax(q @ k.T / np.sqrt(d))  # (query, key)


by_hand = one_head_by_hand(layer=-1, head=0)
from_model = extract(TEXT, MODEL).weights[-1, 0]  # (query, key)
print(_("largest difference: {difference}").format(difference=float(np.abs(by_hand - from_model).max())))
assert np.allclose(by_hand, from_model, atol=1e-5)

# %%
# The largest difference is a rounding difference (float32). The weights a
# Transformer reports are nothing more than this formula applied to its own
# vectors; the values :math:`V` are not part of them (lesson 4 comes back to what
# that leaves out).


@figure
def figure_one_head(model: str = MODEL):
    """One head of the last layer: computed by hand (left) and returned by ``extract`` (right)."""
    attention = extract(TEXT, model)
    manual = one_head_by_hand(TEXT, model, layer=-1, head=0)
    with style():
        fig, axes = plt.subplots(1, 2, figsize=(8, 4), layout="constrained")
        for ax, (title, matrix) in zip(
            axes,
            [(_("by hand: softmax(QKᵀ/√d)"), manual), ("extract(...).weights[-1, 0]", attention.weights[-1, 0])],
        ):
            image = draw_matrix(ax, matrix, vmax=1.0)
            ax.set_title(title, fontsize=10)
            n = len(attention.tokens)
            ax.set_xticks(range(n), attention.tokens, rotation=90)
            ax.set_yticks(range(n), attention.tokens)
            ax.set_xlabel(_("key"))
        axes[0].set_ylabel(_("query"))
        fig.colorbar(image, ax=axes, label=_("attention weight"), shrink=0.8)
    return fig


if __name__ == "__main__":
    figure_one_head()

# %%
# The two heatmaps are the same matrix, computed two ways.
#
# References
# ----------
# * Vaswani et al., 2017, "Attention Is All You Need" (scaled dot-product and multi-head attention)
# * :func:`attn_teach.extract`, :func:`attn_teach.load_model`
# * ``transformers.BertModel`` (``output_hidden_states``), :class:`torch.nn.Linear`
#
# Next: :ref:`sphx_glr_auto_lessons_plot_01_extracting.py`
