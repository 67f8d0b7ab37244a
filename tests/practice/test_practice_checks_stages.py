"""The verdict (checks.judge) at every stage, for every hint the stage can give, and its words, on hand-made reports.

``test_practice.py`` runs a learner's wrong solution per (stage, hint) through the
models and the drawing; here the same verdicts come from reports written by hand
(what the child would send: described values and figures), so that they take
milliseconds and the mutation run can afford them. A hint whose report cannot be
written here fails ``test_every_figure_hint_has_a_report_here`` (or its number twin).
The words' tests compare each message a learner can meet whole, so a changed,
dropped or misplaced word fails; the Japanese catalogue is held to the same
messages by the catalogue tests.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
from practice_described import TOKENS, M, centres, heat, line_desc, points, texts, ticks

from attn_teach.practice import checks
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


def glyphs_with(number, families):
    """Boxes, with the families of the figure's texts: ``sans-serif`` is text made where no font list was set."""
    rep = glyphs(number)
    rep["cases"][0]["figure"] = {**rep["cases"][0]["figure"], "families": families}
    return rep


def xticks_changed(number: int, labels: list[str], **more) -> dict:
    """The x labels replaced (turned 90 degrees on a heatmap), with more fields of the figure."""
    if kind(number) == "heatmap":
        return changed(number, xticks=ticks(labels, centres(), 90.0), **more)
    return lines_changed(number, lambda f: f.update(xticks=ticks(labels, centres()), **more))


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


def _reverse_legend(figure):
    figure["legend"] = {**figure["legend"], "texts": figure["legend"]["texts"][::-1]}


def _shift_legend(figure):
    figure["legend"] = {**figure["legend"], "texts": [*figure["legend"]["texts"][1:], "(end)"]}


def _drop_line(figure):
    figure["lines"] = figure["lines"][:-1]


GRID = np.meshgrid(np.arange(len(M)), np.arange(len(M)), indexing="ij")
X, Y, Z = GRID[1].ravel(), GRID[0].ravel(), M.ravel()

