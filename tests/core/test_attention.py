"""The ``Attention`` value on hand-made arrays: validation, indexing, reductions, files.

No model is loaded here: known-answer inputs (identity, uniform, causal-uniform)
make every expected value obvious.
"""

from __future__ import annotations

import numpy as np
import pytest

from attn_teach import Attention, AttnTeachError

TOKENS = ["[CLS]", "i", "love", "[SEP]"]
MASK = np.array([True, False, False, True])


def uniform(n_layers: int = 2, n_heads: int = 3, n: int = 4) -> np.ndarray:
    return np.full((n_layers, n_heads, n, n), 1.0 / n, dtype=np.float32)  # (layer, head, query, key)


def identity(n_layers: int = 2, n_heads: int = 3, n: int = 4) -> np.ndarray:
    return np.broadcast_to(np.eye(n, dtype=np.float32), (n_layers, n_heads, n, n)).copy()


def causal_uniform(n: int) -> np.ndarray:
    lower = np.tril(np.ones((n, n), dtype=np.float32))
    return (lower / lower.sum(axis=1, keepdims=True))[None, None]  # (1, 1, query, key)


def make(weights=None, tokens=TOKENS, mask=MASK, **kwargs) -> Attention:
    return Attention("I love", "hand-made", tokens, mask, uniform() if weights is None else weights, **kwargs)


# -- validation ---------------------------------------------------------------
def test_valid_input_is_normalised():
    a = make(uniform().astype(np.float64), mask=[1, 0, 0, 1])
    assert a.weights.dtype == np.float32
    assert a.special_mask.dtype == bool
    assert a.special_mask.tolist() == [True, False, False, True]
    assert a.layers == (0, 1)  # default: numbered from 0
    assert (a.n_layers, a.n_heads, len(a)) == (2, 3, 4)
    assert a.causal is False


@pytest.mark.parametrize("shape", [(3, 4, 4), (2, 3, 4, 5), (2, 3, 5, 5), (1, 2, 3, 4, 4)])
def test_bad_shape_is_refused(shape):
    n = shape[-1]
    with pytest.raises(AttnTeachError, match="shape"):
        make(np.full(shape, 1.0 / n, dtype=np.float32))


@pytest.mark.parametrize("mask", [[True, False, True], [True, False, False, True, False], [[True] * 4]])
def test_special_mask_must_have_one_entry_per_token(mask):
    with pytest.raises(AttnTeachError, match="special_mask"):
        make(mask=np.array(mask))


def test_layers_must_match_axis_0():
    with pytest.raises(AttnTeachError, match="layers"):
        make(layers=(3,))


def test_rows_must_sum_to_one():
    w = uniform()
    w[1, 2, 3] = [0.5, 0.5, 0.5, 0.0]  # one row sums to 1.5
    with pytest.raises(AttnTeachError, match="sum to 1"):
        make(w)
    # a float32 rounding error is not an error
    w = uniform() + np.float32(1e-6)
    assert make(w).weights.shape == (2, 3, 4, 4)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_and_infinity_are_refused(bad):
    w = uniform()
    w[0, 0, 0, 0] = bad
    with pytest.raises(AttnTeachError, match="NaN or infinity"):
        make(w)


def test_error_is_the_kits_own_type_with_one_line():
    with pytest.raises(AttnTeachError) as info:
        make(mask=np.array([True]))
    assert "\n" not in str(info.value)
    assert not isinstance(info.value, ValueError)  # a plain base: `except ValueError` does not swallow it


# -- repr ---------------------------------------------------------------------
def test_repr_names_model_shape_and_tokens():
    assert repr(make()) == "Attention(model='hand-made', layers=2, heads=3, tokens=4: [CLS] i love [SEP])"


def test_repr_shortens_long_inputs():
    tokens = [f"t{i}" for i in range(12)]
    a = Attention("x", "m", tokens, np.zeros(12, bool), uniform(1, 1, 12))
    assert repr(a) == "Attention(model='m', layers=1, heads=1, tokens=12: t0 t1 t2 t3 t4 t5 t6 t7 ...)"


# -- reductions on known answers ---------------------------------------------
def test_head_mean_of_identity_is_identity():
    np.testing.assert_array_equal(make(identity()).head_mean(), np.eye(4, dtype=np.float32))


def test_head_mean_of_uniform_is_uniform():
    np.testing.assert_allclose(make().head_mean(0), np.full((4, 4), 0.25), rtol=0, atol=1e-7)


