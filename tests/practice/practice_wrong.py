"""The practice checks' attempt set: deliberately wrong solutions, and right ones written unlike the lessons.

``WRONG[(stage, hint)] = source``: for every hint a stage can give (its record's
``hints``), a learner's file that triggers exactly that hint at that stage. Most are
the article's own mistakes. ``RIGHT[(stage, name)] = source``: right solutions drawn
or computed differently from the lessons (seaborn, pcolormesh, matshow, pyplot state,
``ax.legend(tokens)``), which must pass. The starter's imports are added in front.
"""

IMPORTS = """\
import contextlib

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
import torch
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer, BertModel, BertTokenizer

from attn_teach import fonts
from attn_teach.views.style import style
"""

# -- numbers ------------------------------------------------------------------------------------
_EXTRACT = """
def get_attentions(folder, text):
    tokenizer = BertTokenizer.from_pretrained(folder)
    model = BertModel.from_pretrained(folder{eager})
    {before}
    inputs = tokenizer(text, return_tensors="pt")
    with torch.inference_mode():
        outputs = model({call}, output_attentions=True)
    return {result}
"""


def extract(eager=', attn_implementation="eager"', before="pass", call="**inputs", result="outputs.attentions"):
    return _EXTRACT.format(eager=eager, before=before, call=call, result=result)


def shape(expr):
    return f"\ndef attention_shape(attentions):\n    return {expr}\n"


def to_numpy(expr="m", m="torch.mean(outputs.attentions[-1], dim=1)[0].detach().numpy()"):
    return f"\ndef to_numpy(outputs):\n    m = {m}\n    return {expr}\n"


def head_mean(expr="m", m="weights.mean(axis=1)[0]"):
    return f"\ndef head_mean(weights):\n    m = {m}\n    return {expr}\n"


_JA_MODEL = """
def tokens_and_matrix(folder, text):
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder{eager})
    input_ids = tokenizer.encode(text, return_tensors="pt")
    with torch.inference_mode():
        outputs = model(input_ids, output_attentions=True)
    m = {m}
    return {result}
"""


def japanese(
    eager=', attn_implementation="eager"',
    m="torch.mean(outputs.attentions[-1], dim=1)[0].numpy()",
    result="tokenizer.convert_ids_to_tokens(input_ids[0]), {expr}",
    expr="m",
):
    return _JA_MODEL.format(eager=eager, m=m, result=result.format(expr=expr))


_MAX_NORMALISED = "(lambda a: a / a.sum(-1, keepdims=True))({})"

# -- figures ------------------------------------------------------------------------------------
_HEATMAP = """
{top}
def {name}(matrix, tokens):
    labels = {labels}
    {before}
    with {context}:
        fig, ax = plt.subplots(figsize={size}, dpi=100, layout={layout})
        image = ax.imshow({data}, cmap={cmap!r}{kwargs})
        ax.set_xticks(range(len(labels)), labels, rotation={rotation})
        ax.set_yticks(range(len(labels)), labels)
        {colorbar}
        {extra}
    return {returned}
"""

HEATMAP_STAGES = {
    4: {
        "name": "draw_heatmap",
        "size": "(5, 4.4)",
        "layout": '"constrained"',
        "context": "style()",
        "cmap": "YlGnBu",
        "colorbar": "fig.colorbar(image, ax=ax)",
        "rotation": 90,
    },
    8: {
        "name": "draw_japanese_heatmap",
        "size": "(6, 5.4)",
        "layout": '"constrained"',
        "context": 'plt.rc_context({"font.family": fonts.register()})',
        "cmap": "YlGnBu",
        "colorbar": "fig.colorbar(image, ax=ax)",
        "rotation": 90,
    },
    9: {
        "name": "draw_annotated_heatmap",
        "size": "(10, 10)",
        "layout": "None",
        "context": "style()",
        "cmap": "viridis",
        "colorbar": "pass",
        "rotation": 45,
        "extra": "for i in range(len(tokens)):\n"
        "            for j in range(len(tokens)):\n"
        '                ax.text({x}, {y}, f"{{matrix[i, j]:.2f}}", ha="center", va="center", color="w")',
    },
}