WRONG = {
    "no_figure": no_figure,
    "global_rc": lambda n: {**report(n), "rc_module": {"image.cmap": "magma"}},
    "missing_glyph": glyphs,
    "ms_gothic": lambda n: glyphs(n, "MS Gothic"),
    "global_font": lambda n: {**glyphs(n), "rc_module": {"font.family": "['IPAexGothic']"}},
    # heatmaps
    "no_image": lambda n: changed(n, heatmap=None),
    "transposed": lambda n: changed(n, data=M.T, values=M.T),
    "image_differs": lambda n: changed(n, data=np.sqrt(M), values=np.sqrt(M)),
    "image_cropped": lambda n: changed(
        n, data=M[1:, 1:], values=M[1:, 1:], xticks=ticks(TOKENS[1:], centres()[:-1], 90.0)
    ),
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
    "tick_labels_missing": lambda n: xticks_changed(n, [str(i) for i in range(len(TOKENS))]),
    "labels_on_auto_ticks": lambda n: xticks_changed(n, TOKENS[1:-1], auto_ticks=["x"]),
    "glyphs_outside_style": lambda n: glyphs_with(n, ["dejavu sans", "ipaexgothic", "sans-serif"]),
    "axes_before_font": lambda n: glyphs_with(n, ["dejavu sans", "ipaexgothic", "sans-serif"]),
    "wrong_cmap": lambda n: changed(n, cmap="viridis"),
    "no_colorbar": lambda n: changed(n, colorbar={"count": 0, "linked": False}),
    "colorbar_unlinked": lambda n: changed(n, colorbar={"count": 1, "linked": False}),
    "label_rotation": lambda n: changed(n, xticks=ticks(TOKENS, centres(), 45.0)),
    "label_not_rotated": lambda n: changed(n, xticks=ticks(TOKENS, centres(), 0.0)),
    "annotations_missing": lambda n: changed(n, texts=texts()[:-3]),
    "annotations_wrong": lambda n: changed(n, texts=texts(fmt="{:.1f}")),
    "annotations_at_corners": lambda n: changed(n, texts=texts(dx=-0.5, dy=-0.5)),
    "annotations_not_centred": lambda n: changed(n, texts=texts(dx=-0.25, dy=-0.3)),  # ha="left", va="top"
    "annotations_swapped": lambda n: changed(n, texts=texts(matrix=M.T)),
    "washed_out": lambda n: changed(n, vmin=0.0, vmax=3.0),
    # line plots
    "lines_per_query": lambda n: lines_changed(n, _lines_per_query),
    "lines_differ": lambda n: lines_changed(n, _set_line(2, M[::-1, 2])),
    "line_count": lambda n: lines_changed(n, _drop_line),
    "lines_shifted": lambda n: lines_changed(n, _shift),
    "legend_missing": lambda n: lines_changed(n, lambda f: f.update(legend=None)),
    "legend_order": lambda n: lines_changed(n, _reverse_legend),
    "legend_shifted": lambda n: lines_changed(n, _shift_legend),
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
    (1, "low_precision"): lambda: number_report(1, [tensors(ONE.astype(np.float16)), None]),
    (1, "special_tokens_missing"): lambda: number_report(1, [tensors(ONE[..., 2:, 2:].copy()), None]),
    (2, "shape_numbers"): lambda: number_report(2, [(3, 5, 5), None]),
    (2, "shape_fixed"): lambda: number_report(2, [(3, 4, 5, 5), (3, 4, 5, 5)]),
    (2, "layers_heads_swapped"): lambda: number_report(2, [(4, 3, 5, 5), None]),
    (2, "batch_kept"): lambda: number_report(2, [(3, 1, 4, 5, 5), None]),
    (3, "numpy_requires_grad"): lambda: number_report(3, [None, None], [REQUIRES_GRAD, None]),
    (7, "sdpa_empty"): lambda: number_report(7, [None, None], [EMPTY, None]),
    (7, "not_pair"): lambda: number_report(7, [JA[-1].mean(0), None]),
    (7, "tokens_from_tokenize"): lambda: _japanese_tokens(JA_TOKENS[:-1]),
    (7, "tokens_differ"): lambda: _japanese_tokens(JA_TOKENS[::-1]),
    # the model read one token fewer (add_special_tokens=False): tokens and matrix agree, both short
    (7, "special_token_not_read"): lambda: number_report(7, [(JA_TOKENS[:-1], JA[-1, :, :6, :6].mean(0)), None]),
    # the first case's text on the second model: its length, not the second text's
    (1, "text_ignored"): lambda: number_report(1, [tensors(ONE), tensors(TWO[:, :1, :, :5, :5])]),
    # the mean over axis 0 then [0]: head 0 on the batch of one, the batch mixed on the batch of two
    (3, "batch_axis_mean"): lambda: number_report(3, [ONE[-1].mean(0)[0], TWO[-1].mean(0)[0]]),
    (5, "batch_axis_mean"): lambda: number_report(5, [ONE[-1].mean(0)[0], TWO[-1].mean(0)[0]]),
}
MATRIX_WRONG = {  # the second case's weights (layer, batch, head, q, k) -> the wrong answer
    "not_ndarray": lambda w: torch.tensor(w[-1, 0].mean(0)),
    "batch_kept": lambda w: w[-1].mean(1),
    "wrong_axis": lambda w: w[-1, 0].mean(2),
    "averaged_queries": lambda w: w[-1, 0].mean(1),
    "head_max": lambda w: w[-1, 0].max(0),
    "layers_heads_mixed": lambda w: w[:, 0, -1].mean(0),
    "transposed_matrix": lambda w: w[-1, 0].mean(0).T,
    "rounded": lambda w: np.round(w[-1, 0].mean(0), 2),
    "low_precision": lambda w: w[-1, 0].astype(np.float16).mean(0),
    "rows_not_one": lambda w: w[-1, 0].sum(0),
    "numbers_differ": lambda w: w[-1, 0].max(0) / w[-1, 0].max(0).sum(-1, keepdims=True),
    "shape_wrong": lambda w: w[-1, 0].mean(0)[:, :3],
    "batch_mean": lambda w: w[-1].mean((0, 1)),
    "first_layer": lambda w: w[0, 0].mean(0),
    "head_zero": lambda w: w[-1, 0, 0],
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


# -- the words ------------------------------------------------------------------------------------------
def title(number: int) -> str:
    return f"stage {number} ({get_stage(number).title})"


def words_report(number=2, cases=None, **extra):
    return {"stage": number, "cases": cases or [], "rc_module": {}, "rc_function": {}, "fonts_added": [], **extra}


def heatmap_case(png: bytes | None = None, **figure) -> dict:
    """Stage 4's case, right, its figure the baseline's PNG unless ``png`` says otherwise."""
    desc = {**heat(texts=texts()), "families": ["dejavu sans"], "size": [480, 640]}
    desc["png"] = checks.baseline_path(4).read_bytes() if png is None else png
    desc.update(figure)
    expected = {"matrix": M, "tokens": TOKENS}
    return {"label": "text", "expected": expected, "result": {"type": "Figure"}, "glyphs": [], "figure": desc}


# -- the learner's code stopped -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("problem", "words"),
    [
        (
            {"kind": "missing_file"},
            "{file} is missing: run `attn-teach practice init` in the workspace to write it again",
        ),
        (
            {"kind": "encoding", "position": 7},
            "{file} is not saved as UTF-8 (byte 8, counting from 1, is not UTF-8): save it again with the encoding "
            "UTF-8 in your editor",
        ),
        (
            {"kind": "syntax", "line": 3, "text": "invalid syntax", "source": "x ="},
            "{file}, line 3: syntax error: invalid syntax\n  x =",
        ),
        ({"kind": "syntax", "line": None, "text": "null bytes"}, "{file}: syntax error: null bytes"),
        ({"kind": "syntax"}, "{file}: syntax error: "),
        ({"kind": "syntax", "line": 3}, "{file}, line 3: syntax error: \n  "),
        ({"kind": "no_function"}, "{file} has no function {function}({params}): keep the name the starter gave it"),
        (
            {"kind": "exception", "type": "NameError", "line": 4, "source": "x = y", "text": "name 'y' is not defined"},
            "{file}, line 4: x = y\n  NameError: name 'y' is not defined",
        ),
        ({"kind": "exception", "type": "ValueError", "text": "bad"}, "{function} raised ValueError: bad"),
        ({"kind": "exception"}, "{function} raised : "),
    ],
)
def test_load_errors_in_full(tmp_path, problem, words):
    stage = get_stage(2)
    outcome = judge(2, words_report(load_error=problem), workspace=tmp_path)
    expected = words.format(file=stage.file, function=stage.function, params=stage.params)
    assert (outcome.status, outcome.hint, outcome.notes) == ("error", None, [])
    assert outcome.message == f"{title(2)}: {expected}"


