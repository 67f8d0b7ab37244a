"""The practice stages, one per stage of the article: what the learner writes, and against what.

Each :class:`Stage` names the function the learner fills in, the task (a gettext
msgid of the ``practice`` domain), the starter code, and the reference solution:
a function *in the lesson that teaches the stage*, so a fix to a lesson is a fix
to the solution. The checks are in :mod:`attn_teach.practice.checks`, the inputs
in :mod:`attn_teach.practice.data`.
"""

from __future__ import annotations

import dataclasses

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import N_


@dataclasses.dataclass(frozen=True)
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
    figure: bool  # True: the function returns a matplotlib Figure
    timeout: float  # seconds the learner's function may take


_PLT = "import matplotlib.pyplot as plt\nimport numpy as np\n"
# the kit's fonts and sizes: with them a figure can match the reference pixel for pixel
_STYLE = _PLT + "\nfrom attn_teach.views.style import style\n"
_TODO = "    # {todo}\n"  # where the learner writes; filled in with the words "your code here"


def _styled(line: str) -> str:
    """A starter body that makes the figure inside the kit's style."""
    return f"    with style():  # {{style}}\n        {line}\n    " + _TODO

STAGES: tuple[Stage, ...] = (
    Stage(1, "stage_01_extract.py", N_("Extract the attention"),
          N_("Load BERT from `folder` with its tokenizer, run it on `text` and return `outputs.attentions`: "
             "a tuple with one tensor per layer. Beware: with today's default attention the tuple comes back "
             "empty."),
          "get_attentions", "folder, text", "import torch\nfrom transformers import BertModel, BertTokenizer\n",
          _TODO, "plot_01_extracting", "get_attentions", False, 60.0),
    Stage(2, "stage_02_tensor.py", N_("Read the tensor's shape"),
          N_("`attentions` is what stage 1 returned. Return a tuple of four integers: "
             "(number of layers, number of heads, number of query tokens, number of key tokens)."),
          "attention_shape", "attentions", "", _TODO, "plot_02_tensor", "attention_shape", False, 10.0),
    Stage(3, "stage_03_numpy.py", N_("From tensor to NumPy"),
          N_("`outputs` comes from a model run that records gradients, as in the article. Return the last layer "
             "averaged over its heads, for the first sentence of the batch, as a NumPy array of shape "
             "(query, key)."),
          "to_numpy", "outputs", "import torch\n", _TODO, "plot_03_numpy", "to_numpy", False, 10.0),
    Stage(4, "stage_04_heatmap.py", N_("The heatmap"),
          N_("Draw `matrix` (query, key) as a heatmap with the colormap YlGnBu: the tokens as tick labels on "
             "both axes (x rotated 90 degrees) and a colour bar. Return the figure."),
          "draw_heatmap", "matrix, tokens", _STYLE,
          _styled("fig, ax = plt.subplots(figsize=(5, 4.4), dpi=100, layout=\"constrained\")"),
          "plot_04_heatmap", "draw_heatmap", True, 20.0),
    Stage(5, "stage_05_head_mean.py", N_("What the reduction does"),
          N_("`weights` is one layer as a NumPy array with the axes (batch, head, query, key). Return what "
             "torch.mean(attentions[-1], dim=1)[0] gives: the mean over the heads for the first sentence, "
             "shape (query, key)."),
          "head_mean", "weights", "import numpy as np\n", _TODO, "plot_05_heads", "head_mean", False, 10.0),
    Stage(6, "stage_06_lines.py", N_("The line plot, labelled right"),
          N_("Draw plt.plot(matrix): one line per key token (a column of the matrix). Label every line with its "
             "key token and show a legend, and put every token (the special ones too) on the x axis, where the "
             "queries are. Return the figure."),
          "draw_lines", "matrix, tokens", _STYLE,
          _styled("fig, ax = plt.subplots(figsize=(7.6, 4.2), dpi=100, layout=\"constrained\")"),
          "plot_06_line_plot", "draw_lines", True, 20.0),
    Stage(7, "stage_07_japanese_model.py", N_("The Japanese model"),
          N_("Load the Japanese GPT-2 from `folder` with AutoTokenizer and AutoModelForCausalLM, run it on "
             "`text`, and return (tokens, matrix): the tokens the model read and the last layer averaged over "
             "its heads as a NumPy array (query, key)."),
          "tokens_and_matrix", "folder, text",
          "import torch\nfrom transformers import AutoModelForCausalLM, AutoTokenizer\n", _TODO,
          "plot_07_japanese_model", "tokens_and_matrix", False, 60.0),
    Stage(8, "stage_08_japanese_font.py", N_("Japanese labels"),
          N_("Draw the Japanese `matrix` as a heatmap with the tokens as tick labels on both axes, every "
             "character a real glyph (no boxes), without changing matplotlib's global settings. Return the "
             "figure."),
          "draw_japanese_heatmap", "matrix, tokens", _PLT + "\nfrom attn_teach import fonts\n",
          "    fig, ax = plt.subplots(figsize=(6, 5.4), dpi=100, layout=\"constrained\")\n" + _TODO,
          "plot_08_japanese_font", "draw_japanese_heatmap", True, 20.0),
    Stage(9, "stage_09_annotated.py", N_("The annotated heatmap"),
          N_("Draw `matrix` with imshow, label every row and column with its token (</s> too), and write each "
             "cell's weight in it with two decimals. Return the figure."),
          "draw_annotated_heatmap", "matrix, tokens", _STYLE,
          _styled("fig, ax = plt.subplots(figsize=(10, 10), dpi=100)"),
          "plot_09_annotated_heatmap", "draw_annotated_heatmap", True, 30.0),
    Stage(10, "stage_10_3d.py", N_("The 3D scatter"),
          N_("Draw one point per cell of `matrix` in a 3D scatter: x the key index, y the query index, z the "
             "weight. No extra points. Return the figure."),
          "draw_scatter3d", "matrix", _STYLE, _styled("fig = plt.figure(figsize=(6.4, 4.8), dpi=100)"),
          "plot_10_3d", "draw_scatter3d", True, 20.0),
    Stage(11, "stage_11_japanese_lines.py", N_("The Japanese line plot"),
          N_("Stage 6 again with the Japanese sentence: one line per key token, labelled, every token on the x "
             "axis, and every character a real glyph. Return the figure."),
          "draw_lines", "matrix, tokens", _STYLE,
          _styled("fig, ax = plt.subplots(figsize=(7.6, 4.2), dpi=100, layout=\"constrained\")"),
          "plot_06_line_plot", "draw_lines", True, 20.0),
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
    raise AttnTeachError(f"there is no stage {number}; the stages are {NUMBERS[0]} to {NUMBERS[-1]}")