def heatmap(stage, **changes):
    fields = {
        "top": "",
        "labels": "tokens",
        "before": "pass",
        "data": "matrix",
        "kwargs": "",
        "extra": "pass",
        "returned": "fig",
        "x": "j",
        "y": "i",
        **HEATMAP_STAGES[stage],
        **changes,
    }
    fields["extra"] = fields["extra"].format(x=fields["x"], y=fields["y"])
    return _HEATMAP.format(**fields)


_LINES = """
def draw_lines(matrix, tokens):
    labels = {labels}
    {before}
    with {context}:
        fig, ax = plt.subplots(figsize=(7.6, 4.2), dpi=100, layout="constrained")
        lines = ax.plot({x}{data})
        for line, token in zip(lines, tokens):
            line.set_label(f"to {{token}}")
        ax.set_xticks(range(len(labels)), labels, rotation=90)
        {legend}
    return {returned}
"""


def lines(**changes):
    fields = {
        "labels": "tokens",
        "before": "pass",
        "context": "style()",
        "x": "",
        "data": "matrix",
        "legend": "ax.legend(fontsize=8)",
        "returned": "fig",
        **changes,
    }
    return _LINES.format(**fields)


_SCATTER = """
def draw_scatter3d(matrix):
    {before}
    x, y, z = {start}
    for i in range(len(matrix)):
        for j in range(len(matrix[i])):
            x.append(j{plus})
            y.append(i{plus})
            z.append(matrix[i][j]{times})
    with style():
        fig = plt.figure(figsize=(6.4, 4.8), dpi=100)
        ax = fig.add_subplot(projection={projection!r})
        {draw}
    return {returned}
"""


def scatter(
    start="[], [], []",
    plus="",
    times="",
    projection="3d",
    draw="ax.scatter(x, y, z, s=100, alpha=0.5)",
    before="pass",
    returned="fig",
):
    return _SCATTER.format(
        start=start, plus=plus, times=times, projection=projection, draw=draw, before=before, returned=returned
    )


def _heatmap_wrongs(stage: int) -> dict:
    first_hidden = '[""] + tokens[1:]'  # the [CLS] (or the first piece) hidden: position 0 unlabelled
    return {
        "no_figure": heatmap(stage, returned="ax"),
        "no_image": heatmap(stage).replace("image = ax.imshow(matrix, cmap=", "image = ax.contourf(matrix, cmap="),
        "transposed": heatmap(stage, data="matrix.T"),
        "image_cropped": heatmap(stage, data="matrix[1:, 1:]", labels="tokens[1:]"),
        "image_differs": heatmap(stage, data="np.sqrt(matrix)"),
        "clipped_colours": heatmap(stage, kwargs=", vmax=0.1"),
        "washed_out": heatmap(stage, kwargs=", vmin=0, vmax=3"),
        "blended_cells": heatmap(stage, kwargs=', interpolation="bilinear"'),
        "ticks_not_centred": heatmap(stage, kwargs=", extent=[0, len(tokens), len(tokens), 0]"),
        "ticks_off_by_one": heatmap(stage, labels="tokens[1:]"),
        "unlabelled_last": heatmap(stage, labels="tokens[:-1]"),
        "labels_differ": heatmap(stage, labels=first_hidden),
        "global_rc": heatmap(stage, before='plt.rcParams["image.cmap"] = "magma"'),
        "tick_labels_missing": heatmap(stage).replace("ax.set_xticks(range(len(labels)), labels, rotation=", "dict(r="),
        "labels_on_auto_ticks": heatmap(stage).replace(
            "ax.set_xticks(range(len(labels)), labels, rotation=", "ax.set_xticklabels(labels, rotation="
        ),
    }


