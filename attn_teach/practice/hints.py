"""What the checks say: every finding is a hint in plain words, in the learner's language.

Each named hint answers one typical mistake, most of them the article's own (see
``shared/article/README.md`` in the kit's history and the lessons). The kit's tests
keep one deliberately wrong solution per hint and check that it triggers exactly
that hint. Texts are English msgids of the ``practice`` gettext domain, formatted
with ``str.format`` after translation.

``TIPS`` are the step-by-step tips that ``attn-teach practice hint N`` reveals,
one more per call.
"""

from __future__ import annotations

from attn_teach.i18n import N_
from attn_teach.i18n import gettext as _gettext


def tr(message: str, **values) -> str:
    """``message`` translated (domain ``practice``) and filled in with ``values``."""
    text = _gettext(message, domain="practice")
    return text.format(**values) if values else text


HINTS: dict[str, str] = {
    # -- numbers ---------------------------------------------------------------
    "sdpa_empty": N_(
        "outputs.attentions is an empty tuple: the model runs with the 'sdpa' attention, which never "
        "stores the weights. Load it with attn_implementation=\"eager\" (or output_attentions=True in "
        "from_pretrained) and run it again."),
    "layer_count": N_(
        "you returned {got} layers but the model has {expected}: return outputs.attentions itself, "
        "one tensor per layer."),
    "numpy_requires_grad": N_(
        "line {line}: .numpy() refuses a tensor that requires grad. Take the numbers out of the history "
        "first: .detach().numpy() (or run the model under torch.inference_mode())."),
    "not_ndarray": N_(
        "you returned a {type}, not a NumPy array. Turn the tensor into one with .detach().numpy()."),
    "batch_kept": N_(
        "your matrix has shape {shape}: the batch axis is still there. Take the first (and only) "
        "sentence of the batch with [0]."),
    "wrong_axis": N_(
        "your matrix has shape {shape}, not (query, key) = {expected}: you averaged over another axis. "
        "The heads are axis 1 of (batch, head, query, key): mean over dim=1 (axis=1)."),
    "first_layer": N_(
        "these are the numbers of the first layer. The task asks for the last one: attentions[-1]."),
    "rows_not_one": N_(
        "the rows of your matrix sum to {total:.2f}, not 1. Each row of an attention matrix is a "
        "softmax and sums to 1: average over the heads (mean), do not add them up (sum)."),
    "numbers_differ": N_(
        "your numbers differ from the kit's (largest difference {diff:.3g}). Check each step the task "
        "names: the layer asked for, the mean over the heads (axis 1 of a (batch, head, query, key) "
        "tensor), and the first sentence of the batch."),
    "shape_wrong": N_("you returned shape {got}; the task asks for {expected}."),
    "not_tuple": N_("you returned a {type}; return outputs.attentions, the tuple with one tensor per layer."),
    "shape_numbers": N_(
        "you returned {got}. Count again: len(attentions) layers, then the shape of one tensor without its "
        "batch axis (heads, queries, keys)."),
    "not_pair": N_("return two things, (tokens, matrix): a list of token strings and a NumPy array."),
    "tokens_from_tokenize": N_(
        "you have {got} tokens for a {rows} x {rows} matrix: tokenizer.tokenize(text) leaves out the tokens "
        "the tokenizer adds (here {missing}). Take the labels from the ids the model read: "
        "tokenizer.convert_ids_to_tokens(input_ids[0])."),
    "tokens_differ": N_("your tokens are not the ones the model read: expected {expected}."),
    # -- figure objects ----------------------------------------------------------
    "no_figure": N_("{function} returned {got}; return the matplotlib Figure you drew (end with `return fig`)."),
    "no_image": N_("the figure has no image: draw the matrix with ax.imshow(matrix, ...)."),
    "transposed": N_(
        "the image shows the matrix transposed: rows must be queries (the token looking) and columns keys. "
        "Pass the matrix to imshow as it is, without .T."),
    "image_differs": N_("the image does not show the matrix it was given: pass the matrix to imshow unchanged."),
    "wrong_cmap": N_("the colormap is {got}; the task asks for {expected}."),
    "ticks_off_by_one": N_(
        "the {axis} tick labels sit one position off: position 0 is labelled {first!r} but its token is "
        "{token!r}. The labels come from tokenizer.tokenize(text), which has no [CLS] or [SEP]; use every "
        "token the model read, one label per row."),
    "unlabelled_last": N_(
        "the last row has no label: the matrix has {rows} rows but you gave {got} {axis} labels, so "
        "{token!r} at position {last} is unnamed (the article's </s>). Label every row and column."),
    "labels_differ": N_(
        "the {axis} tick labels are not the tokens at their positions: position {position} shows {got!r}, "
        "expected {expected!r}. Use set_{axis}ticks(range(len(tokens)), tokens)."),
    "no_colorbar": N_("the figure has no colour bar: keep what imshow returns, image = ax.imshow(...), "
                        "then add the bar with fig.colorbar(image, ax=ax)."),
    "lines_per_query": N_(
        "each of your lines is a row of the matrix (one query looking). plt.plot(matrix) draws one line per "
        "column, that is per key, against the query position on x. Plot the matrix as it is and label each "
        "line with its key token."),
    "lines_differ": N_(
        "line {k} does not show column {k} of the matrix: plt.plot(matrix) draws column k as line k; pass the "
        "matrix unchanged."),
    "line_count": N_("the plot has {got} lines; it needs one line per key token: {expected}."),
    "legend_missing": N_(
        "the lines are not labelled with their key tokens: give each line label=token (line k is column k) "
        "and call ax.legend()."),
    "ms_gothic": N_(
        "the labels use 'MS Gothic', a font that exists only on Windows: here it was not found and "
        "{count} characters became boxes (文字化け). Register the font that ships with the kit "
        "(attn_teach.fonts.register()) and draw inside plt.rc_context({{\"font.family\": family}})."),
    "missing_glyph": N_(
        "{count} characters have no glyph in the font and show as boxes (文字化け), e.g. {chars}. Use a font "
        "list with a Japanese font: family = attn_teach.fonts.register()."),
    "global_rc": N_(
        "your function changed matplotlib's global settings ({names}), so every later figure changes too. "
        "Set fonts only for your figure: with plt.rc_context({{...}}):"),
    "annotations_missing": N_(
        "{count} cells have no number, e.g. row {row}, column {column}. Write one text per cell with "
        "ax.text(column, row, f\"{{value:.2f}}\")."),
    "annotations_wrong": N_(
        "the number in row {row}, column {column} reads {got!r}, but the weight there is {expected!r}. "
        "ax.text takes x (the column) first, then y (the row)."),
    "not_3d": N_("the figure has no 3D axes: add one with fig.add_subplot(projection=\"3d\")."),
    "no_scatter": N_("the 3D axes hold no scatter: draw the points with ax.scatter(x, y, z)."),
    "origin_point": N_(
        "there are {got} points for {expected} weights: the extra one is at (0, 0, 0), the starting value of "
        "lists that began as [0]. Start the lists empty."),
    "one_based": N_(
        "the positions start at 1: x and y should be the key and query indices, 0-based like the matrix "
        "(j and i, not j + 1 and i + 1)."),
    "point_count": N_("there are {got} points; the matrix has {expected} weights, one point each."),
    "percent": N_("the heights are the weights times 100; plot the weights as they are (z = matrix[i, j])."),
    "points_differ": N_("the points do not match the matrix: x = key index, y = query index, z = matrix[query, key]."),
}

