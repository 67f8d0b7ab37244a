"""The checks of the number stages (1, 2, 3, 5, 7), run in the parent on the child's plain-data report.

Each check takes the stage's cases (``result`` as described by
:func:`attn_teach.practice.child.describe_value`, ``expected`` as computed by
:mod:`attn_teach.practice.inputs`) and returns the first :class:`Finding` or None.
A result must be right on *every* case; the cases differ where learners confuse
things (layers and heads, the batch, the text's length), and the first wrong case
is named. Numbers are compared as tightly as float32 allows (:data:`ATOL`), so
two decimals or float16 fail, and are named.
"""

from __future__ import annotations

import numpy as np

from attn_teach.practice.hints import Finding

ATOL = 2e-6  # float32 softmax weights computed in another order agree to ~1e-7; float16 is off by ~1e-4
LOOSE = 1e-3  # float16 and rounding are recognised within this


def _array(described: dict) -> np.ndarray | None:
    array = described.get("array")
    return None if array is None else np.asarray(array, dtype=np.float64)


def _close(a: np.ndarray, b: np.ndarray, atol: float = ATOL) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, atol=atol, rtol=0))


def matrix_finding(result: dict, weights: np.ndarray, case: str, *, batch_index: int = 0) -> Finding | None:
    """A ``(query, key)`` head mean of the last layer, first sentence; ``weights`` is (layer, batch, head, q, k)."""
    expected = weights[-1, batch_index].mean(axis=0)  # (query, key)
    if result.get("type") == "Tensor":
        return Finding("not_ndarray", {"type": "torch.Tensor"})
    got = _array(result)
    if result.get("type") != "ndarray" or got is None:
        return Finding("not_ndarray", {"type": result.get("type", "?")})
    batch = weights.shape[1]
    if got.shape in ((1, *expected.shape), (batch, *expected.shape)) and got.ndim == 3 and batch > 0:
        return Finding("batch_kept", {"shape": tuple(got.shape)})
    if got.shape != expected.shape:
        if _close(got, weights[-1, batch_index].mean(axis=1)) and got.shape[0] != batch:  # [0] first, then axis=1
            return Finding("averaged_queries", {"shape": tuple(got.shape), "expected": expected.shape})
        if got.ndim >= 2 and got.shape[-2] == weights.shape[2] != expected.shape[0]:  # a head axis left
            return Finding("wrong_axis", {"shape": tuple(got.shape), "expected": expected.shape})
        return Finding("shape_wrong", {"got": tuple(got.shape), "expected": expected.shape})
    if _close(got, expected):
        return None
    if _close(got, expected.T) and not _close(expected, expected.T):
        return Finding("transposed_matrix")
    if _close(got, np.round(expected, 2), atol=1e-6):
        return Finding("rounded")
    if result.get("dtype") == "float16" or _close(got, expected, atol=LOOSE):
        return Finding("low_precision", {"diff": float(np.max(np.abs(got - expected)))})
    if batch > 1 and _close(got, weights[-1].mean(axis=0)[0]):  # axis 0 taken for the heads, then [0]
        return Finding("batch_axis_mean", {"case": case, "batch": batch})
    if batch > 1 and _close(got, weights[-1].mean(axis=(0, 1))):
        return Finding("batch_mean", {"case": case, "batch": batch})
    if weights.shape[2] > 1 and _close(got, weights[-1, batch_index, 0]):
        return Finding("head_zero")
    if len(weights) > 1 and _close(got, weights[0, batch_index].mean(axis=0)):
        return Finding("first_layer")
    if len(weights) > 1 and _close(got, weights[:, batch_index, -1].mean(axis=0)):
        return Finding("layers_heads_mixed")
    if _close(got, weights[-1, batch_index].max(axis=0)):
        return Finding("head_max")
    sums = got.sum(axis=-1)
    if not np.allclose(sums, 1.0, atol=1e-3):
        return Finding("rows_not_one", {"total": float(np.median(sums))})
    return Finding("numbers_differ", {"diff": float(np.max(np.abs(got - expected)))})


def _first(cases: list[dict], one) -> Finding | None:
    for case in cases:
        finding = one(case["result"], case["expected"], case["label"])
        if finding is not None:
            return finding
    return None


def _head_mean_cases(cases: list[dict], one) -> Finding | None:
    """The first finding; "head 0" on a batch of one is the batch mean then [0] when a later batch shows it."""
    finding = _first(cases, one)
    if finding is not None and finding.key == "head_zero":
        later = [one(case["result"], case["expected"], case["label"]) for case in cases]
        return next((f for f in later if f is not None and f.key == "batch_axis_mean"), finding)
    return finding