def japanese_title(source: str, family: str | None = None) -> str:
    """``source`` with a Japanese title added outside the kit's fonts (in ``family`` if given)."""
    title = 'plt.gcf().text(0.01, 0.01, "Attentionの重み")'
    if family is not None:
        title = f'with plt.rc_context({{"font.family": {family!r}}}):\n        {title}'
    *body, last = source.rstrip("\n").split("\n")
    return "\n".join([*body, "    " + title, last]) + "\n"


WRONG: dict[tuple[int, str], str] = {
    # stage 1: the sdpa trap, and what only a second model shows
    (1, "sdpa_empty"): extract(eager=""),
    (1, "layer_count"): extract(result="outputs.attentions[-1:]"),
    (1, "not_tuple"): extract(result="outputs"),
    (1, "shape_wrong"): extract(result="tuple(a[0] for a in outputs.attentions)"),
    (1, "same_layer_repeated"): extract(result="(outputs.attentions[0],) * len(outputs.attentions)"),
    (1, "dropout_on"): extract(before="model.train()"),
    (1, "low_precision"): extract(eager=', attn_implementation="eager", dtype=torch.float16'),
    (1, "special_tokens_missing"): extract(call='**tokenizer(text, return_tensors="pt", add_special_tokens=False)'),
    (1, "text_ignored"): extract(call='**tokenizer("I love natural language processing!", return_tensors="pt")'),
    (1, "attentions_differ"): extract(call='inputs["input_ids"], token_type_ids=torch.ones_like(inputs["input_ids"])'),
    # stage 2: a model with 3 layers and 2 heads beside one with 4 and 4
    (2, "shape_numbers"): shape("(len(attentions), *attentions[0].shape[2:])"),
    (2, "shape_fixed"): shape("(4, 4, 9, 9)"),
    (2, "layers_heads_swapped"): shape("(attentions[0].shape[1], len(attentions), *attentions[0].shape[2:])"),
    (2, "batch_kept"): shape("(len(attentions), *attentions[0].shape)"),
    # stage 3: the article's .numpy() error, and a batch of two
    (3, "numpy_requires_grad"): to_numpy(m="torch.mean(outputs.attentions[-1], dim=1)[0].numpy()"),
    (3, "not_ndarray"): to_numpy(m="torch.mean(outputs.attentions[-1], dim=1)[0].detach()"),
    (3, "batch_kept"): to_numpy(m="torch.mean(outputs.attentions[-1], dim=1).detach().numpy()"),
    (3, "wrong_axis"): to_numpy(m="torch.mean(outputs.attentions[-1], dim=3)[0].detach().numpy()"),
    (3, "averaged_queries"): to_numpy(m="torch.mean(outputs.attentions[-1][0], dim=1).detach().numpy()"),
    (3, "head_max"): to_numpy(m="torch.max(outputs.attentions[-1], dim=1).values[0].detach().numpy()"),
    (3, "layers_heads_mixed"): to_numpy(m="torch.stack(outputs.attentions)[:, 0, -1].mean(dim=0).detach().numpy()"),
    (3, "transposed_matrix"): to_numpy("m.T"),
    (3, "rounded"): to_numpy("m.round(2)"),
    (3, "low_precision"): to_numpy("m.astype(np.float16)"),
    (3, "rows_not_one"): to_numpy(m="torch.sum(outputs.attentions[-1], dim=1)[0].detach().numpy()"),
    (3, "numbers_differ"): to_numpy(
        m=_MAX_NORMALISED.format("torch.max(outputs.attentions[-1], dim=1).values[0].detach().numpy()")
    ),
    (3, "shape_wrong"): to_numpy("m[:, :3]"),
    (3, "batch_mean"): to_numpy(m="torch.mean(outputs.attentions[-1], dim=(0, 1)).detach().numpy()"),
    (3, "head_zero"): to_numpy(m="outputs.attentions[-1][0, 0].detach().numpy()"),
    (3, "batch_axis_mean"): to_numpy(m="torch.mean(outputs.attentions[-1], dim=0)[0].detach().numpy()"),
    (3, "first_layer"): to_numpy(m="torch.mean(outputs.attentions[0], dim=1)[0].detach().numpy()"),
    # stage 5: a batch of one, then of two
    (5, "not_ndarray"): head_mean("m.tolist()"),
    (5, "batch_kept"): head_mean(m="weights.mean(axis=1)"),
    (5, "wrong_axis"): head_mean(m="weights.mean(axis=3)[0]"),
    (5, "averaged_queries"): head_mean(m="weights[0].mean(axis=1)"),
    (5, "head_max"): head_mean(m="weights.max(axis=1)[0]"),
    (5, "transposed_matrix"): head_mean("m.T"),
    (5, "rounded"): head_mean("np.round(m, 2)"),
    (5, "low_precision"): head_mean(m="weights.astype(np.float16).mean(axis=1)[0]"),
    (5, "rows_not_one"): head_mean(m="weights.sum(axis=1)[0]"),
    (5, "numbers_differ"): head_mean(m=_MAX_NORMALISED.format("weights.max(axis=1)[0]")),
    (5, "shape_wrong"): head_mean("m[:, :3]"),
    (5, "batch_mean"): head_mean(m="weights.mean(axis=(0, 1))"),
    (5, "head_zero"): head_mean(m="weights[0, 0]"),
    (5, "batch_axis_mean"): head_mean(m="weights.mean(axis=0)[0]"),
    # stage 7: the Japanese model, two texts
    (7, "not_pair"): japanese(result="m"),
    (7, "tokens_from_tokenize"): japanese(result="tokenizer.tokenize(text), m"),
    (7, "special_token_not_read"): japanese().replace(
        'tokenizer.encode(text, return_tensors="pt")',
        'tokenizer.encode(text, return_tensors="pt", add_special_tokens=False)',
    ),
    (7, "head_zero"): japanese(m="outputs.attentions[-1][0, 0].numpy()"),
    (7, "tokens_differ"): japanese(result="tokenizer.convert_ids_to_tokens(input_ids[0])[::-1], m"),
    (7, "sdpa_empty"): japanese(eager=""),
    (7, "not_ndarray"): japanese(m="torch.mean(outputs.attentions[-1], dim=1)[0]"),
    (7, "batch_kept"): japanese(m="torch.mean(outputs.attentions[-1], dim=1).numpy()"),
    (7, "wrong_axis"): japanese(m="torch.mean(outputs.attentions[-1], dim=3)[0].numpy()"),
    (7, "averaged_queries"): japanese(m="torch.mean(outputs.attentions[-1][0], dim=1).numpy()"),
    (7, "head_max"): japanese(m="torch.max(outputs.attentions[-1], dim=1).values[0].numpy()"),
    (7, "layers_heads_mixed"): japanese(m="torch.stack(outputs.attentions)[:, 0, -1].mean(dim=0).numpy()"),
    (7, "first_layer"): japanese(m="torch.mean(outputs.attentions[0], dim=1)[0].numpy()"),
    (7, "transposed_matrix"): japanese(expr="m.T"),
    (7, "rounded"): japanese(expr="m.round(2)"),
    (7, "low_precision"): japanese(expr="m.astype(np.float16)"),
    (7, "numbers_differ"): japanese(
        m=_MAX_NORMALISED.format("torch.max(outputs.attentions[-1], dim=1).values[0].numpy()")
    ),
    # stage 4: the heatmap
    **{(4, k): v for k, v in _heatmap_wrongs(4).items()},
    (4, "wrong_cmap"): heatmap(4, cmap="viridis"),
    (4, "no_colorbar"): heatmap(4, colorbar="pass"),
    (4, "colorbar_unlinked"): heatmap(
        4, colorbar='fig.colorbar(plt.cm.ScalarMappable(norm=plt.Normalize(0, 1), cmap="YlGnBu"), ax=ax)'
    ),
    (4, "label_rotation"): heatmap(4, rotation=45),
    (4, "label_not_rotated"): heatmap(4, rotation=0),
    # stage 8: the article's MS Gothic, on a machine that lacks it
    **{(8, k): v for k, v in _heatmap_wrongs(8).items()},
    (8, "ms_gothic"): heatmap(8, context='plt.rc_context({"font.family": "MS Gothic"})'),
    (8, "missing_glyph"): heatmap(8, context='plt.rc_context({"font.family": ["DejaVu Sans"]})'),
    # stage 9: the annotated heatmap
    **{(9, k): v for k, v in _heatmap_wrongs(9).items()},
    (9, "annotations_missing"): heatmap(9).replace("for j in range(len(tokens)):", "for j in range(i):"),
    (9, "annotations_wrong"): heatmap(9).replace(":.2f}", ":.1f}"),
    (9, "annotations_swapped"): heatmap(9, x="i", y="j"),
    (9, "annotations_not_centred"): heatmap(9, x="j - 0.5", y="i - 0.5").replace(
        'ha="center", va="center"', 'ha="left", va="top", fontsize=7'
    ),
    (9, "annotations_at_corners"): heatmap(9, x="j - 0.5", y="i - 0.5"),
    (9, "glyphs_outside_style"): heatmap(9, context="contextlib.nullcontext()"),
    (9, "missing_glyph"): heatmap(9, context='plt.rc_context({"font.family": ["DejaVu Sans"]})'),
    (8, "axes_before_font"): heatmap(
        8, before='fig, ax = plt.subplots(figsize=(6, 5.4), dpi=100, layout="constrained")'
    ).replace('\n        fig, ax = plt.subplots(figsize=(6, 5.4), dpi=100, layout="constrained")', ""),
    # stages 6 and 11: the line plot
    **{
        (stage, k): v
        for stage, context in ((6, "style()"), (11, "style()"))
        for k, v in {
            "no_figure": lines(context=context, returned="ax"),
            "lines_per_query": lines(context=context, data="matrix.T"),
            "lines_differ": lines(context=context, data="matrix[:, ::-1]"),
            "line_count": lines(context=context, data="matrix[:, :3]"),
            "ticks_off_by_one": lines(context=context, labels="tokens[1:-1]"),
            "unlabelled_last": lines(context=context, labels="tokens[:-1]"),
            "labels_differ": lines(context=context, labels='[""] + tokens[1:]'),
            "lines_shifted": lines(context=context, x="range(1, len(matrix) + 1), "),
            "legend_missing": lines(context=context, legend="pass"),
            "legend_order": lines(context=context, legend="ax.legend(lines, tokens[::-1])"),
            "tick_labels_missing": lines(context=context).replace("ax.set_xticks(range(len(labels)), labels,", "dict("),
            "labels_on_auto_ticks": lines(context=context).replace(
                "ax.set_xticks(range(len(labels)), labels,", "ax.set_xticklabels(labels,"
            ),
            "global_rc": lines(context=context, before='plt.rcParams["lines.linewidth"] = 3'),
        }.items()
    },
    (11, "glyphs_outside_style"): lines(context="contextlib.nullcontext()"),
    # stage 10: the article's lists starting at [0]: a point at the origin
    (10, "no_figure"): scatter(returned="None"),
    (10, "origin_point"): scatter(start="[0], [0], [0]", plus=" + 1", times=" * 100"),
    (10, "one_based"): scatter(plus=" + 1"),
    (10, "percent"): scatter(times=" * 10"),
    (10, "point_count"): scatter(start="[0, 1], [0, 1], [0, 1]"),
    (10, "points_differ"): scatter(times=" * 0 + 0.5"),
    (10, "not_3d"): scatter(projection="rectilinear", draw="ax.scatter(x, y)"),
    (10, "no_scatter"): scatter(draw="ax.plot(x, y, z)"),
    (10, "global_rc"): scatter(before='plt.rcParams["axes.grid"] = True'),
    # a Japanese title drawn without a Japanese font, at the stages whose task needs none
    **{
        (stage, "glyphs_outside_style"): japanese_title(source)
        for stage, source in ((4, heatmap(4)), (6, lines()), (10, scatter()))
    },
    **{
        (stage, "missing_glyph"): japanese_title(source, "DejaVu Sans")
        for stage, source in ((4, heatmap(4)), (6, lines()), (10, scatter()), (11, lines()))
    },
    **{
        (stage, "global_font"): '\nplt.rcParams["font.family"] = ["DejaVu Sans"]\n' + japanese_title(source)
        for stage, source in (
            (4, heatmap(4)),
            (6, lines()),
            (8, heatmap(8)),
            (9, heatmap(9)),
            (10, scatter()),
            (11, lines()),
        )
    },
    **{
        (stage, "ms_gothic"): japanese_title(source, "MS Gothic")
        for stage, source in ((4, heatmap(4)), (6, lines()), (9, heatmap(9)), (10, scatter()), (11, lines()))
    },
}

