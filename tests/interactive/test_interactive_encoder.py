"""The interactive view's encoder (attn_teach/interactive/encoder.py), numbers only, no browser.

Every printed digit is held to Python's own ``f"{weight:.3f}"`` and every colour code to
matplotlib's own colormap lookup, not to the encoder's helpers, so the two sides cannot drift
together. ``view.js`` is held to the same answers in tests/interactive/test_interactive_browser.py.
"""

import base64
import zlib

import matplotlib as mpl
import numpy as np
import pytest

from attn_teach.interactive import encoder
from attn_teach.interactive.encoder import Blob, cells, decode, guess, planes, printed, text
from attn_teach.views.style import CMAP


def softmax(n: int, *, causal: bool = False, seed: int = 0, scale: float = 3.0) -> np.ndarray:
    """A ``(query, key)`` float32 matrix of real softmax rows."""
    scores = np.random.default_rng(seed).normal(scale=scale, size=(n, n))
    if causal:
        scores = np.where(np.triu(np.ones((n, n), bool), 1), -np.inf, scores)
    w = np.exp(scores - scores.max(-1, keepdims=True))
    return (w / w.sum(-1, keepdims=True)).astype(np.float32)


def python_prints(matrix) -> np.ndarray:
    return np.array([[f"{float(v):.3f}" for v in row] for row in np.asarray(matrix)])


def matplotlib_index(matrix) -> np.ndarray:
    """The colormap entry matplotlib draws for each value on the scale 0..max (``imshow``'s lookup)."""
    cmap = mpl.colormaps[CMAP]
    norm = mpl.colors.Normalize(0, float(np.max(matrix)))
    x = norm(np.asarray(matrix, dtype=np.float64))
    rgba = cmap(x, bytes=True)
    table = cmap(np.arange(cmap.N), bytes=True)
    index = np.argmax(np.all(rgba[..., None, :] == table[None, None, :, :], axis=-1), axis=-1)
    return np.minimum(np.floor(x * cmap.N), cmap.N - 1).astype(int), index, rgba


def shown(blob_text: str, entry: dict, n: int, causal: bool) -> tuple[np.ndarray, np.ndarray]:
    thousandths, codes = decode(blob_text, entry, n, causal)
    strings = np.array([["\u2014" if t < 0 else text(int(t)) for t in row] for row in thousandths])
    return strings, codes


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("seed, scale", [(0, 3.0), (1, 0.3), (2, 8.0)])  # spread, nearly uniform, peaked rows
def test_every_printed_digit_and_colour_code_is_exact(causal, seed, scale):
    n = 48
    m = softmax(n, causal=causal, seed=seed, scale=scale)
    blob = Blob()
    entry = blob.add(m, causal)
    strings, codes = shown(blob.finish(), entry, n, causal)
    future = np.triu(np.ones((n, n), bool), 1) if causal else np.zeros((n, n), bool)
    assert (strings[future] == "\u2014").all() and (codes[future] == -1).all()
    np.testing.assert_array_equal(strings[~future], python_prints(m)[~future])
    floor_index, drawn_index, _ = matplotlib_index(np.where(future, 0, m))
    np.testing.assert_array_equal(codes[~future], floor_index[~future])
    np.testing.assert_array_equal(codes[~future] >= 0, True)
    assert entry["s"] == float(m.max()) and text(entry["t"]) == f"{m.max():.3f}"
    assert codes[np.unravel_index(np.argmax(m), m.shape)] == 255  # the largest weight: the top colour


