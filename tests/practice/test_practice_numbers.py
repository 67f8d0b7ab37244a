"""The number stages' rules (attn_teach.practice.numbers) on hand-made cases: each rule, each boundary.

Fast (no model, no child): the cases are what the child would report, built with
``child.describe_value`` from small softmax arrays whose layer, batch, head and
token counts all differ, so that a rule looking at the wrong axis fails here.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from attn_teach.practice import numbers
from attn_teach.practice.child import describe_value


@pytest.fixture(autouse=True)
def _findings_can_be_said(monkeypatch):
    """Every finding made here must fill its hint's text: a value missing or misnamed fails the test."""
    import dataclasses

    from attn_teach.practice.hints import HINTS, Finding

    @dataclasses.dataclass(frozen=True)
    class Said(Finding):
        def __post_init__(self):
            HINTS[self.key].format(**self.values)

    monkeypatch.setattr(numbers, "Finding", Said)


def softmax_weights(layers=3, batch=2, heads=4, tokens=5, seed=0) -> np.ndarray:
    """(layer, batch, head, query, key), every row a softmax; peaked so that axes are told apart."""
    logits = np.random.default_rng(seed).normal(size=(layers, batch, heads, tokens, tokens)) * 3
    e = np.exp(logits)
    return (e / e.sum(-1, keepdims=True)).astype(np.float32)


W = softmax_weights()
EXPECTED = W[-1, 0].mean(axis=0)  # (query, key)


def case(value, weights=W, label="case"):
    return {"label": label, "result": describe_value(value), "expected": {"weights": weights}}


def finding(value, weights=W):
    return numbers.matrix_finding(describe_value(value), weights, "the batch of two")


def test_right_matrix_passes_and_float32_noise_is_allowed():
    assert finding(EXPECTED) is None
    assert finding(EXPECTED + 1.5e-6) is None  # float32 arithmetic in another order


@pytest.mark.parametrize("off", [3e-6, -3e-6])
def test_tolerance_is_as_tight_as_float32(off):
    got = EXPECTED.astype(np.float64).copy()
    got[1, 2] += off
    assert finding(got) is not None


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (torch.tensor(EXPECTED), "not_ndarray"),
        (EXPECTED.tolist(), "not_ndarray"),
        (W[-1].mean(axis=1)[:1], "batch_kept"),
        (W[-1].mean(axis=1), "batch_kept"),
        (W[-1, 0].mean(axis=2), "wrong_axis"),
        (W[-1, 0].mean(axis=1), "averaged_queries"),  # weights[0].mean(axis=1): [0] first, then the old axis
        (W[-1, 0].max(axis=0), "head_max"),
        (W[:, 0, -1].mean(axis=0), "layers_heads_mixed"),
        (EXPECTED[:, :3], "shape_wrong"),
        (EXPECTED[None, None], "shape_wrong"),
        (EXPECTED.T, "transposed_matrix"),
        (np.round(EXPECTED, 2), "rounded"),
        (EXPECTED.astype(np.float16), "low_precision"),
        (EXPECTED.astype(np.float16).astype(np.float32), "low_precision"),
        (W[-1].mean(axis=(0, 1)), "batch_mean"),
        (W[-1].mean(axis=0)[0], "batch_axis_mean"),  # axis 0 taken for the heads, then [0]: head 0, mixed
        (W[-1, 0, 0], "head_zero"),
        (W[0, 0].mean(axis=0), "first_layer"),
        (W[-1, 0].sum(axis=0), "rows_not_one"),
        (W[-1, 1].mean(axis=0), "numbers_differ"),
    ],
)
def test_each_mistake_is_named(value, key):
    got = finding(value)
    assert got is not None and got.key == key, got


def test_values_in_the_findings():
    assert finding(W[-1, 0].sum(axis=0)).values["total"] == pytest.approx(4.0, abs=1e-5)
    differ = finding(W[-1, 1].mean(axis=0)).values["diff"]
    assert differ == pytest.approx(float(np.max(np.abs(W[-1, 1].mean(0) - EXPECTED))), rel=1e-6)
    assert finding(W[-1, 0].mean(axis=1)).values == {"shape": (4, 5), "expected": (5, 5)}
    assert finding(W[-1].mean(axis=(0, 1))).values == {"case": "the batch of two", "batch": 2}
    assert finding(EXPECTED[:, :3]).values == {"got": (5, 3), "expected": (5, 5)}
    assert finding(torch.tensor(EXPECTED)).values == {"type": "torch.Tensor"}
    assert finding([1]).values == {"type": "list"}
    low = finding(EXPECTED.astype(np.float16)).values["diff"]
    assert 0 < low < 1e-3


