"""Deliberately wrong practice solutions: one per named hint, each triggering exactly that hint.

``WRONG[hint] = (stage, source)``: ``source`` is the body of a learner's stage file
(the starter's imports are added in front). Most are the article's own mistakes.
"""

IMPORTS = """\
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, BertModel, BertTokenizer

from attn_teach import fonts
from attn_teach.views.style import style
"""

_HEATMAP = '''
def draw_heatmap(matrix, tokens):
    with style():
        fig, ax = plt.subplots(figsize=(5, 4.4), dpi=100, layout="constrained")
        image = ax.imshow({data}, cmap={cmap!r})
        ax.set_xticks(range(len({labels})), {labels}, rotation=90)
        ax.set_yticks(range(len({labels})), {labels})
        {colorbar}
    return fig
'''


def heatmap(data="matrix", cmap="YlGnBu", labels="tokens", colorbar="fig.colorbar(image, ax=ax)"):
    return _HEATMAP.format(data=data, cmap=cmap, labels=labels, colorbar=colorbar)


_LINES = '''
def draw_lines(matrix, tokens):
    with style():
        fig, ax = plt.subplots(figsize=(7.6, 4.2), dpi=100, layout="constrained")
        lines = ax.plot({data})
        for line, token in zip(lines, tokens):
            line.set_label({label})
        ax.set_xticks(range(len({labels})), {labels}, rotation=90)
        {legend}
    return fig
'''


def lines(data="matrix", label='f"to {token}"', labels="tokens", legend="ax.legend(fontsize=8)"):
    return _LINES.format(data=data, label=label, labels=labels, legend=legend)


_JA_HEATMAP = '''
def draw_japanese_heatmap(matrix, tokens):
    {before}
    with plt.rc_context({{"font.family": {family}}}):
        fig, ax = plt.subplots(figsize=(6, 5.4), dpi=100, layout="constrained")
        image = ax.imshow(matrix, cmap="YlGnBu")
        ax.set_xticks(range(len(tokens)), tokens, rotation=90)
        ax.set_yticks(range(len(tokens)), tokens)
    return fig
'''

_ANNOTATED = '''
def draw_annotated_heatmap(matrix, tokens):
    labels = {labels}
    with style():
        fig, ax = plt.subplots(figsize=(10, 10), dpi=100)
        ax.imshow(matrix)
        ax.set_xticks(range(len(labels)), labels)
        ax.set_yticks(range(len(labels)), labels)
        for i in range(len(labels)):
            for j in range(len(labels)):
                ax.text({x}, {y}, {text}, ha="center", va="center", color="w")
    return fig
'''


def annotated(labels="tokens", x="j", y="i", text='f"{matrix[i, j]:.2f}"'):
    return _ANNOTATED.format(labels=labels, x=x, y=y, text=text)


_SCATTER = '''
def draw_scatter3d(matrix):
    x, y, z = {start}
    for i in range(len(matrix)):
        for j in range(len(matrix[i])):
            x.append(j{plus})
            y.append(i{plus})
            z.append(matrix[i][j]{times})
    with style():
        fig = plt.figure(figsize=(6.4, 4.8), dpi=100)
        ax = fig.add_subplot(projection={projection!r})
        ax.scatter(x, y, z, s=100, alpha=0.5)
    return fig
'''


def scatter(start="[], [], []", plus="", times="", projection="3d"):
    return _SCATTER.format(start=start, plus=plus, times=times, projection=projection)


_MATRIX = '''
def to_numpy(outputs):
    return {expr}
'''

_HEAD_MEAN = '''
def head_mean(weights):
    return {expr}
'''

_EXTRACT = '''
def get_attentions(folder, text):
    tokenizer = BertTokenizer.from_pretrained(folder)
    model = BertModel.from_pretrained(folder{eager})
    inputs = tokenizer(text, return_tensors="pt")
    with torch.inference_mode():
        outputs = model(**inputs, output_attentions=True)
    return {result}
'''

_JA_MODEL = '''
def tokens_and_matrix(folder, text):
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder{eager})
    input_ids = tokenizer.encode(text, return_tensors="pt")
    with torch.inference_mode():
        outputs = model(input_ids, output_attentions=True)
    matrix = torch.mean(outputs.attentions[-1], dim=1)[0].numpy()
    return {tokens}, matrix
'''

