"""The checks, in three tiers: numbers, figure objects, pixels.

A check looks at what the learner's function returned and gives back the first
:class:`Finding` (a named hint from :mod:`attn_teach.practice.hints` with the values
it needs), or None when everything is right. Numbers come first, then the objects
of the figure (the image and its data, the colormap, tick labels and where they
sit, the colour bar, lines, annotation texts, 3D points, glyphs), then pixels
(:func:`compare_pixels`), which can only add a note: once numbers and objects are
right, a picture that differs from the reference is told it differs harmlessly.
"""

from __future__ import annotations

import dataclasses
import pathlib

import numpy as np

from attn_teach.practice import data

ATOL = 1e-5  # float32 softmax weights computed twice agree to ~1e-7; leave room


@dataclasses.dataclass(frozen=True)
class Finding:
    """One named hint and the values its text is filled with."""

    key: str
    values: dict = dataclasses.field(default_factory=dict)


def _to_array(value):
    """A tensor (detached) or array-like as a float64 array, or None if it is neither."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None


# -- tier 1: numbers ----------------------------------------------------------------------
def matrix_finding(got, layers: np.ndarray) -> Finding | None:
    """The learner's ``(query, key)`` matrix against the head mean of the last of ``layers`` (layer, head, q, k)."""
    expected = layers[-1].mean(axis=0)  # (query, key)
    if type(got).__module__.startswith("torch"):
        return Finding("not_ndarray", {"type": "torch.Tensor"})
    if not isinstance(got, np.ndarray):
        return Finding("not_ndarray", {"type": type(got).__name__})
    got = got.astype(np.float64)
    if got.shape == (1, *expected.shape):
        return Finding("batch_kept", {"shape": got.shape})
    if got.shape != expected.shape:
        if got.ndim >= 2 and got.shape[-2] == layers.shape[1]:  # a head axis left: another axis was averaged
            return Finding("wrong_axis", {"shape": got.shape, "expected": expected.shape})
        return Finding("shape_wrong", {"got": got.shape, "expected": expected.shape})
    if np.allclose(got, expected, atol=ATOL):
        return None
    if len(layers) > 1 and np.allclose(got, layers[0].mean(axis=0), atol=ATOL):
        return Finding("first_layer")
    sums = got.sum(axis=-1)
    if not np.allclose(sums, 1.0, atol=1e-3):
        return Finding("rows_not_one", {"total": float(np.median(sums))})
    return Finding("numbers_differ", {"diff": float(np.max(np.abs(got - expected)))})


def check_1(result, args) -> Finding | None:
    layers = data.sample("tiny-bert-en").weights  # (layer, head, query, key)
    if not isinstance(result, (tuple, list)):
        return Finding("not_tuple", {"type": type(result).__name__})
    if len(result) == 0:
        return Finding("sdpa_empty")
    if len(result) != len(layers):
        return Finding("layer_count", {"got": len(result), "expected": len(layers)})
    for i, tensor in enumerate(result):
        got = _to_array(tensor)
        if got is None or got.shape != (1, *layers.shape[1:]):
            return Finding("shape_wrong", {"got": getattr(got, "shape", None), "expected": (1, *layers.shape[1:])})
        if not np.allclose(got[0], layers[i], atol=ATOL):
            return Finding("numbers_differ", {"diff": float(np.max(np.abs(got[0] - layers[i])))})
    return None


def check_2(result, args) -> Finding | None:
    layers = data.sample("tiny-bert-en").weights
    expected = tuple(int(n) for n in layers.shape)
    try:
        got = tuple(int(n) for n in result)
    except (TypeError, ValueError):
        return Finding("shape_numbers", {"got": result})
    if got == expected:
        return None
    if len(got) == 5 and got[1] == 1 and (got[0], *got[2:]) == expected:
        return Finding("batch_kept", {"shape": got})
    return Finding("shape_numbers", {"got": got})


def check_3(result, args) -> Finding | None:
    return matrix_finding(result, data.sample("tiny-bert-en").weights)


def check_5(result, args) -> Finding | None:
    (weights,) = args  # (batch, head, query, key) of one layer
    return matrix_finding(result, weights[0][None])


def check_7(result, args) -> Finding | None:
    attention = data.sample("tiny-gpt2-ja")
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return Finding("not_pair")
    tokens, matrix = result
    tokens = [str(t) for t in tokens] if isinstance(tokens, (list, tuple)) else tokens
    if tokens != attention.tokens:
        if isinstance(tokens, list) and tokens == attention.tokens[: len(tokens)] and len(tokens) < len(attention):
            missing = " ".join(attention.tokens[len(tokens):])
            return Finding("tokens_from_tokenize", {"got": len(tokens), "rows": len(attention), "missing": missing})
        return Finding("tokens_differ", {"expected": " ".join(attention.tokens)})
    return matrix_finding(matrix, attention.weights)


# -- tier 2: figure objects ---------------------------------------------------------------
def plot_axes(fig) -> list:
    """The axes that hold the drawing (colour bars left out)."""
    return [ax for ax in fig.axes if not hasattr(ax, "_colorbar")]


