"""Figures as the practice checks' reader sees them, written by hand: what ``describe_figure`` returns.

Each builder gives the right description of a small 5-token figure unless a keyword
changes one thing, so that a test can move one number across one of the rules'
limits without drawing (:mod:`attn_teach.practice.figures`, :mod:`attn_teach.practice.checks`).
"""

from __future__ import annotations

import numpy as np

TOKENS = ["[CLS]", "i", "love", "it", "[SEP]"]
N = len(TOKENS)
# (query, key), not symmetric, its smallest weight well above 0 so that vmin + vmax differs from vmax - vmin
M = 0.1 + 0.5 * np.random.default_rng(1).dirichlet(np.ones(N), size=N)


def ticks(labels, positions, rotation=0.0):
    return [{"position": float(p), "text": t, "rotation": float(rotation)} for p, t in zip(positions, labels)]


def heat(matrix=M, *, values=None, data=None, origin=0.0, step=1.0, labels=TOKENS, positions=None, **changes) -> dict:
    """A heatmap as the reader sees it: ``matrix`` drawn right unless a keyword says otherwise."""
    n = len(matrix)
    centres = origin + step * np.arange(n)
    positions = centres if positions is None else positions
    heatmap = {
        "kind": "AxesImage",
        "data": np.asarray(matrix if data is None else data, dtype=np.float64),
        "values": np.asarray(matrix if values is None else values, dtype=np.float64),
        "spread": np.zeros(np.shape(matrix)),
        "x": np.tile(centres, (n, 1)),
        "y": np.tile(centres[:, None], (1, n)),
        "width": step,
        "height": step,
        "cmap": "YlGnBu",
        "vmin": float(np.min(matrix)),
        "vmax": float(np.max(matrix)),
        "interpolation": "nearest",
    }
    heatmap.update({k: v for k, v in changes.items() if k in heatmap})
    desc = {
        "heatmap": heatmap,
        "xticks": ticks(labels, positions, 90.0),
        "yticks": ticks(labels, positions),
        "colorbar": {"count": 1, "linked": True},
        "texts": [],
        "lines": [],
        "legend": None,
    }
    desc.update({k: v for k, v in changes.items() if k in desc})
    return desc


def centres(origin=0.0, step=1.0, n=N):
    return origin + step * np.arange(n)


def texts(matrix=M, dx=0.0, dy=0.0, fmt="{:.2f}", cells=None):
    n = len(matrix)
    cells = [(i, j) for i in range(n) for j in range(n)] if cells is None else cells
    return [{"text": fmt.format(matrix[i, j]), "x": j + dx, "y": i + dy} for i, j in cells]


COLOURS = [[0.1 * k, 0.2, 0.3, 1.0] for k in range(N)]


def line_desc(matrix=M, x=None, labels=TOKENS, positions=None, legend=True, tokens=TOKENS) -> dict:
    n = len(matrix)
    x = np.arange(n, dtype=np.float64) if x is None else np.asarray(x, dtype=np.float64)
    lines = [
        {"x": x, "y": matrix[:, k], "color": COLOURS[k], "label": f"to {tokens[k]}"} for k in range(matrix.shape[1])
    ]
    positions = np.arange(len(labels)) if positions is None else positions
    return {
        "lines": lines,
        "xticks": ticks(labels, positions),
        "legend": {"texts": [f"to {t}" for t in tokens], "handles": [{"color": c} for c in COLOURS]}
        if legend
        else None,
    }


def points(xs, ys, zs, axes=1, collections=1) -> dict:
    """A 3D scatter's points."""
    xyz = {k: np.asarray(v, dtype=np.float64) for k, v in zip("xyz", (xs, ys, zs))}
    return {"points3d": {"axes": axes, "collections": collections, **xyz}}