def test_head_mean_averages_heads_of_the_chosen_layer():
    w = np.concatenate([identity(1, 3), uniform(1, 3)])  # layer 0 identity, layer 1 uniform
    w[0, 0] = uniform(1, 1)[0, 0]  # head 0 of layer 0 uniform: mean = (I + I + U) / 3
    a = make(w)
    np.testing.assert_allclose(a.head_mean(0), (2 * np.eye(4) + np.full((4, 4), 0.25)) / 3, atol=1e-7)
    np.testing.assert_allclose(a.head_mean(-1), np.full((4, 4), 0.25), atol=1e-7)
    np.testing.assert_allclose(a.head_mean(0).sum(axis=1), np.ones(4), atol=1e-6)


def test_matrix_picks_one_head_or_the_mean():
    w = uniform()
    w[1, 2] = np.eye(4)
    a = make(w)
    np.testing.assert_array_equal(a.matrix(1, 2), np.eye(4))
    np.testing.assert_array_equal(a.matrix(-1, -1), np.eye(4))
    np.testing.assert_allclose(a.matrix(1), (2 * np.full((4, 4), 0.25) + np.eye(4)) / 3, atol=1e-7)  # heads 0, 1, 2
    np.testing.assert_allclose(a.matrix(0), np.full((4, 4), 0.25), atol=1e-7)


def test_causal_uniform_is_accepted_and_lower_triangular():
    a = Attention("a b c", "m", ["a", "b", "c"], np.zeros(3, bool), causal_uniform(3), causal=True)
    m = a.head_mean()
    np.testing.assert_array_equal(np.triu(m, k=1), np.zeros((3, 3)))
    np.testing.assert_allclose(m[2], [1 / 3, 1 / 3, 1 / 3], atol=1e-7)


# -- indices ------------------------------------------------------------------
def test_negative_indices_count_from_the_end():
    a = make()  # 2 layers, 3 heads
    assert [a.layer_index(i) for i in (-2, -1, 0, 1)] == [0, 1, 0, 1]
    assert [a.head_index(i) for i in (-3, -1, 0, 2)] == [0, 2, 0, 2]


@pytest.mark.parametrize("layer", [2, 7, -3, -10])
def test_layer_out_of_range(layer):
    a = make()
    with pytest.raises(AttnTeachError, match=rf"layer {layer} is out of range.*0\.\.1 or -2\.\.-1"):
        a.head_mean(layer)
    with pytest.raises(AttnTeachError, match="out of range"):
        a.matrix(layer, 0)


@pytest.mark.parametrize("head", [3, -4])
def test_head_out_of_range(head):
    with pytest.raises(AttnTeachError, match=rf"head {head} is out of range.*0\.\.2 or -3\.\.-1"):
        make().matrix(0, head)


# -- files ----------------------------------------------------------------------
def _random_attention(tokens, causal=False, layers=(1, 3)):
    rng = np.random.default_rng(0)
    w = rng.random((len(layers), 2, len(tokens), len(tokens)), dtype=np.float32)
    if causal:
        w = np.tril(w)
    w /= w.sum(axis=-1, keepdims=True)
    mask = np.array([t in ("</s>", "[CLS]") for t in tokens])
    return Attention("今日はカレー</s>", "tiny-gpt2-ja", tokens, mask, w, layers=layers, causal=causal)


@pytest.mark.parametrize("causal", [False, True])
def test_save_load_round_trip_is_exact(tmp_path, causal):
    tokens = ["▁", "今日", "は", "カレー", "ライス", "##ing", " ", "</s>"]
    a = _random_attention(tokens, causal=causal)
    path = a.save(tmp_path / "a.npz")
    assert path == tmp_path / "a.npz"
    b = Attention.load(path)
    assert b.text == a.text and b.model_name == a.model_name
    assert b.tokens == tokens
    assert b.layers == (1, 3)
    assert b.causal is causal
    np.testing.assert_array_equal(b.special_mask, a.special_mask)
    assert b.weights.dtype == np.float32
    np.testing.assert_array_equal(b.weights, a.weights)  # bit for bit, not approximately
    assert repr(b) == repr(a)


def test_save_refuses_to_overwrite(tmp_path):
    path = tmp_path / "a.npz"
    path.write_bytes(b"keep me")
    with pytest.raises(AttnTeachError, match="already exists"):
        make().save(path)
    assert path.read_bytes() == b"keep me"
    make().save(path, overwrite=True)
    assert Attention.load(path).tokens == TOKENS


