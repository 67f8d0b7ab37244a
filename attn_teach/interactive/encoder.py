"""The interactive view's numbers: each matrix as colour codes and exact printed digits.

Every value the page prints is the weight rounded to :data:`DIGITS` decimals, exactly as
``f"{weight:.3f}"`` prints it (the float32 weight, or whatever the library's reduction
returned); the colour of a cell is the static views' colour (``imshow`` with ``vmin=0``,
``vmax=max(matrix)``, a 256-entry colormap). Two byte planes per matrix carry both:

``k`` (uint8)
    The colour index, ``min(floor(weight / max * 256), 255)``, as matplotlib picks it.
``r`` (int8)
    The printed value in thousandths minus a guess made from ``k``
    (:func:`guess`: the middle of the colour bin, rounded). Usually 0 or +-1, so it
    compresses to almost nothing; together ``guess(k) + r`` is the exact printed value.

All planes of a page go into one blob (every ``k`` plane, then every ``r`` plane),
compressed with zlib (``deflate``) and base64-encoded; the browser inflates it with its own
``DecompressionStream("deflate")``. :func:`decode` is the page's arithmetic in Python, so
the tests can hold the script and the encoder to the same answer. Introduced in lesson 12.
"""

from __future__ import annotations

import base64
import decimal
import zlib

import numpy as np

DIGITS = 3  # decimals printed by the page
LEVELS = 256  # colour codes 0..255, one per colormap entry
_STEP = 10**DIGITS  # printed values are integers in thousandths


def printed(matrix: np.ndarray) -> np.ndarray:
    """``matrix`` rounded to :data:`DIGITS` decimals as Python prints it, in thousandths (int64).

    The exact decimal rounding of each value (ties to even), as ``f"{value:.3f}"``: a float32
    times 1000 is exact in float64, so ``rint`` decides; a float64 close to a tie is rounded
    with :mod:`decimal` from its exact binary value.
    """
    m = np.asarray(matrix)
    x = m.astype(np.float64) * _STEP
    out = np.rint(x)
    if m.dtype != np.float32:
        near = np.abs(np.abs(x - np.floor(x)) - 0.5) < 1e-6  # (query, key): close to a tie, decide exactly
        quantum = decimal.Decimal(1).scaleb(-DIGITS)
        for index in zip(*np.nonzero(near)):  # (query, key) positions
            exact = decimal.Decimal(float(m[index])).quantize(quantum, rounding=decimal.ROUND_HALF_EVEN)
            out[index] = float(exact.scaleb(DIGITS))
    return out.astype(np.int64)


def _js_round(x: np.ndarray) -> np.ndarray:
    """JavaScript's ``Math.round``: nearest integer, ties toward +infinity (exact on doubles)."""
    floor = np.floor(x)
    return floor + (x - floor >= 0.5)


def guess(k: np.ndarray, scale: float) -> np.ndarray:
    """Thousandths guessed from colour code ``k``: ``Math.round((k + 0.5) / 256 * scale * 1000)``.

    The same double operations in the same order as ``view.js``, so both sides agree to the bit.
    """
    return _js_round((np.asarray(k, dtype=np.float64) + 0.5) / LEVELS * scale * _STEP).astype(np.int64)


def colour_codes(matrix: np.ndarray, scale: float) -> np.ndarray:
    """matplotlib's colormap index of each value for the scale ``0..scale`` (uint8)."""
    if scale <= 0:
        return np.zeros(np.shape(matrix), dtype=np.uint8)
    x = np.asarray(matrix, dtype=np.float64) / scale  # what Normalize(0, scale) gives
    return np.clip(np.floor(x * LEVELS), 0, LEVELS - 1).astype(np.uint8)


def cells(n: int, causal: bool) -> int:
    """How many cells a stored ``n x n`` matrix holds (the lower triangle if causal)."""
    return n * (n + 1) // 2 if causal else n * n


def planes(matrix: np.ndarray, causal: bool) -> tuple[dict, np.ndarray, np.ndarray]:
    """One ``(query, key)`` matrix as ``({"s": max, "t": printed max}, k plane, r plane)``.

    A causal matrix keeps only its lower triangle, row by row: ``(0,0), (1,0), (1,1), (2,0) ...``.
    """
    m = np.asarray(matrix)  # (query, key)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError(f"a square (query, key) matrix is needed, got shape {m.shape}")
    flat = m[np.tril_indices(m.shape[0])] if causal else m.ravel()
    scale = float(flat.max()) if flat.size else 0.0
    k = colour_codes(flat, scale)
    shown = printed(flat)
    r = shown - guess(k, scale)
    if r.size and np.abs(r).max() > 127:
        raise ValueError(f"weights up to {scale} do not fit the page's format (attention weights are at most 1)")
    top = int(printed(np.array([flat.max()], dtype=flat.dtype))[0]) if flat.size else 0
    return {"s": scale, "t": top}, k, r.astype(np.int8)


class Blob:
    """The planes of every matrix of a page, in the order they are added; :meth:`finish` packs them."""

    def __init__(self, index: int = 0) -> None:
        self.index = index  # its position in the page's list of blobs
        self._k: list[np.ndarray] = []
        self._r: list[np.ndarray] = []
        self.size = 0  # cells so far

    def add(self, matrix: np.ndarray, causal: bool) -> dict:
        """Store ``matrix``; returns its entry ``{"s", "t", "b", "o"}`` (blob index, offset of its cells)."""
        meta, k, r = planes(matrix, causal)
        meta["b"], meta["o"] = self.index, self.size
        self._k.append(k)
        self._r.append(r)
        self.size += k.size
        return meta

    def finish(self, level: int = 6) -> str:
        """All ``k`` planes then all ``r`` planes, zlib-compressed, base64 (ASCII)."""
        raw = b"".join(p.tobytes() for p in self._k) + b"".join(p.tobytes() for p in self._r)
        return base64.b64encode(zlib.compress(raw, level)).decode("ascii")


def decode(blob: str, entry: dict, n: int, causal: bool) -> tuple[np.ndarray, np.ndarray]:
    """What the page shows for ``entry``: (printed value in thousandths, colour code); -1 where masked.

    The Python twin of ``unpack`` in ``view.js``: inflate, read the two planes, add the guess.
    """
    raw = np.frombuffer(zlib.decompress(base64.b64decode(blob)), dtype=np.uint8)
    total = raw.size // 2
    count = cells(n, causal)
    k = raw[entry["o"] : entry["o"] + count].astype(np.int64)
    r = raw[total + entry["o"] : total + entry["o"] + count].view(np.int8).astype(np.int64)
    thousandths = guess(k, entry["s"]) + r
    if not causal:
        return thousandths.reshape(n, n), k.reshape(n, n)
    shown, colour = np.full((n, n), -1, dtype=np.int64), np.full((n, n), -1, dtype=np.int64)
    shown[np.tril_indices(n)], colour[np.tril_indices(n)] = thousandths, k
    return shown, colour


def text(thousandths: int) -> str:
    """A printed value as the page writes it: ``62`` -> ``"0.062"`` (integers only, as ``view.js``)."""
    return f"{thousandths // _STEP}.{thousandths % _STEP:0{DIGITS}d}"
