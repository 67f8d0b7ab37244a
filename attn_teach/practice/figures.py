"""The checks of the figure stages (4, 6, 8, 9, 10, 11), run in the parent on what the reader sees.

The child reads each figure back (:mod:`attn_teach.practice.readback`); these
checks compare that with the expected matrix and tokens, whatever artist drew it:

* heatmaps: the number each cell's colour shows, its tick labels at the cell
  centres (position 0 included), colour limits that clip, blended cells, the colour
  bar linked to the drawn image, the colormap and label rotation where the task
  names them, annotations inside their cells;
* line plots: one line per key with its column as y and the label positions as x,
  the legend read from the legend itself;
* 3D scatters: one point per cell.

Why one module over 300 lines: every rule reads the same read-back description of a
figure and returns the same kind of finding; split by figure kind, the shared helpers
(colour limits, label positions, cell centres) would cross modules.
"""

from __future__ import annotations

import numpy as np

from attn_teach.practice.hints import TO_THE_LEFT, TO_THE_RIGHT, Finding

WASHED = 2 / 3  # colour limits beyond [0, 1] that the weights fill less of than this wash the colours out
SPECIAL = ("[CLS]", "[SEP]", "</s>", "<s>", "▁")


def cell_labels(ticks: list[dict], centres: np.ndarray, axis: str) -> dict[int, str] | Finding:
    """``{cell index: label}`` from the ticks and the cell centres along ``axis``, or a Finding when
    the labels sit between cells (half a cell off their centres)."""
    out = {}
    step = centres[1] - centres[0] if len(centres) > 1 else 1.0
    for tick in ticks:
        index = (tick["position"] - centres[0]) / step
        k = round(index)
        if abs(index - k) > 0.25:
            if abs(abs(index - k) - 0.5) < 0.2:
                return Finding("ticks_not_centred", {"axis": axis})
            continue
        if 0 <= k < len(centres):
            out[int(k)] = tick["text"]
    return out


def labels_finding(got: dict[int, str], tokens: list[str], axis: str) -> Finding | None:
    """The labels ``{position: text}`` against ``tokens``, every position from 0."""
    n = len(tokens)
    if all(got.get(i) == tokens[i] for i in range(n)):
        return None
    if n > 2 and got.get(0) == tokens[1] and all(got.get(i) in (tokens[i + 1], None) for i in range(n - 1)):
        special = " ".join(t for t in tokens if t in SPECIAL) or tokens[0]
        return Finding("ticks_off_by_one", {"axis": axis, "first": got[0], "token": tokens[0], "special": special})
    if all(got.get(i) == tokens[i] for i in range(n - 1)) and got.get(n - 1) is None:
        return Finding(
            "unlabelled_last", {"axis": axis, "rows": n, "got": len(got), "token": tokens[-1], "last": n - 1}
        )
    wrong = next(i for i in range(n) if got.get(i) != tokens[i])
    return Finding(
        "labels_differ", {"axis": axis, "position": wrong, "got": got.get(wrong, ""), "expected": tokens[wrong]}
    )


def _unlabelled(ticks: list[dict], tokens: list[str], axis: str) -> Finding | None:
    """No token on ``axis`` at all, only matplotlib's numbers (or nothing): the axis was never labelled."""
    texts = [t["text"].strip().replace("\u2212", "-") for t in ticks]
    if any(t in tokens for t in texts if t):
        return None
    if all(not t or t.replace(".", "", 1).lstrip("-").isdigit() for t in texts):
        return Finding("tick_labels_missing", {"axis": axis})
    return None


def _auto_ticks(finding: Finding | None, desc: dict, axis: str, got: dict, tokens: list[str]) -> Finding | None:
    """A labels finding told as its cause when the labels were given without positions (set_xticklabels alone)."""
    if finding is None or axis not in desc.get("auto_ticks", ()) or finding.key == "tick_labels_missing":
        return finding
    return Finding("labels_on_auto_ticks", {"axis": axis, "first": got.get(0, ""), "token": tokens[0]})