@pytest.mark.parametrize(
    "value, digits",
    [
        (0.0625, "0.062"),  # an exact tie: Python rounds half to even (JavaScript's toFixed would say 0.063)
        (0.0015, "0.002"),
        (0.9995, "1.000"),
        (0.4765, "0.476"),
        (0.1235, "0.123"),
        (1.0, "1.000"),
        (0.0, "0.000"),
        (0.0004999, "0.000"),
        (0.0005001, "0.001"),
    ],
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_printed_digits_near_ties(value, digits, dtype):
    m = np.full((3, 3), 0.01, dtype=dtype)
    m[1, 2] = value
    m[0, 0] = 0.9  # a scale that is not the value itself
    blob = Blob()
    entry = blob.add(m, False)
    strings, _ = shown(blob.finish(), entry, 3, False)
    assert strings[1, 2] == f"{float(dtype(value)):.3f}"
    if dtype == np.float64:
        assert strings[1, 2] == digits
    assert printed(m)[1, 2] == int(f"{float(dtype(value)):.3f}".replace(".", ""))


def test_float64_ties_are_decided_from_the_exact_binary_value():
    values = np.array([[0.0625, 0.1875, 2.5e-4 + 1e-18, 0.3125, 0.0005, 0.0015, 0.0025, 0.0035]])
    assert [text(int(t)) for t in printed(values)[0]] == [f"{v:.3f}" for v in values[0]]


@pytest.mark.parametrize("n, causal, expected", [(4, False, 16), (4, True, 10), (1, True, 1), (0, False, 0)])
def test_cells(n, causal, expected):
    assert cells(n, causal) == expected


def test_guess_is_javascripts_math_round_of_the_bin_middle():
    k = np.arange(256)
    x = (k + 0.5) / 256 * 0.8 * 1000
    assert guess(k, 0.8).tolist() == [int(np.floor(v + 0.5)) for v in x]  # Math.round: ties toward +infinity
    assert guess(np.array([0]), 0.256).tolist() == [1]  # 0.5 exactly: up, as Math.round does (rint would say 0)
    assert guess(np.array([1]), 0.256).tolist() == [2]  # 1.5: up


def test_several_matrices_share_a_blob_at_their_offsets():
    a, b, c = softmax(5, seed=1), softmax(7, causal=True, seed=2), softmax(3, seed=3)
    blob = Blob(index=4)
    entries = [blob.add(a, False), blob.add(b, True), blob.add(c, False)]
    assert [e["b"] for e in entries] == [4, 4, 4]
    assert [e["o"] for e in entries] == [0, 25, 25 + 28]
    assert blob.size == 25 + 28 + 9
    packed = blob.finish()
    raw = zlib.decompress(base64.b64decode(packed))
    assert len(raw) == 2 * blob.size  # a colour byte and a digit byte per cell
    for matrix, entry, causal in zip((a, b, c), entries, (False, True, False), strict=True):
        strings, _ = shown(packed, entry, len(matrix), causal)
        keep = ~np.triu(np.ones(matrix.shape, bool), 1) if causal else np.ones(matrix.shape, bool)
        np.testing.assert_array_equal(strings[keep], python_prints(matrix)[keep])


def test_the_digit_plane_is_small_and_compresses():
    m = softmax(128, seed=4)
    meta, k, r = planes(m, False)
    assert k.dtype == np.uint8 and r.dtype == np.int8 and k.size == r.size == 128 * 128
    assert np.abs(r).max() <= 2  # the colour code nearly tells the digits
    assert len(zlib.compress(r.tobytes())) < 0.3 * r.size


def test_an_all_zero_matrix_and_bad_shapes():
    blob = Blob()
    entry = blob.add(np.zeros((3, 3), np.float32), False)
    strings, codes = shown(blob.finish(), entry, 3, False)
    assert (strings == "0.000").all() and (codes == 0).all() and entry["s"] == 0.0 and entry["t"] == 0
    with pytest.raises(ValueError, match="square"):
        planes(np.zeros((2, 3)), False)
    with pytest.raises(ValueError, match="square"):
        planes(np.zeros(4), False)
    with pytest.raises(ValueError, match="do not fit"):
        planes(np.array([[0.0, 100.0], [0.0, 1.0]]), False)  # weights far above 1 cannot be stored this way


def test_text_writes_thousandths_with_integers():
    assert [text(t) for t in (0, 7, 62, 999, 1000, 1234)] == ["0.000", "0.007", "0.062", "0.999", "1.000", "1.234"]
    assert encoder.DIGITS == 3 and encoder.LEVELS == 256


def test_types_the_page_relies_on():
    m = softmax(6, seed=5)
    assert printed(m).dtype == np.int64 and guess(np.arange(3), 0.5).dtype == np.int64
    assert encoder.colour_codes(m, float(m.max())).dtype == np.uint8
    assert encoder.colour_codes(np.zeros((2, 2)), 0.0).dtype == np.uint8
    assert Blob().add(m, False)["b"] == 0  # a page's first blob


def test_a_zero_matrix_divides_by_nothing():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division by a zero scale
        codes = encoder.colour_codes(np.zeros((2, 2), np.float32), 0.0)
    assert (codes == 0).all()


def test_an_empty_matrix():
    meta, k, r = planes(np.zeros((0, 0), np.float32), False)
    assert meta == {"s": 0.0, "t": 0} and k.size == r.size == 0


def test_the_digit_plane_limit_is_exactly_a_signed_byte():
    meta, _, r = planes(np.array([[0.0, 65.0], [0.0, 0.0]]), False)  # residuals of -127 and +127 still fit
    assert sorted({int(r.min()), int(r.max())}) == [-127, 127]
    with pytest.raises(ValueError, match="do not fit"):
        planes(np.array([[0.0, 65.5], [0.0, 0.0]]), False)  # -128: one too many


def test_masked_cells_are_minus_one_in_both_planes():
    m = softmax(5, causal=True, seed=6)
    blob = Blob()
    entry = blob.add(m, True)
    thousandths, codes = decode(blob.finish(), entry, 5, True)
    future = np.triu(np.ones((5, 5), bool), 1)
    assert (thousandths[future] == -1).all() and (codes[future] == -1).all()
    assert (thousandths[~future] >= 0).all()