def check_extract(cases: list[dict]) -> Finding | None:
    """Stage 1: ``outputs.attentions``, every layer equal to the model's, on every case."""

    def one(result, expected, label):
        weights = expected["weights"][:, 0]  # (layer, head, query, key)
        items = result.get("items")
        if items is None:
            return Finding("not_tuple", {"type": result.get("type", "?")})
        if not items:
            return Finding("sdpa_empty")
        if len(items) != len(weights):
            return Finding("layer_count", {"got": result.get("length", len(items)), "expected": len(weights)})
        arrays = [_array(item) for item in items]
        want = (1, *weights.shape[1:])
        for got in arrays:
            if got is not None and got.shape[:2] == want[:2] and got.shape[2:] == (want[2] - 2, want[3] - 2):
                return Finding("special_tokens_missing", {"got": tuple(got.shape), "expected": want})
            if got is None or got.shape != want:
                return Finding("shape_wrong", {"got": None if got is None else tuple(got.shape), "expected": want})
        for layer, got in enumerate(arrays):
            if _close(got[0], weights[layer]):
                continue
            if len(arrays) > 1 and all(_close(a, arrays[0]) for a in arrays[1:]):  # any one layer, repeated
                return Finding("same_layer_repeated", {"layer": max(layer, 1)})
            diff = float(np.max(np.abs(got[0] - weights[layer])))
            if any(item.get("dtype") in ("float16", "bfloat16") for item in items) or 1e-5 < diff < LOOSE:
                return Finding("low_precision", {"diff": diff})
            zeros = (got[0] == 0) & (weights[layer] > 1e-6)
            if zeros.any() and np.allclose(got[0][~zeros] * 0.9, weights[layer][~zeros], atol=1e-5):
                return Finding("dropout_on")
            if zeros.any() and not np.allclose(got[0].sum(axis=-1), 1, atol=1e-3):
                return Finding("dropout_on")
            return Finding(
                "attentions_differ",
                {"layer": layer, "case": label, "diff": float(np.max(np.abs(got[0] - weights[layer])))},
            )
        return None

    finding = _first(cases, one)
    if finding is not None and finding.key == "shape_wrong" and len(cases) > 1:
        first = tuple(cases[0]["expected"]["weights"].shape[-2:])
        for case in cases[1:]:
            items = case["result"].get("items") or []
            arrays = [_array(item) for item in items]
            shape = tuple(case["expected"]["weights"].shape[-2:])
            if arrays and all(a is not None and a.shape[-2:] == first != shape for a in arrays):
                got = tuple(arrays[0].shape)
                return Finding(
                    "text_ignored",
                    {"got": got, "case": case["label"], "expected": (1, *case["expected"]["weights"][:, 0].shape[1:])},
                )
    return finding


def check_shape(cases: list[dict]) -> Finding | None:
    """Stage 2: ``(layers, heads, queries, keys)`` on two models whose layer and head counts differ."""
    answers = []
    for case in cases:
        result, expected = case["result"], tuple(case["expected"]["shape"])
        items = result.get("items")
        try:
            got = tuple(int(item["value"]) for item in items)
        except (TypeError, KeyError, ValueError):
            return Finding("shape_numbers", {"got": result.get("value", result.get("type"))})
        answers.append(got)
        if got == expected:
            continue
        if len(got) == 5 and got[1] == 1 and (got[0], *got[2:]) == expected:
            return Finding("batch_kept", {"shape": got})
        if got == (expected[1], expected[0], *expected[2:]):
            return Finding("layers_heads_swapped", {"got": got})
        if len(answers) > 1 and got == answers[0]:
            return Finding("shape_fixed", {"got": got, "case": case["label"], "expected": expected})
        return Finding("shape_numbers", {"got": got})
    return None


def check_to_numpy(cases: list[dict]) -> Finding | None:
    """Stage 3: last layer, head mean, first sentence, as NumPy; a single sentence, then a batch of two."""
    return _head_mean_cases(cases, lambda r, e, label: matrix_finding(r, e["weights"], label))


def check_head_mean(cases: list[dict]) -> Finding | None:
    """Stage 5: ``weights.mean(axis=1)[0]`` on a batch of one, then a batch of two."""
    return _head_mean_cases(cases, lambda r, e, label: matrix_finding(r, e["weights"], label))


def check_japanese(cases: list[dict]) -> Finding | None:
    """Stage 7: ``(tokens, matrix)`` on two texts of different lengths."""

    def one(result, expected, label):
        items = result.get("items")
        if items is None or len(items) != 2:
            return Finding("not_pair")
        tokens_d, matrix_d = items
        want = expected["tokens"]
        tokens = [str(i.get("value")) for i in tokens_d.get("items", [])] if "items" in tokens_d else None
        if tokens is None and "strings" in tokens_d:
            tokens = tokens_d["strings"]
        if tokens != want:
            if tokens and tokens == want[: len(tokens)] and len(tokens) < len(want):
                matrix = _array(matrix_d)
                if matrix is not None and matrix.shape == (len(tokens), len(tokens)):  # the model read fewer
                    return Finding(
                        "special_token_not_read",
                        {"got": len(tokens), "rows": len(want), "missing": " ".join(want[len(tokens) :])},
                    )
                return Finding(
                    "tokens_from_tokenize",
                    {"got": len(tokens), "rows": len(want), "missing": " ".join(want[len(tokens) :])},
                )
            return Finding("tokens_differ", {"expected": " ".join(want)})
        return matrix_finding(matrix_d, expected["weights"][:, None], label)

    return _first(cases, one)