@pytest.mark.parametrize(
    ("number", "error", "hint", "words"),
    [
        (
            2,
            {"type": "SystemExit", "line": 3, "source": "sys.exit()", "text": "0"},
            None,
            "{file}, line 3: sys.exit()\n  SystemExit: sys.exit() stops the check; return the result from "
            "{function} instead",
        ),
        (
            2,
            {"type": "SystemExit", "text": "0"},
            None,
            "{function} raised SystemExit: sys.exit() stops the check; return the result from {function} instead",
        ),
        (
            3,
            {
                "type": "RuntimeError",
                "line": 9,
                "source": "m.numpy()",
                "text": "Can't call numpy() on Tensor that requires grad.",
            },
            "numpy_requires_grad",
            None,
        ),
        (
            5,
            {"type": "RuntimeError", "line": 9, "source": "m.numpy()", "text": "requires grad"},
            None,
            "{file}, line 9: m.numpy()\n  RuntimeError: requires grad",
        ),
        (
            3,
            {"type": "RuntimeError", "line": 9, "source": "m.numpy()", "text": "grad"},
            None,
            "{file}, line 9: m.numpy()\n  RuntimeError: grad",
        ),
        (
            7,
            {"type": "IndexError", "line": 5, "source": "outputs.attentions[-1]", "text": "out of range"},
            "sdpa_empty",
            None,
        ),
        (
            3,
            {"type": "IndexError", "line": 5, "source": "outputs.attentions[-1]", "text": "out of range"},
            None,
            "{file}, line 5: outputs.attentions[-1]\n  IndexError: out of range",
        ),
        (
            7,
            {"type": "KeyError", "line": 5, "source": "outputs.attentions[-1]", "text": "x"},
            None,
            "{file}, line 5: outputs.attentions[-1]\n  KeyError: x",
        ),
        (2, {}, None, "{function} raised : "),
    ],
)
def test_learner_exceptions_in_full(tmp_path, number, error, hint, words):
    from attn_teach.practice.hints import HINTS

    stage = get_stage(number)
    case = {"label": "m", "expected": {}, "error": error}
    outcome = judge(number, words_report(number, [case]), workspace=tmp_path)
    expected = (
        HINTS[hint].format(line=error.get("line")) if hint else words.format(file=stage.file, function=stage.function)
    )
    assert (outcome.status, outcome.hint) == (("wrong", hint) if hint else ("error", None))
    assert outcome.message == f"{title(number)}: {expected}"