# -- right, written unlike the lessons ---------------------------------------------------------------
_SEABORN = """
def {name}(matrix, tokens):
    with {context}:
        fig, ax = plt.subplots(figsize={size}, dpi=100, layout="constrained")
        sns.heatmap(matrix, cmap="YlGnBu", xticklabels=tokens, yticklabels=tokens, ax=ax, {more})
        ax.tick_params(axis="x", rotation=90)
        ax.tick_params(axis="y", rotation=0)
    return fig
"""
_PCOLORMESH = """
def {name}(matrix, tokens):
    n = len(tokens)
    with {context}:
        fig, ax = plt.subplots(figsize={size}, dpi=100, layout="constrained")
        mesh = ax.pcolormesh(matrix, cmap="YlGnBu")
        ax.invert_yaxis()
        ax.set_xticks(np.arange(n) + 0.5, tokens, rotation=90)
        ax.set_yticks(np.arange(n) + 0.5, tokens)
        fig.colorbar(mesh, ax=ax)
        {annotate}
    return fig
"""
_MATSHOW = """
def {name}(matrix, tokens):
    with {context}:
        fig, ax = plt.subplots(figsize={size}, dpi=100)
        image = ax.matshow(matrix, cmap="YlGnBu")
        ax.set_xticks(np.arange(len(tokens)))
        ax.set_xticklabels(tokens, rotation=90)
        ax.set_yticks(np.arange(len(tokens)))
        ax.set_yticklabels(tokens)
        plt.colorbar(image)
        {annotate}
    return fig
"""
_PYPLOT = """
def {name}(matrix, tokens):
    with {context}:
        plt.figure(figsize={size})
        plt.imshow(matrix, cmap="YlGnBu", vmin=0, vmax=1)
        plt.xticks(range(len(tokens)), tokens, rotation=-90)
        plt.yticks(range(len(tokens)), tokens)
        plt.colorbar()
        {annotate}
    return plt.gcf()
"""
_ANNOTATE_CENTRE = (
    "for (i, j), v in np.ndenumerate(matrix):\n"
    '            plt.gca().text(j{d}, i{d}, f"{{v:.2f}}", ha="center", va="center", fontsize=7)'
)