WRONG = {
    # stage 1: the sdpa trap (today's default attention returns no weights)
    "sdpa_empty": (1, _EXTRACT.format(eager="", result="outputs.attentions")),
    "layer_count": (1, _EXTRACT.format(eager=', attn_implementation="eager"', result="outputs.attentions[-1:]")),
    "not_tuple": (1, _EXTRACT.format(eager=', attn_implementation="eager"', result="outputs")),
    "shape_numbers": (2, "\ndef attention_shape(attentions):\n"
                         "    return (len(attentions), *attentions[0].shape[2:])\n"),
    # stage 3: the article's error, .numpy() on a tensor that requires grad
    "numpy_requires_grad": (3, _MATRIX.format(expr="torch.mean(outputs.attentions[-1], dim=1)[0].numpy()")),
    "not_ndarray": (3, _MATRIX.format(expr="torch.mean(outputs.attentions[-1], dim=1)[0].detach()")),
    "first_layer": (3, _MATRIX.format(expr="torch.mean(outputs.attentions[0], dim=1)[0].detach().numpy()")),
    "batch_kept": (5, _HEAD_MEAN.format(expr="weights.mean(axis=1)")),
    "wrong_axis": (5, _HEAD_MEAN.format(expr="weights.mean(axis=2)[0]")),
    "rows_not_one": (5, _HEAD_MEAN.format(expr="weights.sum(axis=1)[0]")),
    "numbers_differ": (5, _HEAD_MEAN.format(expr="weights.max(axis=1)[0] / weights.max(axis=1)[0].sum(-1, "
                                                "keepdims=True)")),
    "shape_wrong": (5, _HEAD_MEAN.format(expr="weights.mean(axis=1)[0][:, :3]")),
    # stage 4: the heatmap
    "no_figure": (4, heatmap().replace("    return fig\n", "    return None\n")),
    "no_image": (4, heatmap().replace("image = ax.imshow(matrix, cmap='YlGnBu')",
                                      "image = ax.pcolormesh(matrix, cmap='YlGnBu')")),
    "transposed": (4, heatmap(data="matrix.T")),
    "image_differs": (4, heatmap(data="matrix * 2")),
    "wrong_cmap": (4, heatmap(cmap="viridis")),
    # stage 6: the article's ticks from tokenize(), without [CLS]/[SEP]
    "ticks_off_by_one": (6, lines(labels="tokens[1:-1]")),
    "labels_differ": (4, heatmap(labels="sorted(tokens)")),
    "no_colorbar": (4, heatmap(colorbar="pass")),
    # stage 6: plt.plot on the transposed matrix, one line per query
    "lines_per_query": (6, lines(data="matrix.T")),
    "lines_differ": (6, lines(data="matrix[:, ::-1]")),
    "line_count": (6, lines(data="matrix[:, :3]")),
    "legend_missing": (6, lines(legend="pass")),
    # stage 7: labels from tokenize(): </s> missing
    "tokens_from_tokenize": (7, _JA_MODEL.format(eager=', attn_implementation="eager"',
                                                 tokens="tokenizer.tokenize(text)")),
    "tokens_differ": (7, _JA_MODEL.format(eager=', attn_implementation="eager"',
                                          tokens="tokenizer.convert_ids_to_tokens(input_ids[0])[::-1]")),
    "not_pair": (7, _JA_MODEL.format(eager=', attn_implementation="eager"', tokens="").replace(
        "return , matrix", "return matrix")),
    # stage 8: the article's MS Gothic, on a machine that lacks it
    "ms_gothic": (8, _JA_HEATMAP.format(before="pass", family='"MS Gothic"')),
    "missing_glyph": (8, _JA_HEATMAP.format(before="pass", family='["DejaVu Sans"]')),
    "global_rc": (8, _JA_HEATMAP.format(before='plt.rcParams["font.family"] = fonts.register()',
                                        family="fonts.register()")),
    # stage 9: the article's labels from tokenize(): the </s> row unlabelled
    "unlabelled_last": (9, annotated(labels="tokens[:-1]")),
    "annotations_missing": (9, annotated().replace("for j in range(len(labels)):", "for j in range(i):")),
    "annotations_wrong": (9, annotated(x="i", y="j")),
    # stage 10: the article's lists starting at [0]: a point at the origin
    "origin_point": (10, scatter(start="[0], [0], [0]", plus=" + 1", times=" * 100")),
    "one_based": (10, scatter(plus=" + 1")),
    "percent": (10, scatter(times=" * 100")),
    "point_count": (10, scatter(start="[0, 1], [0, 1], [0, 1]")),
    "points_differ": (10, scatter(times=" * 0 + 0.5")),
    "not_3d": (10, scatter(projection="rectilinear").replace("ax.scatter(x, y, z,", "ax.scatter(x, y,")),
    "no_scatter": (10, scatter().replace("ax.scatter(x, y, z, s=100, alpha=0.5)", "ax.plot(x, y, z)")),
}