def test_the_first_error_or_todo_of_the_cases_is_said(tmp_path):
    todo = {"label": "a", "expected": {}, "error": {"type": "NotImplementedError", "todo": True}}
    error = {"label": "b", "expected": {}, "error": {"type": "ValueError", "text": "bad"}}
    assert judge(2, words_report(2, [todo, error]), workspace=tmp_path).status == "todo"
    outcome = judge(2, words_report(2, [error, todo]), workspace=tmp_path)
    assert outcome.status == "error" and outcome.message.endswith("raised ValueError: bad")


def test_internal_error_and_todo_in_full(tmp_path):
    outcome = judge(4, words_report(4, internal_error={"type": "KeyError"}), workspace=tmp_path)
    assert (outcome.status, outcome.message) == (
        "error",
        f"{title(4)}: the check itself failed (KeyError); please report it",
    )
    stage = get_stage(4)
    todo = judge(4, words_report(4, load_error={"kind": "exception", "todo": True}), workspace=tmp_path)
    assert (todo.status, todo.message, todo.notes) == (
        "todo",
        f"{title(4)} is not done yet: fill in {stage.function} in {stage.file}, and delete its line "
        "raise NotImplementedError",
        [],
    )


def test_draw_error_in_full(tmp_path):
    case = {"label": "m", "expected": {}, "result": {"type": "Figure"}, "extra_figures": 1}
    case["draw_error"] = {"type": "ValueError", "text": "Unknown symbol"}
    outcome = judge(4, words_report(4, [case]), workspace=tmp_path)
    assert outcome.status == "error" and outcome.message == (
        f"{title(4)}: your figure could not be drawn: ValueError: Unknown symbol. A title or label with a single $ "
        "is read as math text; write \\$ for a dollar sign"
    )
    assert len(outcome.notes) == 1 and "left 1 other figure(s) open" in outcome.notes[0]


# -- what the figure shows ---------------------------------------------------------------------------
def test_not_a_figure_in_full(tmp_path):
    function = get_stage(4).function
    for result, got in (
        ({"type": "NoneType"}, "None"),
        ({"type": "Axes", "has_figure": True}, "Axes (its Figure is its .figure)"),
        ({}, "?"),
    ):
        case = {"label": "m", "expected": {}, "result": result}
        outcome = judge(4, words_report(4, [case]), workspace=tmp_path)
        assert outcome.message == (
            f"{title(4)}: {function} returned {got}; return the matplotlib Figure you drew (end with `return fig`)."
        )


def test_every_case_of_a_figure_stage_is_checked(tmp_path):
    wrong = heatmap_case()
    wrong["figure"] = {**wrong["figure"], "heatmap": {**wrong["figure"]["heatmap"], "cmap": "viridis"}}
    assert judge(4, words_report(4, [heatmap_case(), wrong]), workspace=tmp_path).hint == "wrong_cmap"
    missing = {"label": "m", "expected": {}, "result": {"type": "NoneType"}}
    assert judge(4, words_report(4, [heatmap_case(), missing]), workspace=tmp_path).hint == "no_figure"


GLYPH = "Glyph 20170 (\\N{CJK UNIFIED IDEOGRAPH-4ECA}) missing from font(s) DejaVu Sans."