def tick_labels(ax, axis: str, n: int) -> dict[int, str]:
    """``{position: label}`` for the ticks of ``axis`` that sit on a cell (0..n-1)."""
    positions = getattr(ax, f"get_{axis}ticks")()
    labels = [t.get_text() for t in getattr(ax, f"get_{axis}ticklabels")()]
    out = {}
    for p, label in zip(positions, labels):
        if abs(p - round(p)) < 1e-6 and 0 <= round(p) < n and label:
            out[int(round(p))] = label
    return out


def labels_finding(ax, axis: str, tokens: list[str]) -> Finding | None:
    n = len(tokens)
    got = tick_labels(ax, axis, n)
    if all(got.get(i) == tokens[i] for i in range(n)):
        return None
    if n > 2 and got.get(0) == tokens[1] and all(got.get(i) in (tokens[i + 1], None) for i in range(n - 1)):
        return Finding("ticks_off_by_one", {"axis": axis, "first": got[0], "token": tokens[0]})
    if all(got.get(i) == tokens[i] for i in range(n - 1)) and got.get(n - 1) is None:
        return Finding("unlabelled_last", {"axis": axis, "rows": n, "got": len(got), "token": tokens[-1],
                                           "last": n - 1})
    wrong = next(i for i in range(n) if got.get(i) != tokens[i])
    return Finding("labels_differ", {"axis": axis, "position": wrong, "got": got.get(wrong, ""),
                                     "expected": tokens[wrong]})


def image_finding(fig, matrix: np.ndarray, cmap: str | None = None) -> Finding | None:
    images = [im for ax in plot_axes(fig) for im in ax.get_images()]
    if not images:
        return Finding("no_image")
    shown = np.asarray(np.ma.getdata(images[0].get_array()), dtype=np.float64)
    if shown.shape != matrix.shape or not np.allclose(shown, matrix, atol=1e-4):
        if shown.shape == matrix.T.shape and np.allclose(shown, matrix.T, atol=1e-4):
            return Finding("transposed")
        return Finding("image_differs")
    if cmap is not None and images[0].get_cmap().name != cmap:
        return Finding("wrong_cmap", {"got": images[0].get_cmap().name, "expected": cmap})
    return None


def glyph_finding(fig, glyph_messages: list[str], changed: dict | None = None) -> Finding | None:
    """Missing glyphs, found while the figure was drawn; the article's MS Gothic named.

    The font families looked at are those of the figure's texts and, if the learner's
    code set one globally (``changed``), that one too.
    """
    if not glyph_messages:
        return None
    chars = sorted({chr(int(m.split()[1])) for m in glyph_messages if m.split()[1].isdigit()})
    from matplotlib.text import Text

    families = {f.lower() for t in fig.findobj(Text) if t.get_text() for f in t.get_fontfamily()}
    rc_family = (changed or {}).get("font.family") or []
    families |= {str(f).lower() for f in ([rc_family] if isinstance(rc_family, str) else rc_family)}
    if "ms gothic" in families:
        return Finding("ms_gothic", {"count": len(chars)})
    return Finding("missing_glyph", {"count": len(chars), "chars": " ".join(chars[:6])})


def rc_finding(changed: dict) -> Finding | None:
    return Finding("global_rc", {"names": ", ".join(list(changed)[:3])}) if changed else None


def _first(*findings):
    for f in findings:
        result = f()
        if result is not None:
            return result
    return None


def check_4(fig, args, glyphs, changed) -> Finding | None:
    matrix, tokens = args
    ax = plot_axes(fig)[0] if plot_axes(fig) else None
    images = [im for a in plot_axes(fig) for im in a.get_images()]
    return _first(lambda: image_finding(fig, matrix, "YlGnBu"),
                  lambda: labels_finding(ax, "x", tokens), lambda: labels_finding(ax, "y", tokens),
                  lambda: None if images[0].colorbar is not None else Finding("no_colorbar"),
                  lambda: glyph_finding(fig, glyphs, changed), lambda: rc_finding(changed))


def lines_finding(ax, matrix: np.ndarray, tokens: list[str]) -> Finding | None:
    lines = ax.get_lines()
    n = matrix.shape[1]
    ys = [np.asarray(line.get_ydata(), dtype=np.float64) for line in lines]
    if len(ys) == matrix.shape[0] and all(y.shape == matrix[k].shape and np.allclose(y, matrix[k], atol=1e-5)
                                          for k, y in enumerate(ys)) and not np.allclose(matrix, matrix.T):
        return Finding("lines_per_query")
    if len(lines) != n:
        return Finding("line_count", {"got": len(lines), "expected": n})
    for k, y in enumerate(ys):
        if y.shape != matrix[:, k].shape or not np.allclose(y, matrix[:, k], atol=1e-5):
            return Finding("lines_differ", {"k": k})
    legend = ax.get_legend()
    if legend is None or not all(tokens[k] in lines[k].get_label() for k in range(n)):
        return Finding("legend_missing")
    return None


