"""The practice stages, one record per stage of the article: what the learner writes, on what, checked how.

Why one module over 300 lines: it is the catalogue, eleven declarations of data one after
the other (a stage is one record, read in one place); the logic lives in the modules it names.

Each :class:`Stage` is declared once, with keyword fields: the function the learner
fills in and its starter, the task (a gettext msgid of the ``practice`` domain), the
input cases (:mod:`attn_teach.practice.inputs`), the check
(:mod:`attn_teach.practice.numbers` or :mod:`attn_teach.practice.figures`), the hints
that check can give, the step-by-step tips, the time limit and, for a figure, its
baseline image. A figure stage is declared through :func:`_figure_stage`, which fills in
what every figure stage shares (and any field given to it wins). The reference solution
is a function *in the lesson that teaches the stage*, so a fix to a lesson is a fix to the
solution. ``docs/practice.rst`` says how to add a stage or a hint.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import N_
from attn_teach.practice import figures, inputs, numbers


@dataclasses.dataclass(frozen=True, kw_only=True)
class Stage:
    number: int
    file: str  # file name in the learner's workspace
    title: str  # msgid
    task: str  # msgid: what to write, in plain words
    function: str  # the function the learner fills in
    params: str  # its parameters
    imports: str  # the starter's import lines
    body: str  # the starter's body before `raise NotImplementedError`
    lesson: str  # lesson module holding the reference solution
    reference: str  # the reference function in that lesson
    kind: str  # "numbers" or "figure" (the function returns a matplotlib Figure)
    time_limit: float  # seconds the whole check may take in the child (every case)
    inputs: Callable[[], list[dict]]  # the input cases, computed in the child
    check: Callable  # numbers: check(cases); figure: check(case) for each case
    hints: tuple[str, ...]  # every hint the check (and the learner's errors) can give at this stage
    tips: tuple[str, ...]  # msgids, revealed one more per `attn-teach practice hint N`
    baseline: str | None = None  # PNG in practice/baselines/ (figure stages)
    note: str | None = None  # msgid: said once with the stage's verdict (noise the learner sees explained)

    @property
    def figure(self) -> bool:
        return self.kind == "figure"

    @property
    def timeout(self) -> float:  # the name the runner used before the records
        return self.time_limit


_PLT = "import matplotlib.pyplot as plt\nimport numpy as np\n"
# the kit's fonts and sizes: with them a figure can match the reference pixel for pixel
_STYLE = _PLT + "\nfrom attn_teach.views.style import style\n"
# the kit's catalogue: the reference figures of stages 6, 10 and 11 draw their words with _("...")
_LABELLED = _STYLE + "from attn_teach.i18n import gettext as _\n"
_TODO = "    # {todo}\n"  # where the learner writes; filled in with the words "your code here"


def _styled(line: str) -> str:
    """A starter body that makes the figure inside the kit's style."""
    return f"    with style():  # {{style}}\n        {line}\n    " + _TODO


def _fonted(line: str) -> str:
    """A starter body that makes the figure inside a font list the learner completes (stage 8's task):
    tick labels keep the font of their axes' making, so the axes are made inside it too."""
    return f'    with plt.rc_context({{"font.family": ["DejaVu Sans"]}}):  # {{font}}\n        {line}\n    ' + _TODO


_MATRIX_HINTS = (
    "not_ndarray",
    "batch_kept",
    "wrong_axis",
    "transposed_matrix",
    "rounded",
    "low_precision",
    "rows_not_one",
    "numbers_differ",
    "shape_wrong",
    "averaged_queries",
    "head_max",
    "head_zero",
)
_HEATMAP_HINTS = (
    "no_figure",
    "no_image",
    "transposed",
    "image_cropped",
    "image_differs",
    "clipped_colours",
    "washed_out",
    "blended_cells",
    "ticks_not_centred",
    "ticks_off_by_one",
    "unlabelled_last",
    "labels_differ",
    "tick_labels_missing",
    "labels_on_auto_ticks",
    "global_rc",
)
_LINE_HINTS = (
    "no_figure",
    "lines_per_query",
    "lines_differ",
    "line_count",
    "ticks_off_by_one",
    "unlabelled_last",
    "labels_differ",
    "tick_labels_missing",
    "labels_on_auto_ticks",
    "lines_shifted",
    "legend_missing",
    "legend_order",
    "global_rc",
)
_GLYPH_HINTS = ("missing_glyph", "ms_gothic", "global_font")  # any figure can hold Japanese text
_STYLE_HINTS = ("glyphs_outside_style",)  # the stages whose starter draws inside `with style():`