@pytest.mark.parametrize(
    ("figure_families", "rc", "hint"),
    [
        (["dejavu sans"], {}, "missing_glyph"),
        (["ms gothic"], {}, "ms_gothic"),  # fontfamily= on a text
        (["dejavu sans"], {"rc_module": {"font.family": "['MS Gothic']"}}, "ms_gothic"),
        (["dejavu sans"], {"rc_function": {"font.family": "'Yu Gothic', \"MS Gothic\""}}, "ms_gothic"),
        (["dejavu sans"], {"rc_function": {"font.family": "['MS Mincho']"}}, "global_font"),  # the global change first
    ],
)
def test_glyphs_name_ms_gothic_wherever_it_was_asked_for(tmp_path, figure_families, rc, hint):
    case = {**heatmap_case(families=figure_families), "glyphs": [GLYPH]}
    assert judge(4, words_report(4, [case], **rc), workspace=tmp_path).hint == hint


def test_global_settings_in_full(tmp_path):
    from attn_teach.practice.hints import HINTS

    changed = {"lines.linewidth": "3", "image.cmap": "magma", "axes.grid": "True", "font.size": "12"}
    for rc, where in (
        ({"rc_module": changed}, "your file, at module level (outside the function),"),
        ({"rc_function": changed}, "your function"),
        (
            {"rc_module": {"image.cmap": "m"}, "rc_function": {"font.size": "9", "backend": "agg"}},
            "your file, at module level, and your function",
        ),
    ):
        outcome = judge(4, words_report(4, [heatmap_case()], **rc), workspace=tmp_path)
        names = ", ".join(sorted({**rc.get("rc_module", {}), **rc.get("rc_function", {})}.keys() - {"backend"})[:3])
        assert outcome.message == f"{title(4)}: " + HINTS["global_rc"].format(where=where, names=names)
    ignored = {"backend": "agg", "backend_fallback": "True", "interactive": "False"}
    assert judge(
        4, words_report(4, [heatmap_case()], rc_module=ignored, rc_function=ignored), workspace=tmp_path
    ).passed


# -- the pixels, once what the figure shows is right -----------------------------------------------------
def png_with_band(number: int, rows: slice, value: float = 1.0, columns: slice = slice(None)) -> bytes:
    import matplotlib.image as mpimg
    import matplotlib.pyplot as plt

    pixels = mpimg.imread(io.BytesIO(checks.baseline_path(number).read_bytes()))
    pixels[rows, columns, :3] = value
    buffer = io.BytesIO()
    plt.imsave(buffer, pixels, format="png")
    return buffer.getvalue()


def test_the_same_pixels_in_full(tmp_path):
    outcome = judge(4, words_report(4, [heatmap_case()]), workspace=tmp_path)
    assert (outcome.status, outcome.message) == ("done", f"{title(4)}: done")
    assert outcome.notes == ["pixels: the same as the reference figure"]
    saved = tmp_path / checks.RESULTS / "stage_04.png"
    assert saved.read_bytes() == checks.baseline_path(4).read_bytes()
    assert sorted(p.name for p in saved.parent.iterdir()) == ["stage_04.png"]


def test_another_size_in_full(tmp_path):
    other = checks.baseline_path(6).read_bytes()
    outcome = judge(4, words_report(4, [heatmap_case(png=other, size=[420, 760])]), workspace=tmp_path)
    assert outcome.notes == [
        "pixels: your figure is 760 x 420 pixels, another size than the reference; harmless, since what it "
        "shows is right"
    ]


@pytest.mark.parametrize(("number", "bar"), [(4, True), (8, False)])
def test_styling_in_full_with_the_difference_image(tmp_path, number, bar):
    band = png_with_band(number, slice(0, 200))
    colorbar = {"count": 1, "linked": True} if bar else {"count": 0, "linked": False}
    case = heatmap_case(png=band, colorbar=colorbar)
    (note,) = judge(number, words_report(number, [case]), workspace=tmp_path).notes
    what = "fonts, margins, colours or the colour bar's width" if bar else "fonts, margins or colours"
    prefix = "pixels: your figure differs from the reference (RMS "
    assert note.startswith(prefix)
    rms, rest = note[len(prefix) :].split(")", 1)
    assert float(rms) > checks.TOLERANCE
    assert rest.startswith(f" in styling only ({what}); what it shows is right. Difference image: ")
    diff = rest.split("Difference image: ")[1]
    assert diff == str(tmp_path / checks.RESULTS / f"stage_{number:02d}-diff.png")
    assert (tmp_path / checks.RESULTS / f"stage_{number:02d}-diff.png").stat().st_size > 0
    assert (tmp_path / checks.RESULTS / f"stage_{number:02d}.png").read_bytes() == band