def test_a_batch_of_one_is_not_a_batch_mean():
    one = W[:, :1]
    assert numbers.matrix_finding(describe_value(one[-1].mean(axis=(0, 1))), one, "x") is None
    # the first layer is only named when there is more than one layer
    single = W[-1:]
    got = numbers.matrix_finding(describe_value(W[0, 0].mean(axis=0)), single, "x")
    assert got.key == "numbers_differ"


def test_symmetric_matrix_is_not_called_transposed():
    sym = (W + np.swapaxes(W, -1, -2)) / 2
    got = numbers.matrix_finding(describe_value(sym[-1, 0].mean(0).T * 1.01), sym, "x")
    assert got.key != "transposed_matrix"


def test_every_case_is_checked():
    second = softmax_weights(seed=1)
    cases = [case(EXPECTED), case(EXPECTED, second, "second")]
    assert numbers.check_to_numpy(cases).key == "numbers_differ"
    assert numbers.check_head_mean([case(EXPECTED), case(second[-1, 0].mean(0), second)]) is None
    mixed = numbers.check_head_mean([case(EXPECTED), case(second[-1].mean(axis=(0, 1)), second, "second")])
    assert mixed.values == {"case": "second", "batch": 2}
    mixed = numbers.check_to_numpy([case(second[-1].mean(axis=(0, 1)), second, "third")])
    assert mixed.values == {"case": "third", "batch": 2}


# -- stage 1 ----------------------------------------------------------------------------------
def attentions(weights):  # (layer, 1, head, q, k) -> the tuple transformers returns
    return tuple(torch.tensor(w) for w in weights)


W1 = W[:, :1]  # batch of one


def extract_case(value, label="random BERT 3x2"):
    return [{"label": label, "result": describe_value(value), "expected": {"weights": W1}}]


def test_stage_1_right():
    assert numbers.check_extract(extract_case(attentions(W1))) is None
    assert numbers.check_extract(extract_case(list(attentions(W1)))) is None


def test_stage_1_compares_every_layer():
    wrong_last = list(attentions(W1))
    wrong_last[-1] = torch.tensor(W[-1, 1:2])
    got = numbers.check_extract(extract_case(tuple(wrong_last)))
    assert got.key == "attentions_differ" and got.values["layer"] == 2 and got.values["case"] == "random BERT 3x2"
    repeated = numbers.check_extract(extract_case((torch.tensor(W1[0]),) * 3))
    assert repeated.key == "same_layer_repeated" and repeated.values == {"layer": 1}
    last = numbers.check_extract(extract_case((torch.tensor(W1[-1]),) * 3))  # the last layer repeated
    assert last == numbers.Finding("same_layer_repeated", {"layer": 1})
    for mixed in ((0, 2, 2), (0, 2, 0)):  # some layers alike, not all: not one layer repeated
        got = numbers.check_extract(extract_case(tuple(torch.tensor(W1[k]) for k in mixed)))
        assert got.key == "attentions_differ" and got.values["layer"] == 1
    single = numbers.check_extract(
        [{"label": "x", "result": describe_value((torch.tensor(W1[1]),)), "expected": {"weights": W1[:1]}}]
    )
    assert single.key == "attentions_differ" and single.values["layer"] == 0  # one layer: nothing repeated


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("outputs", "not_tuple"),
        ((), "sdpa_empty"),
        (attentions(W1)[:1], "layer_count"),
        (tuple(torch.tensor(w[0]) for w in W1), "shape_wrong"),
        ((None, None, None), "shape_wrong"),
    ],
)
def test_stage_1_mistakes(value, key):
    assert numbers.check_extract(extract_case(value)).key == key


def test_stage_1_dropout_is_named():
    rng = np.random.default_rng(3)
    dropped = W1 * (rng.random(W1.shape) > 0.1) / 0.9  # attention dropout with p = 0.1
    assert numbers.check_extract(extract_case(attentions(dropped.astype(np.float32)))).key == "dropout_on"
    other = W1.copy()
    other[0, 0, 0, 0] = 0  # zeros, the rows no longer sum to 1, the rest not scaled
    other[0, 0, 0, 0, 1] = 0.5
    assert numbers.check_extract(extract_case(attentions(other))).key == "dropout_on"
    layers = numbers.check_extract(extract_case(attentions(np.ascontiguousarray(W1[:, :, ::-1]))))
    assert layers.key == "attentions_differ"