def _figure_stage(*, number: int, hints: tuple[str, ...], **fields) -> Stage:
    """A stage whose function returns a matplotlib Figure, with what every figure stage shares.

    Defaults: the function takes ``matrix, tokens`` and its starter imports the kit's style
    (so that a right answer can match the reference pixel for pixel), the check may take 30 s,
    the baseline is ``stage_NN.png``, and the glyph hints follow the stage's own (any figure
    can hold Japanese text). A keyword given here wins over the default.
    """
    defaults = dict(
        kind="figure",
        params="matrix, tokens",
        imports=_STYLE,
        time_limit=30.0,
        baseline=f"stage_{number:02d}.png",
    )
    return Stage(number=number, hints=(*hints, *_GLYPH_HINTS), **{**defaults, **fields})


_LOAD_REPORT = N_(
    "transformers may print a LOAD REPORT that lists the cls.* weights as UNEXPECTED: the checkpoint "
    "was saved with BERT's pretraining heads, which BertModel does not use, so they are dropped. "
    "It is not an error (the article met this warning too)."
)

STAGES: tuple[Stage, ...] = (
    Stage(
        number=1,
        file="stage_01_extract.py",
        title=N_("Extract the attention"),
        task=N_(
            "Load BERT from `folder` with its tokenizer, run it on `text` and return `outputs.attentions`: "
            "a tuple with one tensor per layer. Beware: with today's default attention the tuple comes back "
            "empty."
        ),
        function="get_attentions",
        params="folder, text",
        imports="import torch\nfrom transformers import BertModel, BertTokenizer\n",
        body=_TODO,
        lesson="plot_01_extracting",
        reference="get_attentions",
        kind="numbers",
        time_limit=60.0,
        inputs=inputs.extract_cases,
        check=numbers.check_extract,
        hints=(
            "sdpa_empty",
            "layer_count",
            "not_tuple",
            "shape_wrong",
            "same_layer_repeated",
            "dropout_on",
            "attentions_differ",
            "low_precision",
            "special_tokens_missing",
            "text_ignored",
        ),
        tips=(
            N_(
                'Load with BertModel.from_pretrained(folder, attn_implementation="eager") and the tokenizer '
                "with BertTokenizer.from_pretrained(folder)."
            ),
            N_(
                'inputs = tokenizer(text, return_tensors="pt"); outputs = model(**inputs, '
                "output_attentions=True); return outputs.attentions."
            ),
        ),
        note=_LOAD_REPORT,
    ),
    Stage(
        number=2,
        file="stage_02_tensor.py",
        title=N_("Read the tensor's shape"),
        task=N_(
            "`attentions` is what stage 1 returned. Return a tuple of four integers: "
            "(number of layers, number of heads, number of query tokens, number of key tokens)."
        ),
        function="attention_shape",
        params="attentions",
        imports="",
        body=_TODO,
        lesson="plot_02_tensor",
        reference="attention_shape",
        kind="numbers",
        time_limit=60.0,
        inputs=inputs.shape_cases,
        check=numbers.check_shape,
        hints=("shape_numbers", "shape_fixed", "layers_heads_swapped", "batch_kept"),
        tips=(
            N_("attentions is a tuple: its length is the number of layers."),
            N_("Each element has the shape (batch, head, query, key); drop the batch: attentions[-1].shape[1:]."),
        ),
    ),
    Stage(
        number=3,
        file="stage_03_numpy.py",
        title=N_("From tensor to NumPy"),
        task=N_(
            "`outputs` comes from a model run that records gradients, as in the article. Return the last "
            "layer averaged over its heads, for the first sentence of the batch, as a NumPy array of shape "
            "(query, key)."
        ),
        function="to_numpy",
        params="outputs",
        imports="import torch\n",
        body=_TODO,
        lesson="plot_03_numpy",
        reference="to_numpy",
        kind="numbers",
        time_limit=60.0,
        inputs=inputs.numpy_cases,
        check=numbers.check_to_numpy,
        hints=(
            *_MATRIX_HINTS,
            "numpy_requires_grad",
            "batch_mean",
            "batch_axis_mean",
            "first_layer",
            "layers_heads_mixed",
        ),
        tips=(
            N_("Start with torch.mean(outputs.attentions[-1], dim=1)[0]: last layer, mean over heads, first sentence."),
            N_("The result still requires grad: add .detach() before .numpy()."),
        ),
    ),
    _figure_stage(
        number=4,
        file="stage_04_heatmap.py",
        title=N_("The heatmap"),
        task=N_(
            "Draw `matrix` (query, key) as a heatmap with the colormap YlGnBu: the tokens as tick labels on "
            "both axes (x rotated 90 degrees) and a colour bar. Return the figure."
        ),
        function="draw_heatmap",
        body=_styled('fig, ax = plt.subplots(figsize=(5, 4.4), dpi=100, layout="constrained")'),
        lesson="plot_04_heatmap",
        reference="draw_heatmap",
        inputs=inputs.english_drawing_cases,
        check=figures.heatmap_check(cmap="YlGnBu", colorbar=True, rotation=90),
        hints=(
            *_HEATMAP_HINTS,
            "wrong_cmap",
            "no_colorbar",
            "colorbar_unlinked",
            "label_rotation",
            "label_not_rotated",
            *_STYLE_HINTS,
        ),
        tips=(
            N_('image = ax.imshow(matrix, cmap="YlGnBu") draws the matrix; fig.colorbar(image, ax=ax) adds the bar.'),
            N_("ax.set_xticks(range(len(tokens)), tokens, rotation=90) and ax.set_yticks(range(len(tokens)), tokens)."),
        ),
    ),
    Stage(
        number=5,
        file="stage_05_head_mean.py",
        title=N_("What the reduction does"),
        task=N_(
            "`weights` is one layer as a NumPy array with the axes (batch, head, query, key). Return what "
            "torch.mean(attentions[-1], dim=1)[0] gives: the mean over the heads for the first sentence, "
            "shape (query, key)."
        ),
        function="head_mean",
        params="weights",
        imports="import numpy as np\n",
        body=_TODO,
        lesson="plot_05_heads",
        reference="head_mean",
        kind="numbers",
        time_limit=60.0,
        inputs=inputs.head_mean_cases,
        check=numbers.check_head_mean,
        hints=(*_MATRIX_HINTS, "batch_mean", "batch_axis_mean"),
        tips=(
            N_("weights has the axes (batch, head, query, key): which axis are the heads?"),
            N_("weights.mean(axis=1)[0]: average over the heads, then the first sentence."),
        ),
    ),
    _figure_stage(
        number=6,
        file="stage_06_lines.py",
        title=N_("The line plot, labelled right"),
        task=N_(
            "Draw plt.plot(matrix): one line per key token (a column of the matrix). Label every line with "
            "its key token and show a legend, and put every token (the special ones too) on the x axis, "
            "where the queries are. Return the figure."
        ),
        function="draw_lines",
        imports=_LABELLED,
        body=_styled('fig, ax = plt.subplots(figsize=(7.6, 4.2), dpi=100, layout="constrained")'),
        lesson="plot_06_line_plot",
        reference="draw_lines",
        inputs=inputs.english_drawing_cases,
        check=figures.lines_check(),
        hints=(*_LINE_HINTS, *_STYLE_HINTS),
        tips=(
            N_("lines = ax.plot(matrix) draws one line per column (key); the x axis is the row (query)."),
            N_("Label line k with tokens[k] (line.set_label), call ax.legend(), and put every token on the x axis."),
        ),
    ),
    Stage(
        number=7,
        file="stage_07_japanese_model.py",
        title=N_("The Japanese model"),
        task=N_(
            "Load the Japanese GPT-2 from `folder` with AutoTokenizer and AutoModelForCausalLM, run it on "
            "`text`, and return (tokens, matrix): the tokens the model read and the last layer averaged "
            "over its heads as a NumPy array (query, key)."
        ),
        function="tokens_and_matrix",
        params="folder, text",
        imports="import torch\nfrom transformers import AutoModelForCausalLM, AutoTokenizer\n",
        body=_TODO,
        lesson="plot_07_japanese_model",
        reference="tokens_and_matrix",
        kind="numbers",
        time_limit=60.0,
        inputs=inputs.japanese_cases,
        check=numbers.check_japanese,
        hints=(
            "not_pair",
            "tokens_from_tokenize",
            "special_token_not_read",
            "tokens_differ",
            "sdpa_empty",
            "not_ndarray",
            "batch_kept",
            "wrong_axis",
            "first_layer",
            "transposed_matrix",
            "rounded",
            "low_precision",
            "numbers_differ",
            "averaged_queries",
            "head_max",
            "head_zero",
            "layers_heads_mixed",
        ),
        tips=(
            N_(
                "AutoTokenizer.from_pretrained(folder) and AutoModelForCausalLM.from_pretrained(folder, "
                'attn_implementation="eager").'
            ),
            N_("The tokens are tokenizer.convert_ids_to_tokens(input_ids[0]): the ids the model read, </s> included."),
        ),
    ),
    _figure_stage(
        number=8,
        file="stage_08_japanese_font.py",
        title=N_("Japanese labels"),
        task=N_(
            "Draw the Japanese `matrix` as a heatmap with the tokens as tick labels on both axes, every "
            "character a real glyph (no boxes), without changing matplotlib's global settings. Return the "
            "figure."
        ),
        function="draw_japanese_heatmap",
        imports=_PLT + "\nfrom attn_teach import fonts\n",
        body=_fonted('fig, ax = plt.subplots(figsize=(6, 5.4), dpi=100, layout="constrained")'),
        lesson="plot_08_japanese_font",
        reference="draw_japanese_heatmap",
        inputs=inputs.japanese_drawing_cases,
        check=figures.heatmap_check(starter="rc"),
        hints=(*_HEATMAP_HINTS, "axes_before_font"),
        tips=(
            N_("family = attn_teach.fonts.register() gives a font list with a Japanese font, registered by file path."),
            N_(
                'Draw the whole figure inside with plt.rc_context({"font.family": family}): and never assign '
                "plt.rcParams."
            ),
        ),
    ),
    _figure_stage(
        number=9,
        file="stage_09_annotated.py",
        title=N_("The annotated heatmap"),
        task=N_(
            "Draw `matrix` with imshow, label every row and column with its token (</s> too), and write "
            "each cell's weight in it with two decimals. Return the figure."
        ),
        function="draw_annotated_heatmap",
        body=_styled("fig, ax = plt.subplots(figsize=(10, 10), dpi=100)"),
        lesson="plot_09_annotated_heatmap",
        reference="draw_annotated_heatmap",
        inputs=inputs.japanese_drawing_cases,
        check=figures.heatmap_check(annotations=True),
        hints=(
            *_HEATMAP_HINTS,
            "annotations_missing",
            "annotations_wrong",
            "annotations_swapped",
            "annotations_at_corners",
            "annotations_not_centred",
            *_STYLE_HINTS,
        ),
        tips=(
            N_("Label every row and column: range(len(tokens)) with tokens, </s> included."),
            N_('Two loops over rows i and columns j: ax.text(j, i, f"{matrix[i, j]:.2f}", ha="center", va="center").'),
        ),
    ),
    _figure_stage(
        number=10,
        file="stage_10_3d.py",
        title=N_("The 3D scatter"),
        task=N_(
            "Draw one point per cell of `matrix` in a 3D scatter: x the key index, y the query index, z the "
            "weight. No extra points. Return the figure."
        ),
        function="draw_scatter3d",
        params="matrix",
        imports=_LABELLED,
        body=_styled("fig = plt.figure(figsize=(6.4, 4.8), dpi=100)"),
        lesson="plot_10_3d",
        reference="draw_scatter3d",
        inputs=inputs.scatter_cases,
        check=figures.scatter_check(),
        hints=(
            "no_figure",
            "not_3d",
            "no_scatter",
            "origin_point",
            "one_based",
            "point_count",
            "percent",
            "points_differ",
            "global_rc",
            *_STYLE_HINTS,
        ),
        tips=(
            N_("One point per cell: x = key index j, y = query index i, z = matrix[i, j]; start the lists empty."),
            N_('ax = fig.add_subplot(projection="3d"); ax.scatter(x, y, z, s=100, alpha=0.5).'),
        ),
    ),
    _figure_stage(
        number=11,
        file="stage_11_japanese_lines.py",
        title=N_("The Japanese line plot"),
        task=N_(
            "Stage 6 again with the Japanese sentence: one line per key token, labelled, every token on the "
            "x axis, and every character a real glyph. Return the figure."
        ),
        function="draw_lines",
        imports=_LABELLED,
        body=_styled('fig, ax = plt.subplots(figsize=(7.6, 4.2), dpi=100, layout="constrained")'),
        lesson="plot_06_line_plot",
        reference="draw_lines",
        inputs=inputs.japanese_drawing_cases,
        check=figures.lines_check(),
        hints=(*_LINE_HINTS, *_STYLE_HINTS),
        tips=(
            N_("It is stage 6 again, with the Japanese matrix: one line per key, every token on the x axis."),
            N_("The Japanese labels need the font list of stage 8 (attn_teach.fonts.register())."),
        ),
    ),
)

NUMBERS = tuple(s.number for s in STAGES)


def get_stage(number) -> Stage:
    """The stage numbered ``number``, with a clear error for any other value."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = None
    for stage in STAGES:
        if stage.number == number:
            return stage
    from attn_teach.practice.hints import tr

    raise AttnTeachError(
        tr(
            "there is no stage {number}; the stages are {first} to {last}",
            number=number,
            first=NUMBERS[0],
            last=NUMBERS[-1],
        )
    )
