"""Building blocks the matrix views share: one ``(query, key)`` matrix drawn as one image.

:func:`~attn_teach.heatmap`, the side-by-side panels, the model view
(:func:`~attn_teach.grid`) and lessons 8 and 14 all draw matrices
the same way: ``imshow`` with nearest-neighbour cells, an explicit colour scale, and
for a causal model the cells above the diagonal masked in grey
(:data:`~attn_teach.views.style.MASK_COLOR`), since they are positions the model
cannot see, not weights of 0.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np

from attn_teach.views.style import CMAP, MASK_COLOR


def future_mask(n: int) -> np.ndarray:
    """True above the diagonal: the keys a causal model cannot see from each query.

    Examples
    --------
    >>> future_mask(3).astype(int).tolist()
    [[0, 1, 1], [0, 0, 1], [0, 0, 0]]
    """
    return np.triu(np.ones((n, n), dtype=bool), k=1)  # (query, key)


def draw_matrix(
    ax, matrix: np.ndarray, *, cmap=CMAP, vmin: float = 0.0, vmax: float | None = None, masked: np.ndarray | None = None
):
    """Draw ``matrix`` on ``ax`` as an image; ``masked`` cells in grey. Returns the image."""
    cmap = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
    data = np.asarray(matrix, dtype=float)  # (query, key)
    if masked is not None:
        cmap = cmap.with_extremes(bad=MASK_COLOR)
        data = np.ma.masked_array(data, mask=masked)
    vmax = float(np.max(matrix)) if vmax is None else vmax
    return ax.imshow(data, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest", aspect="equal")