def test_pixels_within_the_tolerance_are_the_same(tmp_path):
    """pytest-mpl's tolerance (RMS 2 of 255): 10 white pixels turned black pass (RMS 1.7), 24 do not (2.7)."""
    faint, dark = png_with_band(4, slice(0, 1), 0.0, slice(0, 10)), png_with_band(4, slice(0, 1), 0.0, slice(0, 24))
    assert judge(4, words_report(4, [heatmap_case(png=faint)]), workspace=tmp_path).notes == [
        "pixels: the same as the reference figure"
    ]
    (note,) = judge(4, words_report(4, [heatmap_case(png=dark)]), workspace=tmp_path).notes
    assert "styling only" in note and 2 < float(note.split("RMS ")[1].split(")")[0]) < 3


def test_notes_in_order(tmp_path):
    """Figures left open, then the stage's own note, then the pixels."""
    from attn_teach.practice.child import describe_value

    weights = np.full((2, 1, 1, 2, 2), 0.5, dtype=np.float32)
    case = {
        "label": "m",
        "result": describe_value(tuple(weights)),
        "expected": {"weights": weights},
        "extra_figures": 2,
    }
    notes = judge(1, words_report(1, [case, {**case, "extra_figures": 1}]), workspace=tmp_path).notes
    # one note, counting what one call left open (the most of any input case)
    assert len(notes) == 2 and "left 2 other figure(s) open" in notes[0] and "cls.*" in notes[1]
    figure = {**heatmap_case(), "extra_figures": 1}
    notes = judge(4, words_report(4, [figure]), workspace=tmp_path).notes
    assert len(notes) == 2 and "left 1 other" in notes[0] and notes[1] == "pixels: the same as the reference figure"


def test_every_outcome_names_its_stage_and_keeps_the_notes(tmp_path):
    """The stage number on each kind of verdict; no note on figures left open when the code raised (its
    figure is open only because the function never reached its return)."""
    error = {"label": "m", "expected": {}, "error": {"type": "ValueError", "text": "bad"}, "extra_figures": 1}
    raised = judge(4, words_report(4, [error]), workspace=tmp_path)
    assert raised.stage == 4 and raised.notes == []
    drawn = {"label": "m", "expected": {}, "result": {"type": "Figure"}, "draw_error": {"type": "E", "text": "t"}}
    assert judge(8, words_report(8, [drawn]), workspace=tmp_path).stage == 8
    wrong = judge(6, hidden_first(6), workspace=tmp_path)
    assert (wrong.stage, wrong.status) == (6, "wrong")
    assert judge(9, report(9), workspace=tmp_path).stage == 9
    assert judge(2, words_report(2, internal_error={"type": "KeyError"}), workspace=tmp_path).stage == 2
    assert judge(3, words_report(3, load_error={"kind": "missing_file"}), workspace=tmp_path).stage == 3
    assert judge(5, words_report(5, load_error={"kind": "syntax", "todo": True}), workspace=tmp_path).stage == 5


@pytest.mark.parametrize("number", [n for n in FIGURES if kind(n) == "lines"])
def test_a_legend_shifted_by_one_is_told_as_its_order(tmp_path, number):
    """Labels from tokens[1:]: every line named after its neighbour, not "not labelled"."""
    outcome = judge(number, WRONG["legend_shifted"](number), workspace=tmp_path)
    assert outcome.hint == "legend_order" and "line 0 shows the column of" in outcome.message, outcome.text()


def test_boxes_in_text_made_with_a_font_list_are_the_general_finding(tmp_path):
    """No text made outside every font list: the starter's block is not the cause; MS Gothic still named."""
    for number in (4, 8, 11):
        assert judge(number, glyphs_with(number, ["dejavu sans"]), workspace=tmp_path).hint == "missing_glyph"
    assert judge(8, glyphs_with(8, ["sans-serif"]), workspace=tmp_path).hint == "missing_glyph"  # no font list at all
    gothic = glyphs_with(9, ["ms gothic", "sans-serif"])
    assert judge(9, gothic, workspace=tmp_path).hint == "ms_gothic"