@pytest.mark.parametrize("name", ["a.npy", "a", "a.npz.txt", "a.pkl"])
def test_save_refuses_other_suffixes(tmp_path, name):
    with pytest.raises(AttnTeachError, match=r"\.npz"):
        make().save(tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_load_missing_or_foreign_file_is_one_clear_error(tmp_path):
    with pytest.raises(AttnTeachError, match="no such file"):
        Attention.load(tmp_path / "missing.npz")
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, something=np.zeros(3))
    with pytest.raises(AttnTeachError, match="not an attention file.*no field"):
        Attention.load(foreign)
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"not a zip file")
    with pytest.raises(AttnTeachError, match="not an attention file"):
        Attention.load(garbage)


# -- positions by name --------------------------------------------------------
def test_layer_number_is_the_models_numbering():
    a = make(layers=(5, 7))  # e.g. extract(layers=[5, 7]) of a deeper model
    assert [a.layer_number(-1), a.layer_number(0), a.layer_number(-2)] == [7, 5, 5]
    with pytest.raises(AttnTeachError, match="out of range"):
        a.layer_number(2)


def test_token_index_by_position_or_first_occurrence():
    a = make()  # [CLS] i love [SEP]
    assert [a.token_index("love"), a.token_index(-1), a.token_index(1)] == [2, 3, 1]
    with pytest.raises(AttnTeachError, match="not in this text; its tokens are: \\[CLS\\] i love \\[SEP\\]"):
        a.token_index("hate")
    with pytest.raises(AttnTeachError, match="out of range"):
        a.token_index(4)


def _negative_rows() -> np.ndarray:
    w = uniform()
    w[1, 2, 3] = [0.75, 0.75, -0.25, -0.25]  # sums to 1, as the row-sum check wants
    return w


def _paired_infinities() -> np.ndarray:
    w = uniform()
    w[0, 1, 2, :2] = [np.inf, -np.inf]  # the row sum is NaN, but each element names the problem
    return w


@pytest.mark.parametrize(
    "change, message",
    [
        (
            dict(weights=_negative_rows()),
            r"^weights must not be negative \(softmax outputs are 0 to 1\); -0\.25 at "
            r"\(layer, head, query, key\) = \(1, 2, 3, 2\)$",
        ),
        (
            dict(weights=_paired_infinities()),
            r"^weights contain NaN or infinity, first at \(layer, head, query, key\) = "
            r"\(0, 1, 2, 0\)$",
        ),
        (dict(tokens=["[CLS]", None, "love", "[SEP]"]), r"^tokens must be strings; token 1 is None \(NoneType\)$"),
        (dict(tokens=["[CLS]", 7, "love", "[SEP]"]), r"^tokens must be strings; token 1 is 7 \(int\)$"),
        (dict(tokens=["[CLS]", b"i", "love", "[SEP]"]), r"^tokens must be strings; token 1 is b'i' \(bytes\)$"),
        (
            dict(text="caf\udcff"),
            r"^the text holds '\\udcff' at position 3, a lone surrogate that cannot be written as "
            r"UTF-8; decode the input with errors='replace'$",
        ),
        (dict(tokens=["[CLS]", "i", "lo\ud800", "[SEP]"]), r"^token 2 holds '\\ud800' at position 2, a lone surrogate"),
        (dict(model_name="m\udcff"), r"^the model name holds '\\udcff' at position 1"),
        (dict(text=b"i love"), r"^the text must be a string; got bytes$"),
    ],
)
def test_values_no_softmax_or_tokenizer_makes_are_refused_in_one_line(change, message):
    """Before: negative rows summing to 1, None tokens ('None'), bytes tokens and lone surrogates were accepted,
    and a lone surrogate later broke ``interactive(a).save`` with a raw UnicodeEncodeError."""
    fields = dict(text="i love", model_name="hand-made", tokens=list(TOKENS), special_mask=MASK, weights=uniform())
    fields.update(change)
    with pytest.raises(AttnTeachError, match=message) as info:
        Attention(**fields)
    assert "\n" not in str(info.value)


def test_numpy_strings_and_zero_weights_are_accepted():
    w = identity()  # zeros off the diagonal, not negative; -0.0 is not negative either
    w[0, 0, 0, 1] = -0.0
    a = Attention("i love", "hand-made", list(np.array(TOKENS)), MASK, w)
    assert a.tokens == TOKENS and all(type(t) is str for t in a.tokens)