def check_6(fig, args, glyphs, changed) -> Finding | None:
    matrix, tokens = args
    axes = plot_axes(fig)
    if not axes:
        return Finding("line_count", {"got": 0, "expected": matrix.shape[1]})
    return _first(lambda: lines_finding(axes[0], matrix, tokens), lambda: labels_finding(axes[0], "x", tokens),
                  lambda: glyph_finding(fig, glyphs, changed), lambda: rc_finding(changed))


check_11 = check_6


def check_8(fig, args, glyphs, changed) -> Finding | None:
    matrix, tokens = args
    ax = plot_axes(fig)[0] if plot_axes(fig) else None
    return _first(lambda: image_finding(fig, matrix), lambda: labels_finding(ax, "x", tokens),
                  lambda: labels_finding(ax, "y", tokens), lambda: glyph_finding(fig, glyphs, changed),
                  lambda: rc_finding(changed))


def annotations_finding(ax, matrix: np.ndarray) -> Finding | None:
    n = len(matrix)
    cells = {}
    for t in ax.texts:
        x, y = t.get_position()
        if abs(x - round(x)) < 0.3 and abs(y - round(y)) < 0.3 and 0 <= round(x) < n and 0 <= round(y) < n:
            cells[(int(round(y)), int(round(x)))] = t.get_text()
    causal = np.allclose(np.triu(matrix, 1), 0)  # a causal model's future cells may stay empty
    required = [(i, j) for i in range(n) for j in range(n) if not (causal and j > i)]
    missing = [c for c in required if c not in cells]
    if missing:
        return Finding("annotations_missing", {"count": len(missing), "row": missing[0][0], "column": missing[0][1]})
    for (i, j), text in sorted(cells.items()):
        expected = f"{matrix[i, j]:.2f}"
        if text.strip() != expected:
            return Finding("annotations_wrong", {"row": i, "column": j, "got": text, "expected": expected})
    return None


def check_9(fig, args, glyphs, changed) -> Finding | None:
    matrix, tokens = args
    ax = plot_axes(fig)[0] if plot_axes(fig) else None
    return _first(lambda: image_finding(fig, matrix), lambda: labels_finding(ax, "y", tokens),
                  lambda: labels_finding(ax, "x", tokens), lambda: annotations_finding(ax, matrix),
                  lambda: glyph_finding(fig, glyphs, changed), lambda: rc_finding(changed))


def points_finding(fig, matrix: np.ndarray) -> Finding | None:
    axes = [ax for ax in fig.axes if getattr(ax, "name", "") == "3d"]
    if not axes:
        return Finding("not_3d")
    collections = [c for ax in axes for c in ax.collections if hasattr(c, "_offsets3d")]
    if not collections:
        return Finding("no_scatter")
    xs, ys, zs = (np.concatenate([np.asarray(np.ma.getdata(c._offsets3d[i]), dtype=np.float64).ravel()
                                  for c in collections]) for i in range(3))
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
    if np.allclose(zs, expected, atol=1e-4) and len(set(zip(ix, iy))) == total:
        return None
    if np.allclose(zs, expected * 100, atol=1e-3):
        return Finding("percent")
    return Finding("points_differ")


def check_10(fig, args, glyphs, changed) -> Finding | None:
    (matrix,) = args
    return _first(lambda: points_finding(fig, matrix), lambda: glyph_finding(fig, glyphs, changed),
                  lambda: rc_finding(changed))


NUMBER_CHECKS = {1: check_1, 2: check_2, 3: check_3, 5: check_5, 7: check_7}
FIGURE_CHECKS = {4: check_4, 6: check_6, 8: check_8, 9: check_9, 10: check_10, 11: check_11}


# -- tier 3: pixels -----------------------------------------------------------------------
BASELINE_DIR = pathlib.Path(__file__).parent / "baselines"
TOLERANCE = 2  # RMS, as pytest-mpl's default


def baseline_path(stage: int) -> pathlib.Path:
    return BASELINE_DIR / f"stage_{stage:02d}.png"


def save_png(fig, path: pathlib.Path) -> pathlib.Path:
    """Save ``fig`` as the baselines are saved (matplotlib's defaults, the kit's dpi), atomically."""
    from attn_teach.files import atomic_write
    from attn_teach.views.style import write_figure

    return atomic_write(path, lambda f: write_figure(fig, f, format="png"), force=True)


def compare_pixels(actual: pathlib.Path, stage: int) -> tuple[bool, str | None, float | None]:
    """Compare the learner's saved PNG with the stage's baseline: ``(same, diff image path, rms)``.

    matplotlib's ``compare_images`` (what pytest-mpl uses) writes the difference image
    next to ``actual`` when they differ; different sizes give no difference image.
    """
    from matplotlib.testing.compare import compare_images
    from matplotlib.testing.exceptions import ImageComparisonFailure

    try:
        result = compare_images(str(baseline_path(stage)), str(actual), tol=TOLERANCE, in_decorator=True)
    except ImageComparisonFailure:  # the sizes differ
        return False, None, None
    if result is None:
        return True, None, 0.0
    return False, result.get("diff"), float(result.get("rms", 0.0))
