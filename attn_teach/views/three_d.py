"""Three-dimensional views, and when a third axis is worth it (lesson 10).

The article drew each cell of the ``(query, key)`` matrix as a point
``(key, query, weight)`` in 3D. That is the heatmap's information with nothing
added, and it reads worse: points hide one another, perspective makes equal
heights look different, and the token labels go. A third axis earns its place
when it carries something the heatmap has no room for; here, the *layer*:

* :func:`grid_points`: the cells of a matrix as ``(key, query, weight)`` point lists,
  one point per cell (the article's lists had one more, see lesson 10);
* :func:`scatter3d`: the article's 3D scatter, corrected (no stray point, 0-based
  positions, weights as they are, token labels);
* :func:`layer_values`: one value per ``(layer, key)``: attention received, or
  attention from one query token;
* :func:`bars_by_layer`: those values as 3D bars, key tokens along one floor axis
  and layers along the other.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from attn_teach import reduce
from attn_teach.attention import Attention
from attn_teach.i18n import gettext as _
from attn_teach.views.decorator import view
from attn_teach.views.style import CMAP, LABEL_POINTS, set_token_ticks

MARKER_SIZE = 100  # the article's scatter(..., s=100)
MARKER_ALPHA = 0.5  # the article's scatter(..., alpha=0.5)
BAR_WIDTH = 0.6  # footprint of a bar, in token (and layer) units


def grid_points(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every cell of a ``(query, key)`` matrix as a point: ``x`` = key, ``y`` = query, ``z`` = weight.

    Parameters
    ----------
    matrix : numpy.ndarray
        ``(query, key)`` weights, e.g. ``attention.head_mean(-1)``.

    Returns
    -------
    x, y, z : numpy.ndarray
        Key position, query position and weight of each cell: exactly
        ``n_query * n_key`` points, row by row, positions 0-based as in the matrix.

    Examples
    --------
    >>> x, y, z = grid_points(np.array([[1.0, 0.0], [0.25, 0.75]]))
    >>> x.tolist(), y.tolist(), z.tolist()
    ([0, 1, 0, 1], [0, 0, 1, 1], [1.0, 0.0, 0.25, 0.75])
    """
    matrix = np.asarray(matrix)
    query, key = np.indices(matrix.shape)  # (query, key) each
    return key.ravel(), query.ravel(), matrix.ravel()


def _figure_3d(ax, figsize: tuple[float, float]):
    if ax is not None:
        return ax.figure, ax
    fig = plt.figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot(projection="3d")


@view
def scatter3d(
    attention: Attention,
    layer: int = -1,
    head: int | None = None,
    *,
    ax=None,
    title: str | None = None,
    elev: float = 30.0,
    azim: float = -60.0,
):
    """The article's 3D scatter done right: one point per visible cell, labelled axes.

    Parameters
    ----------
    attention : Attention
    layer : int
        Layer to draw (negative counts from the end). Default: the last.
    head : int, optional
        One head; default the mean over heads.
    ax : mpl_toolkits.mplot3d.axes3d.Axes3D, optional
        A 3D axes to draw into; default a new figure.
    title : str, optional
        Default: model and layer.
    elev, azim : float
        Viewing angles in degrees (matplotlib's defaults).
    %(language)s

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Points are :func:`grid_points` of ``attention.matrix(layer, head)``, drawn with
    the article's marker size and transparency. For a causal model the cells above
    the diagonal are left out: they are positions the query cannot see, not
    weights of 0. Introduced in lesson 10.
    """
    matrix = attention.matrix(layer, head)  # (query, key)
    x, y, z = grid_points(matrix)
    if attention.causal:
        visible = x <= y
        x, y, z = x[visible], y[visible], z[visible]
    n = len(attention.tokens)
    fig, ax = _figure_3d(ax, (7.0, 6.0))
    ax.scatter(x, y, z, s=MARKER_SIZE, alpha=MARKER_ALPHA, c=z, cmap=CMAP, vmin=0.0, depthshade=False)
    ax.view_init(elev=elev, azim=azim)
    set_token_ticks(ax, attention.tokens, axis="x", length_inches=4.0)
    set_token_ticks(ax, attention.tokens, axis="y", length_inches=2.6)
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(-0.5, n - 0.5)
    ax.set_zlim(0, max(1e-6, float(z.max())))
    ax.tick_params(labelsize=LABEL_POINTS - 2)
    ax.set_xlabel(attention.key_label(), labelpad=18)  # the heatmap's labels (tokens, or words)
    ax.set_ylabel(attention.query_label(), labelpad=14)
    ax.set_zlabel(attention.value_label(), labelpad=8)
    layer_no = attention.layer_number(layer)
    ax.set_title(
        title if title is not None else _("{model}, layer {layer}").format(model=attention.model_name, layer=layer_no)
    )
    return fig