def _axis_centres(heat: dict) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres along x (per column) and y (per row)."""
    return np.asarray(heat["x"])[0], np.asarray(heat["y"])[:, 0]


def image_finding(heat: dict | None, matrix: np.ndarray, cmap: str | None = None) -> Finding | None:
    """The matrix read back from the colours against ``matrix``."""
    if heat is None:
        return Finding("no_image")
    data, values = np.asarray(heat["data"]), np.asarray(heat["values"])
    if data.shape != matrix.shape:
        if data.shape == matrix[1:, 1:].shape and np.allclose(data, matrix[1:, 1:], atol=1e-6):
            return Finding("image_cropped", {"got": len(matrix) - 1, "rows": len(matrix)})
        if data.shape == matrix.T.shape and np.allclose(data, matrix.T, atol=1e-6):
            return Finding("transposed")
        return Finding(
            "image_differs", {"row": 0, "column": 0, "got": float(np.ravel(data)[0]), "expected": float(matrix[0, 0])}
        )
    if not np.allclose(data, matrix, atol=1e-6):
        if np.allclose(data, matrix.T, atol=1e-6):
            return Finding("transposed")
        error = np.abs(data - matrix)
        r, c = np.unravel_index(int(np.argmax(error)), error.shape)
        return Finding(
            "image_differs",
            {"row": int(r), "column": int(c), "got": float(data[r, c]), "expected": float(matrix[r, c])},
        )
    vmin, vmax = heat["vmin"], heat["vmax"]
    step = (vmax - vmin) / 256 * 3.5 + 1e-9  # a few of the 256 colours of a colormap: 8-bit PNG, similar colours
    low, high = float(matrix.min()), float(matrix.max())
    if cmap is not None and heat["cmap"] != cmap:
        return Finding("wrong_cmap", {"got": heat["cmap"], "expected": cmap})
    if vmax < high - step or vmin > low + step:
        return Finding("clipped_colours", {"vmin": vmin, "vmax": vmax, "low": low, "high": high})
    beyond = vmin < min(0.0, low) - step or vmax > max(1.0, high) + step  # weights are never outside [0, 1]
    if beyond and (high - low) < WASHED * (vmax - vmin):
        return Finding("washed_out", {"vmin": vmin, "vmax": vmax, "low": low, "high": high})
    spread = np.asarray(heat["spread"])
    sharp = heat["interpolation"] in ("nearest", "none")  # one colour per cell whatever the pixels show
    if not sharp and np.mean(spread > 0.3) > 0.3:  # many cells hold several colours: blended
        return Finding("blended_cells", {"interpolation": heat["interpolation"]})
    error = np.abs(np.nan_to_num(values, nan=np.inf) - matrix)
    error[np.isnan(values) & (matrix == 0)] = 0  # a masked cell (grey) where nothing is attended: fine
    if np.all(error <= step):
        return None
    if np.allclose(data, matrix, atol=1e-6) and np.isnan(values).all():
        return Finding("no_image")
    r, c = np.unravel_index(int(np.argmax(error)), error.shape)
    return Finding(
        "image_differs", {"row": int(r), "column": int(c), "got": float(values[r, c]), "expected": float(matrix[r, c])}
    )


def heatmap_labels(desc: dict, tokens: list[str]) -> Finding | None:
    """The tick labels of both axes, each at the centre of the cell of its token."""
    x, y = _axis_centres(desc["heatmap"])
    for axis, centres in (("x", x), ("y", y)):
        finding = _unlabelled(desc[f"{axis}ticks"], tokens, axis)
        if finding is not None:
            return finding
        got = cell_labels(desc[f"{axis}ticks"], centres, axis)
        finding = got if isinstance(got, Finding) else labels_finding(got, tokens, axis)
        finding = _auto_ticks(finding, desc, axis, got if isinstance(got, dict) else {}, tokens)
        if finding is not None:
            return finding
    return None


def colorbar_finding(desc: dict) -> Finding | None:
    bar = desc.get("colorbar") or {}
    if not bar.get("count"):
        return Finding("no_colorbar")
    return None if bar.get("linked") else Finding("colorbar_unlinked")


def rotation_finding(desc: dict, degrees: float) -> Finding | None:
    """Every x tick label turned ``degrees`` (or the same line read the other way, +180)."""
    for tick in desc["xticks"]:
        if abs(tick["rotation"] % 180 - degrees % 180) > 1e-6:
            if abs(tick["rotation"] % 180) < 1e-6:
                return Finding("label_not_rotated")
            return Finding("label_rotation", {"got": tick["rotation"]})
    return None


def glyph_finding(glyphs: list[str], families: set[str]) -> Finding | None:
    """Missing glyphs, found while the figure was drawn; the article's MS Gothic named."""
    if not glyphs:
        return None
    chars = sorted({chr(int(m.split()[1])) for m in glyphs if m.split()[1].isdigit()})
    if "ms gothic" in families:
        return Finding("ms_gothic", {"count": len(chars)})
    return Finding("missing_glyph", {"count": len(chars), "chars": " ".join(chars[:6])})


DEFAULT_FAMILY = "sans-serif"  # matplotlib's own font.family: text made where no font list was set