def _right_heatmaps(stage: int) -> dict:
    fields = HEATMAP_STAGES[stage]
    common = {"name": fields["name"], "size": fields["size"], "context": fields["context"]}
    annotate = stage == 9
    return {
        "seaborn": _SEABORN.format(**common, more='annot=True, fmt=".2f"' if annotate else ""),
        "pcolormesh": _PCOLORMESH.format(**common, annotate=_ANNOTATE_CENTRE.format(d=" + 0.5") if annotate else ""),
        "matshow": _MATSHOW.format(**common, annotate=_ANNOTATE_CENTRE.format(d="") if annotate else ""),
        "pyplot state": _PYPLOT.format(**common, annotate=_ANNOTATE_CENTRE.format(d="") if annotate else ""),
    }


_LEGEND_TOKENS = """
def draw_lines(matrix, tokens):
    with style():
        fig, ax = plt.subplots(figsize=(7.6, 4.2), dpi=100, layout="constrained")
        ax.plot(matrix)
        ax.set_xticks(range(len(tokens)), tokens, rotation=90)
        ax.legend(tokens, fontsize=7, ncols=2)
    return fig
"""
_LINES_PYPLOT = """
def draw_lines(matrix, tokens):
    with style():
        plt.figure(figsize=(7.6, 4.2))
        plt.plot(np.arange(len(tokens)), matrix, label=tokens)
        plt.xticks(np.arange(len(tokens)), tokens, rotation=90)
        plt.legend(fontsize=7)
    return plt.gcf()
"""
_LINES_LOOP = """
def draw_lines(matrix, tokens):
    with style():
        fig, ax = plt.subplots(figsize=(7.6, 4.2), dpi=100)
        for k, token in enumerate(tokens):
            ax.plot(range(len(tokens)), matrix[:, k], label=token, marker="o")
        ax.set_xticks(range(len(tokens)))
        ax.set_xticklabels(tokens, rotation=90)
        ax.legend(fontsize=7)
    return fig
"""
_LINES_ONE_BASED = """
def draw_lines(matrix, tokens):
    with style():
        fig, ax = plt.subplots(figsize=(7.6, 4.2), dpi=100, layout="constrained")
        for k, tok in enumerate(tokens):
            ax.plot(np.arange(1, len(tokens) + 1), matrix[:, k], label=tok)
        ax.set_xticks(np.arange(1, len(tokens) + 1), tokens, rotation=90)
        ax.legend()
    return fig
"""
_NO_BAR = """
def draw_japanese_heatmap(matrix, tokens):
    family = fonts.register()
    with plt.rc_context({"font.family": family}):
        fig, ax = plt.subplots(figsize=(6, 5.4), dpi=100, layout="constrained")
        ax.imshow(matrix, cmap="YlGnBu", interpolation="nearest")
        ax.set_xticks(range(len(tokens)), tokens, rotation=90)
        ax.set_yticks(range(len(tokens)), tokens)
    return fig
"""
_SCATTER_MESH = """
def draw_scatter3d(matrix):
    i, j = np.meshgrid(np.arange(matrix.shape[0]), np.arange(matrix.shape[1]), indexing="ij")
    fig = plt.figure()
    ax = fig.add_subplot(projection="3d")
    ax.scatter(j.ravel(), i.ravel(), matrix.ravel(), c=matrix.ravel())
    return fig
"""