# Step-by-step tips, revealed one more per `attn-teach practice hint N`.
TIPS: dict[int, list[str]] = {
    1: [N_("Load with BertModel.from_pretrained(folder, attn_implementation=\"eager\") and the tokenizer with "
           "BertTokenizer.from_pretrained(folder)."),
        N_("inputs = tokenizer(text, return_tensors=\"pt\"); outputs = model(**inputs, output_attentions=True); "
           "return outputs.attentions.")],
    2: [N_("attentions is a tuple: its length is the number of layers."),
        N_("Each element has the shape (batch, head, query, key); drop the batch: attentions[-1].shape[1:].")],
    3: [N_("Start with torch.mean(outputs.attentions[-1], dim=1)[0]: last layer, mean over heads, first sentence."),
        N_("The result still requires grad: add .detach() before .numpy().")],
    4: [N_("image = ax.imshow(matrix, cmap=\"YlGnBu\") draws the matrix; fig.colorbar(image, ax=ax) adds the bar."),
        N_("ax.set_xticks(range(len(tokens)), tokens, rotation=90) and ax.set_yticks(range(len(tokens)), tokens).")],
    5: [N_("weights has the axes (batch, head, query, key): which axis are the heads?"),
        N_("weights.mean(axis=1)[0]: average over the heads, then the first sentence.")],
    6: [N_("lines = ax.plot(matrix) draws one line per column (key); the x axis is the row (query)."),
        N_("Label line k with tokens[k] (line.set_label), call ax.legend(), and put every token on the x axis.")],
    7: [N_("AutoTokenizer.from_pretrained(folder) and AutoModelForCausalLM.from_pretrained(folder, "
           "attn_implementation=\"eager\")."),
        N_("The tokens are tokenizer.convert_ids_to_tokens(input_ids[0]): the ids the model read, </s> included.")],
    8: [N_("family = attn_teach.fonts.register() gives a font list with a Japanese font, registered by file path."),
        N_("Draw the whole figure inside with plt.rc_context({\"font.family\": family}): and never assign "
           "plt.rcParams.")],
    9: [N_("Label every row and column: range(len(tokens)) with tokens, </s> included."),
        N_("Two loops over rows i and columns j: ax.text(j, i, f\"{matrix[i, j]:.2f}\", ha=\"center\", "
           "va=\"center\").")],
    10: [N_("One point per cell: x = key index j, y = query index i, z = matrix[i, j]; start the lists empty."),
         N_("ax = fig.add_subplot(projection=\"3d\"); ax.scatter(x, y, z, s=100, alpha=0.5).")],
    11: [N_("It is stage 6 again, with the Japanese matrix: one line per key, every token on the x axis."),
         N_("The Japanese labels need the font list of stage 8 (attn_teach.fonts.register()).")],
}