# -- stage 2 ----------------------------------------------------------------------------------
def shape_cases(*answers):
    shapes = [(4, 4, 9, 9), (3, 2, 12, 12)]
    return [
        {"label": f"model {i}", "result": describe_value(a), "expected": {"shape": list(s)}}
        for i, (a, s) in enumerate(zip(answers, shapes))
    ]


def test_stage_2():
    assert numbers.check_shape(shape_cases((4, 4, 9, 9), (3, 2, 12, 12))) is None
    assert numbers.check_shape(shape_cases([4, 4, 9, 9], (3, 2, 12, 12))) is None
    fixed = numbers.check_shape(shape_cases((4, 4, 9, 9), (4, 4, 9, 9)))
    assert fixed.key == "shape_fixed" and fixed.values == {
        "got": (4, 4, 9, 9),
        "case": "model 1",
        "expected": (3, 2, 12, 12),
    }
    assert numbers.check_shape(shape_cases((4, 4, 9, 9), (2, 3, 12, 12))).key == "layers_heads_swapped"
    assert numbers.check_shape(shape_cases((4, 1, 4, 9, 9))).key == "batch_kept"
    assert numbers.check_shape(shape_cases((4, 4, 9))).key == "shape_numbers"
    assert numbers.check_shape(shape_cases((4, 4, 9, 9), (3, 2, 12, 11))).key == "shape_numbers"
    assert numbers.check_shape(shape_cases(7)) == numbers.Finding("shape_numbers", {"got": 7})
    assert numbers.check_shape(shape_cases({"layers": 4})) == numbers.Finding("shape_numbers", {"got": "dict"})
    assert numbers.check_shape(shape_cases(("a", 4, 9, 9))).key == "shape_numbers"
    assert numbers.check_shape(shape_cases((4, 2, 4, 9, 9))).key == "shape_numbers"


# -- stage 7 ----------------------------------------------------------------------------------
TOKENS = ["▁", "今日", "は", "</s>", "。"]


def japanese_case(value):
    return [{"label": "text", "result": describe_value(value), "expected": {"weights": W[:, 0], "tokens": TOKENS}}]


def test_stage_7():
    assert numbers.check_japanese(japanese_case((TOKENS, EXPECTED))) is None
    assert numbers.check_japanese(japanese_case((np.array(TOKENS), EXPECTED))) is None
    assert numbers.check_japanese(japanese_case(EXPECTED)).key == "not_pair"
    assert numbers.check_japanese(japanese_case((TOKENS, EXPECTED, 1))).key == "not_pair"
    short = numbers.check_japanese(japanese_case((TOKENS[:3], EXPECTED)))
    assert short.key == "tokens_from_tokenize" and short.values == {"got": 3, "rows": 5, "missing": "</s> 。"}
    assert numbers.check_japanese(japanese_case((TOKENS[::-1], EXPECTED))) == numbers.Finding(
        "tokens_differ", {"expected": "▁ 今日 は </s> 。"}
    )
    assert numbers.check_japanese(japanese_case(([], EXPECTED))).key == "tokens_differ"
    assert numbers.check_japanese(japanese_case((TOKENS, EXPECTED.T))).key == "transposed_matrix"
    assert numbers.check_japanese(japanese_case((TOKENS, W[-1, 0].mean(axis=0, keepdims=True)))).key == "batch_kept"


# -- the limits between the matrix hints -------------------------------------------------------------
def test_a_batch_of_one_kept_is_named():
    one = W[:, :1]
    got = numbers.matrix_finding(describe_value(one[-1].mean(axis=1)), one, "x")
    assert got == numbers.Finding("batch_kept", {"shape": (1, 5, 5)})


def test_float16_is_recognised_within_1e_3_and_other_numbers_beyond():
    near = EXPECTED.astype(np.float64).copy()
    near[0, 0] += 8e-4  # float16's error is ~1e-4; within LOOSE: named low precision
    got = finding(near)
    assert got.key == "low_precision" and got.values["diff"] == pytest.approx(8e-4, rel=1e-3)
    far = EXPECTED.astype(np.float64).copy()
    far[0, 0] += 1.2e-3  # beyond: not float16 (the row still sums to 1)
    far[0, 1] -= 1.2e-3
    got = finding(far)
    assert got.key == "numbers_differ" and got.values["diff"] == pytest.approx(1.2e-3, rel=1e-3)