RIGHT: dict[tuple[int, str], str] = {
    (1, "AutoModel"): """
def get_attentions(folder, text):
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModel.from_pretrained(folder, output_attentions=True)
    model.eval()
    ids = tokenizer.encode(text, return_tensors="pt")
    return model(ids).attentions
""",
    (2, "stacked"): shape("tuple(torch.stack(attentions).shape[i] for i in (0, 2, 3, 4))"),
    (3, "indexing first"): to_numpy(m="outputs.attentions[-1][0].mean(dim=0).detach().cpu().numpy()"),
    (5, "np.mean"): head_mean(m="np.mean(weights[0], axis=0)"),
    (7, "tokenizer call"): japanese(m="outputs.attentions[-1][0].mean(0).numpy()"),
    **{(stage, name): source for stage in (4, 8, 9) for name, source in _right_heatmaps(stage).items()},
    (8, "seaborn, future masked"): _SEABORN.format(
        name="draw_japanese_heatmap",
        size="(6, 5.4)",
        context='plt.rc_context({"font.family": fonts.register()})',
        more="mask=np.triu(np.ones_like(matrix, dtype=bool), 1)",
    ),
    (6, "pandas-like explicit x"): _LEGEND_TOKENS.replace("ax.plot(matrix)", "ax.plot(np.arange(len(tokens)), matrix)"),
    (6, "ax.legend(tokens)"): _LEGEND_TOKENS,
    (6, "tokens as categories"): _LEGEND_TOKENS.replace("ax.plot(matrix)", "ax.plot(tokens, matrix)"),
    (6, "pyplot state"): _LINES_PYPLOT,
    (6, "one plot per key"): _LINES_LOOP,
    (11, "ax.legend(tokens)"): _LEGEND_TOKENS.replace(
        "with style():", 'with plt.rc_context({"font.family": fonts.register()}):'
    ),
    (11, "pyplot state"): _LINES_PYPLOT,
    (11, "one plot per key"): _LINES_LOOP,
    (6, "lines and labels at 1..n"): _LINES_ONE_BASED,
    (8, "imshow, no colour bar"): _NO_BAR,
    (8, "matshow, no colour bar"): _NO_BAR.replace("ax.imshow(", "ax.matshow("),
    (8, "interpolation auto, no colour bar"): _NO_BAR.replace(', interpolation="nearest"', ""),
    (10, "meshgrid"): _SCATTER_MESH,
    (10, "ax.plot, markers only"): scatter(draw='ax.plot(x, y, z, "o", alpha=0.5)'),
    (10, "pyplot state"): _SCATTER_MESH.replace(
        'fig = plt.figure()\n    ax = fig.add_subplot(projection="3d")',
        'ax = plt.axes(projection="3d")\n    fig = plt.gcf()',
    ),
    (10, "one collection per row"): """
def draw_scatter3d(matrix):
    fig = plt.figure()
    ax = fig.add_subplot(projection="3d")
    for i, row in enumerate(matrix):
        ax.scatter(np.arange(len(row)), np.full(len(row), i), row)
    return fig
""",
}


