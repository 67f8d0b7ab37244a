"""The verdict (checks.judge) at every stage, for every hint the stage can give, on hand-made reports.

``test_practice.py`` runs a learner's wrong solution per (stage, hint) through the
models and the drawing; here the same verdicts come from reports written by hand
(what the child would send: described values and figures), so that they take
milliseconds and the mutation run can afford them. A hint whose report cannot be
written here is listed in ``ONLY_END_TO_END`` with the reason.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from practice_described import TOKENS, M, centres, heat, line_desc, points, texts, ticks

from attn_teach.practice.checks import baseline_path, judge
from attn_teach.practice.child import describe_value
from attn_teach.practice.stages import NUMBERS, get_stage

FIGURES = [n for n in NUMBERS if get_stage(n).figure]


def kind(number: int) -> str:
    hints = get_stage(number).hints
    return "lines" if "lines_differ" in hints else "scatter" if "not_3d" in hints else "heatmap"


def right_figure(number: int) -> dict:
    """A figure that meets everything stage ``number`` asks, drawn as its baseline (the same PNG)."""
    if kind(number) == "lines":
        desc = line_desc()
    elif kind(number) == "scatter":
        i, j = np.meshgrid(np.arange(len(M)), np.arange(len(M)), indexing="ij")
        desc = points(j.ravel(), i.ravel(), M.ravel())
    else:
        desc = heat(texts=texts())  # YlGnBu, a linked colour bar, labels turned 90 degrees, every cell's number
    png = baseline_path(number).read_bytes()
    return {**desc, "png": png, "families": ["dejavu sans"], "colorbar": desc.get("colorbar")}


def report(number: int, case: dict | None = None, **extra) -> dict:
    if case is None:
        case = {"figure": right_figure(number)}
    case = {"label": "text", "expected": {"matrix": M, "tokens": TOKENS}, "glyphs": [], "extra_figures": 0, **case}
    case.setdefault("result", {"type": "Figure"})
    return {"stage": number, "cases": [case], "rc_module": {}, "rc_function": {}, "fonts_added": [], **extra}


def changed(number: int, **changes) -> dict:
    figure = right_figure(number)
    for name, value in changes.items():
        if name in figure.get("heatmap") or {}:
            figure["heatmap"] = {**figure["heatmap"], name: value}
        else:
            figure[name] = value
    return report(number, {"figure": figure})


def lines_changed(number: int, change) -> dict:
    figure = right_figure(number)
    change(figure)
    return report(number, {"figure": figure})


def no_figure(number):
    return report(number, {"result": describe_value(None)})


def glyphs(number, family=None):
    rep = report(number)
    rep["cases"][0]["glyphs"] = ["Glyph 20170 (\\N{CJK UNIFIED IDEOGRAPH-4ECA}) missing from font(s) DejaVu Sans."]
    if family:
        rep["rc_function"] = {"font.family": f"['{family}']"}
    return rep


def _set_line(k, y):
    def change(figure):
        figure["lines"][k] = {**figure["lines"][k], "y": y}

    return change


def _lines_per_query(figure):
    for k, line in enumerate(figure["lines"]):
        line["y"] = M[k]


def _shift(figure):
    for line in figure["lines"]:
        line["x"] = line["x"] + 1


def _drop_line(figure):
    figure["lines"] = figure["lines"][:-1]


GRID = np.meshgrid(np.arange(len(M)), np.arange(len(M)), indexing="ij")
X, Y, Z = GRID[1].ravel(), GRID[0].ravel(), M.ravel()

WRONG = {
    "no_figure": no_figure,
    "global_rc": lambda n: {**report(n), "rc_module": {"image.cmap": "magma"}},
    "missing_glyph": glyphs,
    "ms_gothic": lambda n: glyphs(n, "MS Gothic"),
    # heatmaps
    "no_image": lambda n: changed(n, heatmap=None),
    "transposed": lambda n: changed(n, data=M.T, values=M.T),
    "image_differs": lambda n: changed(n, data=np.sqrt(M), values=np.sqrt(M)),
    "clipped_colours": lambda n: changed(n, vmax=0.2),
    "blended_cells": lambda n: changed(n, spread=np.ones_like(M), interpolation="bilinear"),
    "ticks_not_centred": lambda n: changed(n, xticks=ticks(TOKENS, centres() + 0.5, 90.0)),
    "ticks_off_by_one": lambda n: (
        changed(n, xticks=ticks(TOKENS[1:-1], centres(), 90.0))
        if kind(n) == "heatmap"
        else lines_changed(n, lambda f: f.update(xticks=ticks(TOKENS[1:-1], centres())))
    ),
    "unlabelled_last": lambda n: (
        changed(n, xticks=ticks(TOKENS[:-1], centres(), 90.0))
        if kind(n) == "heatmap"
        else lines_changed(n, lambda f: f.update(xticks=ticks(TOKENS[:-1], centres())))
    ),
    "labels_differ": lambda n: hidden_first(n),
    "wrong_cmap": lambda n: changed(n, cmap="viridis"),
    "no_colorbar": lambda n: changed(n, colorbar={"count": 0, "linked": False}),
    "colorbar_unlinked": lambda n: changed(n, colorbar={"count": 1, "linked": False}),
    "label_rotation": lambda n: changed(n, xticks=ticks(TOKENS, centres(), 0.0)),
    "annotations_missing": lambda n: changed(n, texts=texts()[:-3]),
    "annotations_wrong": lambda n: changed(n, texts=texts(fmt="{:.1f}")),
    "annotations_at_corners": lambda n: changed(n, texts=texts(dx=-0.5, dy=-0.5)),
    # line plots
    "lines_per_query": lambda n: lines_changed(n, _lines_per_query),
    "lines_differ": lambda n: lines_changed(n, _set_line(2, M[::-1, 2])),
    "line_count": lambda n: lines_changed(n, _drop_line),
    "lines_shifted": lambda n: lines_changed(n, _shift),
    "legend_missing": lambda n: lines_changed(n, lambda f: f.update(legend=None)),
    # the 3D scatter
    "not_3d": lambda n: report(n, {"figure": {**right_figure(n), **points(X, Y, Z, axes=0)}}),
    "no_scatter": lambda n: report(n, {"figure": {**right_figure(n), **points([], [], [], collections=0)}}),
    "origin_point": lambda n: report(n, {"figure": {**right_figure(n), **points([0, *X], [0, *Y], [0, *Z])}}),
    "one_based": lambda n: report(n, {"figure": {**right_figure(n), **points(X + 1, Y + 1, Z)}}),
    "point_count": lambda n: report(n, {"figure": {**right_figure(n), **points(X[1:], Y[1:], Z[1:])}}),
    "percent": lambda n: report(n, {"figure": {**right_figure(n), **points(X, Y, Z * 100)}}),
    "points_differ": lambda n: report(n, {"figure": {**right_figure(n), **points(Y, X, Z)}}),
}


def hidden_first(number: int) -> dict:
    """The first token's label left empty ([CLS] hidden): position 0 must be checked too."""
    labels = ["", *TOKENS[1:]]
    if kind(number) == "heatmap":
        return changed(number, xticks=ticks(labels, centres(), 90.0))
    return lines_changed(number, lambda f: f.update(xticks=ticks(labels, centres())))