def starter_glyph_finding(case: dict, starter: str | None) -> Finding | None:
    """Boxes in text made outside the font the starter sets: ``"style"``, its ``with style():`` block;
    ``"rc"``, axes made before the learner's font list (tick labels keep the font of their axes' making).
    None otherwise: the general glyph findings (MS Gothic, a global font) are made after the stage's check."""
    families = set(case.get("figure", {}).get("families", []))
    finding = glyph_finding(case.get("glyphs", []), families)
    if finding is None or finding.key != "missing_glyph" or DEFAULT_FAMILY not in families:
        return None
    if starter == "style":
        return Finding("glyphs_outside_style", finding.values)
    if starter == "rc" and families - {DEFAULT_FAMILY}:  # a font list was set, after the axes were made
        return Finding("axes_before_font", finding.values)
    return None


CENTRED = 0.2  # a number counts as centred within this fraction of a cell from the cell's centre


def _texts_by_cell(desc: dict, n: int) -> tuple[dict, list, tuple | None]:
    """The texts per cell ``{(row, column): text}`` (centred ones), the off-centre cells, and one at a corner."""
    xc, yc = _axis_centres(desc["heatmap"])
    dx, dy = (xc[1] - xc[0]) if n > 1 else 1.0, (yc[1] - yc[0]) if n > 1 else 1.0
    cells, off, corners = {}, [], None
    for t in desc["texts"]:
        fx, fy = (t["x"] - xc[0]) / dx, (t["y"] - yc[0]) / dy
        j, i = round(fx), round(fy)
        if abs(abs(fx - j) - 0.5) < 0.15 and abs(abs(fy - i) - 0.5) < 0.15:  # on a corner between cells
            if corners is None and -1 <= fy <= n and -1 <= fx <= n:
                corners = (max(int(np.floor(fy)) + 1, 0), max(int(np.floor(fx)) + 1, 0))
            continue
        if not (0 <= i < n and 0 <= j < n):
            continue
        if abs(fx - j) <= CENTRED and abs(fy - i) <= CENTRED:
            cells[(int(i), int(j))] = t["text"]
        else:
            off.append((int(i), int(j)))
    return cells, off, corners


def annotations_finding(desc: dict, matrix: np.ndarray) -> Finding | None:
    """One number per cell, centred in it, the cell's weight with two decimals."""
    n = len(matrix)
    cells, off, corners = _texts_by_cell(desc, n)
    required = [(i, j) for i in range(n) for j in range(n)]  # every cell, a causal model's 0.00 too
    missing = [c for c in required if c not in cells]
    if missing and corners is not None and len(missing) > len(required) // 2:
        return Finding("annotations_at_corners", {"row": corners[0], "column": corners[1]})
    if missing and len(off) >= len(missing) // 2 and len(off) > len(cells):  # drawn, but beside the centres
        return Finding("annotations_not_centred", {"row": off[0][0], "column": off[0][1]})
    if missing:
        return Finding("annotations_missing", {"count": len(missing), "row": missing[0][0], "column": missing[0][1]})
    for (i, j), text in sorted(cells.items()):
        expected = f"{matrix[i, j]:.2f}"
        if text.strip() != expected:
            if text.strip() == f"{matrix[j, i]:.2f}" and not np.allclose(matrix, matrix.T):
                return Finding("annotations_swapped", {"row": i, "column": j, "got": text, "expected": expected})
            return Finding("annotations_wrong", {"row": i, "column": j, "got": text, "expected": expected})
    return None