# more wrong solutions a learner wrote: ``WRONG_ALSO[(stage, hint, what)] = source``
WRONG_ALSO: dict[tuple[int, str, str], str] = {
    (9, "annotations_missing", "seaborn, future masked"): _SEABORN.format(
        name="draw_annotated_heatmap",
        size="(10, 10)",
        context="style()",
        more='annot=True, fmt=".2f", mask=np.triu(np.ones_like(matrix, dtype=bool), 1)',
    ),
    (9, "annotations_not_centred", "no ha and va"): heatmap(9).replace('ha="center", va="center", ', ""),
    (9, "annotations_wrong", "percent"): heatmap(9).replace(":.2f}", ":.0%}"),
    (9, "annotations_wrong", "times ten"): heatmap(9).replace("matrix[i, j]:.2f", "matrix[i, j] * 10:.2f"),
    (9, "washed_out", "Greys to 3, black numbers"): heatmap(9, cmap="Greys", kwargs=", vmin=0, vmax=3"),
    (9, "annotations_missing", "masked zero cells skipped"): heatmap(9).replace(
        "ax.text(", "if matrix[i, j] > 0: ax.text("
    ),
    (8, "ms_gothic", "imshow, no colour bar"): _NO_BAR.replace("family}", '"MS Gothic"}'),
    (8, "ms_gothic", "matshow, no colour bar"): _NO_BAR.replace("family}", '"MS Gothic"}').replace(
        "ax.imshow(", "ax.matshow("
    ),
    (6, "legend_order", "shifted by one"): lines(legend='ax.legend(lines, tokens[1:] + ["(end)"])'),
    (11, "glyphs_outside_style", "legend after the block"): lines().replace(
        "\n        ax.legend(fontsize=8)", "\n    ax.legend(fontsize=8)"
    ),
    (8, "blended_cells", "matshow, no colour bar"): heatmap(
        8, colorbar="pass", kwargs=', interpolation="bilinear"'
    ).replace("ax.imshow(", "ax.matshow("),
}


# stage 8 with the font family set for the figure only, but the font never registered:
# it passed under pytest when stage 4 had registered the font earlier in the same process
FONT_NOT_REGISTERED = """\
import matplotlib.pyplot as plt


def draw_japanese_heatmap(matrix, tokens):
    with plt.rc_context({"font.family": ["DejaVu Sans", "IPAexGothic"]}):
        fig, ax = plt.subplots(figsize=(6, 5.4), dpi=100, layout="constrained")
        image = ax.imshow(matrix, cmap="YlGnBu")
        ax.set_xticks(range(len(tokens)), tokens, rotation=90)
        ax.set_yticks(range(len(tokens)), tokens)
        fig.colorbar(image, ax=ax)
    return fig
"""