def layer_values(attention: Attention, query: int | str | None = None, head: int | None = None) -> np.ndarray:
    """One value per layer and key token, ``(layer, key)``.

    Parameters
    ----------
    attention : Attention
        Every layer it holds becomes one row.
    query : int or str, optional
        None (default): attention each key *receives*, :func:`attn_teach.reduce.received`
        of each layer's matrix (column means). A position or token string: attention
        *from* that token, the matching row of each layer's matrix.
    head : int, optional
        One head; default the mean over heads.

    Returns
    -------
    numpy.ndarray
        ``(layer, key)``; each row sums to 1.
    """
    matrices = [attention.matrix(i, head) for i in range(attention.n_layers)]  # each (query, key)
    if query is None:
        return np.stack([reduce.received(m) for m in matrices])
    q = attention.token_index(query)
    return np.stack([m[q] for m in matrices])


@view
def bars_by_layer(
    attention: Attention,
    query: int | str | None = None,
    head: int | None = None,
    *,
    ax=None,
    title: str | None = None,
    cmap=CMAP,
    elev: float = 28.0,
    azim: float = -58.0,
):
    """3D bars: key tokens along one floor axis, layers along the other, :func:`layer_values` as heights.

    The heatmap shows one layer; these bars show how the attention to each token
    changes from the first layer to the last.

    Parameters
    ----------
    attention : Attention
        Should hold several layers (``extract(text, model)`` keeps all of them).
    query : int or str, optional
        None (default): bar height is the attention each key receives in that layer.
        A position or token (first occurrence): the attention from that token.
        For a causal model only the keys up to the query are drawn; it cannot see
        the others.
    head : int, optional
        One head; default the mean over heads.
    ax : mpl_toolkits.mplot3d.axes3d.Axes3D, optional
        A 3D axes to draw into; default a new figure.
    title : str, optional
        Default: what the heights are.
    cmap : str or Colormap
        Bars are coloured by height on this colormap.
    elev, azim : float
        Viewing angles in degrees.
    %(language)s

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Introduced in lesson 10.
    """
    values = layer_values(attention, query, head)  # (layer, key)
    tokens = list(attention.tokens)
    if query is not None and attention.causal:
        q = attention.token_index(query)
        values, tokens = values[:, : q + 1], tokens[: q + 1]
    n_layers, n_keys = values.shape
    key, layer = np.meshgrid(np.arange(n_keys), np.arange(n_layers))  # each (layer, key)
    heights = values.ravel()
    colormap = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
    top = max(1e-6, float(heights.max()))
    colors = colormap(0.15 + 0.85 * heights / top)  # keep the lowest bars visible against the floor
    width = float(np.clip(0.3 * n_keys + 4.5, 8.0, 12.0))
    fig, ax = _figure_3d(ax, (width, 6.0))
    ax.set_box_aspect((max(n_keys, 4), max(0.5 * n_keys, 1.5 * n_layers, 3), 0.45 * max(n_keys, 6)), zoom=0.95)
    ax.bar3d(
        key.ravel() - BAR_WIDTH / 2,
        layer.ravel() - BAR_WIDTH / 2,
        0.0,
        BAR_WIDTH,
        BAR_WIDTH,
        heights,
        color=colors,
        shade=True,
    )
    ax.view_init(elev=elev, azim=azim)
    set_token_ticks(ax, tokens, axis="x", length_inches=width * 0.6)
    ax.set_yticks(np.arange(n_layers), [str(attention.layers[i]) for i in range(n_layers)])
    ax.set_xlim(-0.5, n_keys - 0.5)
    ax.set_ylim(-0.5, n_layers - 0.5)
    ax.set_zlim(0, top)
    ax.tick_params(labelsize=LABEL_POINTS - 1)
    ax.set_xlabel(attention.key_label(), labelpad=26)
    ax.set_ylabel(_("layer"))
    if query is None:
        ax.set_zlabel(
            _("mean attention received") if attention.measure == "weight" else _("mean ‖αf(x)‖ received"), labelpad=10
        )
        default = _("Attention received per token, layer by layer ({model})").format(model=attention.model_name)
    else:
        ax.set_zlabel(attention.value_label(), labelpad=10)
        default = _("Where {token!r} looks, layer by layer ({model})").format(
            token=attention.tokens[attention.token_index(query)], model=attention.model_name
        )
    ax.set_title(title if title is not None else default)
    return fig