def test_a_float16_result_is_named_whatever_its_error():
    described = describe_value(EXPECTED.astype(np.float16))
    described["array"] = (EXPECTED + 0.05).tolist()  # far off, but reported as float16
    got = numbers.matrix_finding(described, W, "x")
    assert got.key == "low_precision" and got.values["diff"] == pytest.approx(0.05, rel=1e-3)


def test_rounded_means_two_decimals_exactly():
    assert finding(np.round(EXPECTED, 2)) == numbers.Finding("rounded")
    three = finding(np.round(EXPECTED, 3))  # three decimals: within float16's reach, not "two decimals"
    assert three.key == "low_precision"


def test_rows_must_sum_to_one_within_1e_3():
    off = W[-1, 1].mean(axis=0).astype(np.float64)  # another sentence's matrix: rows sum to 1
    assert finding(off).key == "numbers_differ"
    assert finding(off * 1.0008).key == "numbers_differ"
    got = finding(off * 1.0012)
    assert got.key == "rows_not_one" and got.values["total"] == pytest.approx(1.0012, rel=1e-6)


def test_a_batch_of_one_head_is_not_called_a_batch_mean():
    one = W[:, :1]
    head = one[-1].mean(axis=0)[0]  # the first head of the only sentence
    assert numbers.matrix_finding(describe_value(head), one, "x").key == "head_zero"


def test_transposed_only_beyond_float32():
    got = EXPECTED.T.astype(np.float64).copy()
    got[0, 1] += 1.5e-6
    assert finding(got) == numbers.Finding("transposed_matrix")


def test_head_axis_left_names_the_shapes():
    # the heads' mean left out: (head, query, key) of the first sentence
    got = finding(W[-1, 0])
    assert got == numbers.Finding("shape_wrong", {"got": (4, 5, 5), "expected": (5, 5)})
    got = finding(W[-1, 0].mean(axis=2))  # the mean over the keys: (head, query), a head axis left
    assert got == numbers.Finding("wrong_axis", {"shape": (4, 5), "expected": (5, 5)})
    square = softmax_weights(heads=5)  # heads == tokens: the shape cannot tell a head axis, the numbers can
    got = numbers.matrix_finding(describe_value(square[-1, 0].mean(axis=1)), square, "x")
    assert got.key == "numbers_differ"


def test_stage_1_values():
    short = numbers.check_extract(extract_case(attentions(W1)[:2]))
    assert short.values == {"got": 2, "expected": 3}
    long = describe_value(attentions(W1)[:2])
    long["length"] = 40  # the child describes the first items of a long tuple, and its length
    assert numbers.check_extract([{"label": "x", "result": long, "expected": {"weights": W1}}]).values["got"] == 40
    del long["length"]
    assert numbers.check_extract([{"label": "x", "result": long, "expected": {"weights": W1}}]).values["got"] == 2
    got = numbers.check_extract(extract_case((None, None, None)))
    assert got.values == {"got": None, "expected": (1, 4, 5, 5)}
    got = numbers.check_extract(extract_case(tuple(torch.tensor(w[0]) for w in W1)))
    assert got.values == {"got": (4, 5, 5), "expected": (1, 4, 5, 5)}
    assert numbers.check_extract(extract_case(7)).values == {"type": "int"}
    unread = [{"label": "x", "result": {}, "expected": {"weights": W1}}]  # a value the child could not describe
    assert numbers.check_extract(unread).values == {"type": "?"}
    differ = list(attentions(W1))
    differ[1] = torch.tensor(W[1, 1:2])
    got = numbers.check_extract(extract_case(tuple(differ)))
    assert got.values == {
        "layer": 1,
        "case": "random BERT 3x2",
        "diff": pytest.approx(float(np.max(np.abs(W[1, 1] - W[1, 0])))),
    }


def test_stage_1_float32_noise_passes_and_more_does_not():
    noisy = W1.astype(np.float64) + 1.5e-6
    assert numbers.check_extract(extract_case(tuple(torch.tensor(w) for w in noisy))) is None
    off = W1.astype(np.float64).copy()
    off[2, 0, 1, 2, 3] += 3e-6
    assert numbers.check_extract(extract_case(tuple(torch.tensor(w) for w in off))).key == "attentions_differ"


def test_stage_1_every_case_is_checked():
    second = softmax_weights(seed=5)[:, :1]
    cases = extract_case(attentions(W1)) + [
        {"label": "second", "result": describe_value(attentions(W1)), "expected": {"weights": second}}
    ]
    got = numbers.check_extract(cases)
    assert got.key == "attentions_differ" and got.values["case"] == "second" and got.values["layer"] == 0