FIGURE_HINTS = [(n, h) for n in FIGURES for h in get_stage(n).hints]


def test_every_figure_hint_has_a_report_here():
    assert {h for _, h in FIGURE_HINTS} <= set(WRONG), {h for _, h in FIGURE_HINTS} - set(WRONG)


@pytest.mark.parametrize("number", FIGURES)
def test_the_right_figure_is_done_at_every_figure_stage(tmp_path, number):
    outcome = judge(number, report(number), workspace=tmp_path)
    assert outcome.status == "done", outcome.text()
    assert outcome.notes[-1] == "pixels: the same as the reference figure"


@pytest.mark.parametrize("key", FIGURE_HINTS, ids=[f"{n}-{h}" for n, h in FIGURE_HINTS])
def test_each_figure_hint_at_every_stage_that_can_give_it(tmp_path, key):
    number, hint = key
    outcome = judge(number, WRONG[hint](number), workspace=tmp_path)
    assert (outcome.status, outcome.hint) == ("wrong", hint), outcome.text()
    assert outcome.message.startswith(f"stage {number} (")


@pytest.mark.parametrize("number", [n for n in FIGURES if kind(n) != "scatter"])
def test_hiding_the_first_token_fails_at_every_labelled_stage(tmp_path, number):
    outcome = judge(number, hidden_first(number), workspace=tmp_path)
    assert outcome.hint == "labels_differ" and "position 0" in outcome.message, outcome.message