def lines_finding(desc: dict, matrix: np.ndarray, tokens: list[str]) -> Finding | None:
    """One line per key (column k as y), drawn at the x positions of the query labels; legend per line."""
    lines = desc.get("lines", [])
    n = matrix.shape[1]
    ys = [np.asarray(line["y"]) for line in lines]
    if (
        len(ys) == matrix.shape[0]
        and not np.allclose(matrix, matrix.T)
        and all(y.shape == matrix[k].shape and np.allclose(y, matrix[k], atol=1e-6) for k, y in enumerate(ys))
    ):
        return Finding("lines_per_query")
    if len(lines) != n:
        return Finding("line_count", {"got": len(lines), "expected": n})
    for k, y in enumerate(ys):
        if y.shape != matrix[:, k].shape or not np.allclose(y, matrix[:, k], atol=1e-6):
            return Finding("lines_differ", {"k": k})
    ticks = sorted(desc["xticks"], key=lambda t: t["position"])  # the k-th label a reader meets names query k
    got = {k: t["text"] for k, t in enumerate(ticks)}
    finding = _unlabelled(ticks, tokens, "x") or _auto_ticks(labels_finding(got, tokens, "x"), desc, "x", got, tokens)
    if finding is not None:
        return finding
    expected = np.array([t["position"] for t in ticks[: matrix.shape[0]]], dtype=np.float64)  # labels checked
    for line in lines:
        x = np.asarray(line["x"])
        if not np.allclose(x, expected, atol=1e-6):
            i = int(np.argmax(np.abs(x - expected)))
            return Finding(
                "lines_shifted",
                {
                    "steps": abs(float(x[i] - expected[i])),
                    "direction": TO_THE_RIGHT if x[i] > expected[i] else TO_THE_LEFT,
                    "token": tokens[i],
                    "position": float(expected[i]),
                    "x": float(x[i]),
                },
            )
    legend = desc.get("legend")
    if legend is None or len(legend["texts"]) < n:
        return Finding("legend_missing")
    for k in range(n):
        handle = legend["handles"][k] if k < len(legend["handles"]) else {}
        same = handle.get("color") is None or np.allclose(handle["color"], lines[k]["color"])
        if tokens[k] not in legend["texts"][k] or not same:
            text = legend["texts"][k]
            another = any(text == token or text.endswith(f" {token}") for token in tokens)
            if same and another:  # the line named after another key: the labels in another order, or shifted
                return Finding("legend_order", {"k": k, "got": text, "expected": tokens[k]})
            return Finding("legend_missing")
    return None


def points_finding(desc: dict, matrix: np.ndarray) -> Finding | None:
    p = desc["points3d"]
    if not p["axes"]:
        return Finding("not_3d")
    if not p["collections"]:
        return Finding("no_scatter")
    xs, ys, zs = (np.asarray(p[k]) for k in "xyz")
    n, total = len(matrix), matrix.size
    if len(xs) == total + 1 and np.any((xs == 0) & (ys == 0) & (zs == 0)):
        return Finding("origin_point", {"got": len(xs), "expected": total})
    if len(xs) != total:
        return Finding("point_count", {"got": len(xs), "expected": total})
    if xs.min() == 1 and ys.min() == 1 and xs.max() == n and ys.max() == n:
        return Finding("one_based")
    ix, iy = np.rint(xs).astype(int), np.rint(ys).astype(int)
    on_grid = np.allclose(xs, ix) and np.allclose(ys, iy)
    if not on_grid or min(ix.min(), iy.min()) < 0 or max(ix.max(), iy.max()) >= n:
        return Finding("points_differ")
    expected = matrix[iy, ix]
    if np.allclose(zs, expected, atol=1e-6) and len(set(zip(ix, iy))) == total:
        return None
    factor = float(np.median(zs[expected > 1e-3] / expected[expected > 1e-3])) if np.any(expected > 1e-3) else 1.0
    if factor != 0 and abs(factor - 1) > 1e-3 and np.allclose(zs, expected * factor, atol=1e-4 * abs(factor)):
        return Finding("percent", {"factor": factor})
    return Finding("points_differ")


# -- the checks a stage record names -------------------------------------------------------
def heatmap_check(
    *,
    cmap: str | None = None,
    colorbar: bool = False,
    rotation: float | None = None,
    annotations: bool = False,
    starter: str | None = "style",
):
    """The check of a heatmap stage; the keywords say what the task asks for besides the matrix and labels,
    and how the starter sets the font (see :func:`starter_glyph_finding`)."""

    def check(case: dict) -> Finding | None:
        desc, expected = case["figure"], case["expected"]
        matrix, tokens = np.asarray(expected["matrix"], dtype=np.float64), expected["tokens"]
        finding = image_finding(desc.get("heatmap"), matrix, cmap) or heatmap_labels(desc, tokens)
        if finding is None and colorbar:
            finding = colorbar_finding(desc)
        if finding is None and rotation is not None:
            finding = rotation_finding(desc, rotation)
        if finding is None and annotations:
            finding = annotations_finding(desc, matrix)
        return finding or starter_glyph_finding(case, starter)

    return check


def lines_check():
    """The check of a line-plot stage (6, 11)."""

    def check(case: dict) -> Finding | None:
        expected = case["expected"]
        matrix = np.asarray(expected["matrix"], dtype=np.float64)
        return lines_finding(case["figure"], matrix, expected["tokens"]) or starter_glyph_finding(case, "style")

    return check


def scatter_check():
    """The check of the 3D scatter stage (10)."""

    def check(case: dict) -> Finding | None:
        matrix = np.asarray(case["expected"]["matrix"], dtype=np.float64)
        return points_finding(case["figure"], matrix) or starter_glyph_finding(case, "style")

    return check