def test_stage_1_dropout_needs_zeros_where_weights_are_not():
    scaled = W1 / 0.9  # no zero, only scaled: not dropout
    assert numbers.check_extract(extract_case(attentions(scaled.astype(np.float32)))).key == "attentions_differ"
    zeros_where_zero = W1.copy()
    zeros_where_zero[0, 0, 0, 0, :] = 0  # a whole row of zeros, the rest right: rows no longer sum to 1
    assert numbers.check_extract(extract_case(attentions(zeros_where_zero))).key == "dropout_on"


def test_stage_2_the_first_wrong_case_is_named():
    got = numbers.check_shape(shape_cases((4, 4, 9, 9), (3, 2, 12, 13)))
    assert got == numbers.Finding("shape_numbers", {"got": (3, 2, 12, 13)})
    swapped = numbers.check_shape(shape_cases((4, 4, 9, 9), (2, 3, 12, 12)))
    assert swapped.values == {"got": (2, 3, 12, 12)}
    kept = numbers.check_shape(shape_cases((4, 4, 9, 9), (3, 1, 2, 12, 12)))
    assert kept == numbers.Finding("batch_kept", {"shape": (3, 1, 2, 12, 12)})
    assert numbers.check_shape(shape_cases((4, 4, 9, 9), (3, 2, 2, 12, 12))).key == "shape_numbers"
    assert numbers.check_shape(shape_cases(None)) == numbers.Finding("shape_numbers", {"got": None})


def test_stage_7_tokens():
    assert numbers.check_japanese(japanese_case(([], EXPECTED))) == numbers.Finding(
        "tokens_differ", {"expected": "▁ 今日 は </s> 。"}
    )
    longer = numbers.check_japanese(japanese_case((TOKENS + ["x"], EXPECTED)))
    assert longer.key == "tokens_differ"
    other = numbers.check_japanese(japanese_case((["▁", "今日", "x"], EXPECTED)))
    assert other.key == "tokens_differ"
    assert numbers.check_japanese(japanese_case((tuple(TOKENS), EXPECTED))) is None
    assert numbers.check_japanese(japanese_case(((1, 2, 3, 4, 5), EXPECTED))).key == "tokens_differ"
    assert numbers.check_japanese(japanese_case(("▁今日は</s>。", EXPECTED))).key == "tokens_differ"
    assert numbers.check_japanese(japanese_case((TOKENS, EXPECTED + 3e-6))) is not None  # beyond float32


def test_values_the_child_could_not_describe():
    assert numbers.matrix_finding({}, W, "x") == numbers.Finding("not_ndarray", {"type": "?"})
    assert numbers.matrix_finding({"type": "ndarray"}, W, "x") == numbers.Finding("not_ndarray", {"type": "ndarray"})
    assert numbers.check_shape([{"label": "x", "result": {}, "expected": {"shape": [1, 2, 3, 3]}}]).values == {
        "got": None
    }
    no_tokens = describe_value((object(), EXPECTED))
    assert numbers.check_japanese(japanese_case(None)[:0] + [{**japanese_case(None)[0], "result": no_tokens}]).key == (
        "tokens_differ"
    )


def test_stage_1_dropout_each_sign_alone():
    """Dropout shows as zeros with the rest scaled by 1/0.9, or as zeros with rows no longer summing to 1."""
    rows = np.array([[0.1, 0.3, 0.6], [0.3, 0.1, 0.6]], dtype=np.float32)  # one row per layer
    weights = np.broadcast_to(rows[:, None, None, None], (2, 1, 2, 3, 3)).copy()  # (layer, batch, head, q, k)
    dropped = np.where(np.isclose(weights, 0.1), 0, weights / 0.9)  # the 0.1 dropped: rows still sum to 1
    case = [{"label": "x", "result": describe_value(attentions(dropped)), "expected": {"weights": weights}}]
    assert numbers.check_extract(case) == numbers.Finding("dropout_on")
    small = W1.copy()
    small[0, 0, 0, 0] = [0.6, 0.3995, 0.0005, 0, 0]  # a tiny weight ...
    zeroed = small.copy()
    zeroed[0, 0, 0, 0, 2] = 0  # ... set to 0: not scaled, the row sums to 1 within 1e-3: not dropout
    case = [{"label": "x", "result": describe_value(attentions(zeroed)), "expected": {"weights": small}}]
    # not dropout; a difference this small (5e-4) is named as low precision, the float16 hint
    assert numbers.check_extract(case).key in {"attentions_differ", "low_precision"}