# -- the number stages ---------------------------------------------------------------------------------
def softmax(shape, seed):
    """Softmax rows, peaked, every axis of another length so that a wrong axis shows."""
    e = np.exp(np.random.default_rng(seed).normal(size=shape) * 3)
    return (e / e.sum(-1, keepdims=True)).astype(np.float32)


ONE = softmax((3, 1, 4, 5, 5), 0)  # (layer, batch, head, query, key): a batch of one
TWO = softmax((2, 2, 3, 6, 6), 1)  # another model, a batch of two
JA = softmax((2, 4, 7, 7), 2)  # (layer, head, query, key)
JA_TOKENS = ["▁", "今日", "は", "良い", "天気", "。", "</s>"]


def number_report(number: int, results, errors=None) -> dict:
    """Stage ``number``'s two cases (a batch of one, then another model or a batch of two)."""
    expected = {
        1: [{"weights": ONE}, {"weights": TWO[:, :1]}],
        2: [{"shape": [3, 4, 5, 5]}, {"shape": [2, 3, 6, 6]}],
        3: [{"weights": ONE}, {"weights": TWO}],
        5: [{"weights": ONE}, {"weights": TWO}],
        7: [{"weights": JA, "tokens": JA_TOKENS}, {"weights": JA[:, :, :5, :5], "tokens": JA_TOKENS[:5]}],
    }[number]
    cases = []
    for k, (want, result) in enumerate(zip(expected, results)):
        case = {"label": ["first", "second"][k], "expected": want, "glyphs": [], "extra_figures": 0}
        if errors and errors[k]:
            case["error"] = errors[k]
        else:
            case["result"] = describe_value(result)
        cases.append(case)
    return {"stage": number, "cases": cases, "rc_module": {}, "rc_function": {}, "fonts_added": []}


def tensors(weights):  # (layer, batch, head, q, k) -> outputs.attentions
    return tuple(torch.tensor(w) for w in weights)


def right(number: int):
    return {
        1: lambda: [tensors(ONE), tensors(TWO[:, :1])],
        2: lambda: [(3, 4, 5, 5), (2, 3, 6, 6)],
        3: lambda: [ONE[-1, 0].mean(0), TWO[-1, 0].mean(0)],
        5: lambda: [ONE[-1, 0].mean(0), TWO[-1, 0].mean(0)],
        7: lambda: [(JA_TOKENS, JA[-1].mean(0)), (JA_TOKENS[:5], JA[-1, :, :5, :5].mean(0))],
    }[number]()


def matrix(number: int, wrong):
    """The second case answered by ``wrong(weights of the case)``, the first answered right."""
    first, second = right(number)
    if number == 7:
        return number_report(7, [first, (JA_TOKENS[:5], wrong(JA[:, None, :, :5, :5]))])
    return number_report(number, [first, wrong(TWO)])


def dropout(weights):
    kept = np.random.default_rng(3).random(weights.shape) > 0.1
    return (weights * kept / 0.9).astype(np.float32)


REQUIRES_GRAD = {
    "type": "RuntimeError",
    "line": 9,
    "source": "m.numpy()",
    "text": "Can't call numpy() on Tensor that requires grad.",
}
EMPTY = {"type": "IndexError", "line": 8, "source": "m = outputs.attentions[-1]", "text": "tuple index out of range"}


def _japanese_tokens(tokens):
    first, _ = right(7)
    return number_report(7, [(tokens, first[1]), right(7)[1]])


NUMBER_WRONG = {
    (1, "sdpa_empty"): lambda: number_report(1, [(), ()]),
    (1, "layer_count"): lambda: number_report(1, [tensors(ONE[-1:]), tensors(TWO[:, :1])]),
    (1, "not_tuple"): lambda: number_report(1, [{"last_hidden_state": 1}, None]),
    (1, "shape_wrong"): lambda: number_report(1, [tensors(ONE[:, 0]), None]),
    (1, "same_layer_repeated"): lambda: number_report(1, [tensors(ONE), (torch.tensor(TWO[0, :1]),) * 2]),
    (1, "dropout_on"): lambda: number_report(1, [tensors(dropout(ONE)), None]),
    (1, "attentions_differ"): lambda: number_report(1, [tensors(ONE[:, :, ::-1].copy()), None]),
    (2, "shape_numbers"): lambda: number_report(2, [(3, 5, 5), None]),
    (2, "shape_fixed"): lambda: number_report(2, [(3, 4, 5, 5), (3, 4, 5, 5)]),
    (2, "layers_heads_swapped"): lambda: number_report(2, [(4, 3, 5, 5), None]),
    (2, "batch_kept"): lambda: number_report(2, [(3, 1, 4, 5, 5), None]),
    (3, "numpy_requires_grad"): lambda: number_report(3, [None, None], [REQUIRES_GRAD, None]),
    (7, "sdpa_empty"): lambda: number_report(7, [None, None], [EMPTY, None]),
    (7, "not_pair"): lambda: number_report(7, [JA[-1].mean(0), None]),
    (7, "tokens_from_tokenize"): lambda: _japanese_tokens(JA_TOKENS[:-1]),
    (7, "tokens_differ"): lambda: _japanese_tokens(JA_TOKENS[::-1]),
}
MATRIX_WRONG = {  # the second case's weights (layer, batch, head, q, k) -> the wrong answer
    "not_ndarray": lambda w: torch.tensor(w[-1, 0].mean(0)),
    "batch_kept": lambda w: w[-1].mean(1),
    "wrong_axis": lambda w: w[-1, 0].mean(1),
    "transposed_matrix": lambda w: w[-1, 0].mean(0).T,
    "rounded": lambda w: np.round(w[-1, 0].mean(0), 2),
    "low_precision": lambda w: w[-1, 0].astype(np.float16).mean(0),
    "rows_not_one": lambda w: w[-1, 0].sum(0),
    "numbers_differ": lambda w: w[-1, 0].max(0) / w[-1, 0].max(0).sum(-1, keepdims=True),
    "shape_wrong": lambda w: w[-1, 0].mean(0)[:, :3],
    "batch_mean": lambda w: w[-1].mean((0, 1)),
    "first_layer": lambda w: w[0, 0].mean(0),
}
NUMBER_HINTS = [(n, h) for n in NUMBERS if not get_stage(n).figure for h in get_stage(n).hints]


def number_wrong(number: int, hint: str) -> dict:
    if (number, hint) in NUMBER_WRONG:
        return NUMBER_WRONG[(number, hint)]()
    return matrix(number, MATRIX_WRONG[hint])


def test_every_number_hint_has_a_report_here():
    missing = [k for k in NUMBER_HINTS if k not in NUMBER_WRONG and k[1] not in MATRIX_WRONG]
    assert not missing, missing


@pytest.mark.parametrize("number", [n for n in NUMBERS if not get_stage(n).figure])
def test_the_right_numbers_are_done_at_every_number_stage(tmp_path, number):
    outcome = judge(number, number_report(number, right(number)), workspace=tmp_path)
    assert outcome.status == "done", outcome.text()


@pytest.mark.parametrize("key", NUMBER_HINTS, ids=[f"{n}-{h}" for n, h in NUMBER_HINTS])
def test_each_number_hint_at_every_stage_that_can_give_it(tmp_path, key):
    number, hint = key
    outcome = judge(number, number_wrong(number, hint), workspace=tmp_path)
    assert (outcome.status, outcome.hint) == ("wrong", hint), outcome.text()
