"""What the checks say: every finding is a hint in plain words, in the learner's language.

Each named hint answers one typical mistake, most of them the article's own (see
``shared/article/README.md`` in the kit's history and the lessons). The kit's tests
keep, for every stage that can give a hint, a deliberately wrong solution that
triggers exactly that hint (``tests/practice/practice_wrong.py``). Texts are English
msgids of the ``practice`` gettext domain, formatted with ``str.format`` after
translation.

The step-by-step tips that ``attn-teach practice hint N`` reveals live in the
stage records (:mod:`attn_teach.practice.stages`).

Why one module over 300 lines: it is one table, hint key to message, with each hint's
Japanese beside it in the catalogue; split, a hint's key and its words would be in two places.
"""

from __future__ import annotations

import dataclasses

from attn_teach.i18n import N_
from attn_teach.i18n import gettext as _gettext

# who changed matplotlib's global settings (the {where} of "global_rc")
WHERE_MODULE = N_("your file, at module level (outside the function),")
WHERE_FUNCTION = N_("your function")
WHERE_BOTH = N_("your file, at module level, and your function")
# which way the lines are off their labels (the {direction} of "lines_shifted")
TO_THE_RIGHT, TO_THE_LEFT = N_("to the right"), N_("to the left")


@dataclasses.dataclass(frozen=True)
class Finding:
    """One named hint (a key of :data:`HINTS`) and the values its text is filled with."""

    key: str
    values: dict = dataclasses.field(default_factory=dict)


def tr(message: str, **values) -> str:
    """``message`` translated (domain ``practice``) and filled in with ``values``."""
    text = _gettext(message, domain="practice")
    for name in (
        "where",
        "case",
        "direction",
    ):  # a phrase of this catalogue (or a name it leaves as it is), put in the sentence
        if isinstance(values.get(name), str):
            values = {**values, name: _gettext(values[name], domain="practice")}
    text = text.format(**values) if values else text
    return text.replace("） ", "）")  # a phrase put in ending with a full-width bracket: no space after it


HINTS: dict[str, str] = {
    # -- numbers ---------------------------------------------------------------
    "sdpa_empty": N_(
        "outputs.attentions is an empty tuple: the model runs with the 'sdpa' attention, which never "
        'stores the weights. Load it with attn_implementation="eager" (or output_attentions=True in '
        "from_pretrained) and run it again."
    ),
    "layer_count": N_(
        "you returned {got} layers but the model has {expected}: return outputs.attentions itself, "
        "one tensor per layer."
    ),
    "numpy_requires_grad": N_(
        "line {line}: .numpy() refuses a tensor that requires grad. Take the numbers out of the history "
        "first: .detach().numpy() (or run the model under torch.inference_mode())."
    ),
    "not_ndarray": N_("you returned a {type}, not a NumPy array. Turn the tensor into one with .detach().numpy()."),
    "batch_kept": N_(
        "your matrix has shape {shape}: the batch axis is still there. Take the first (and only) "
        "sentence of the batch with [0]."
    ),
    "wrong_axis": N_(
        "your matrix has shape {shape}, not (query, key) = {expected}: you averaged over another axis. "
        "The heads are axis 1 (the second, counting from 0) of (batch, head, query, key): mean over dim=1 "
        "(axis=1)."
    ),
    "averaged_queries": N_(
        "your matrix has shape {shape}, not (query, key) = {expected}: you averaged over the queries, not the "
        "heads. In (batch, head, query, key) the heads are axis 1 (the second, counting from 0); once [0] has "
        "taken the first sentence, they are axis 0 and axis 1 is the queries. Average over the heads, then "
        "take the sentence: weights.mean(axis=1)[0]."
    ),
    "head_max": N_(
        "your matrix keeps the largest weight over the heads (max), not their mean: each row then sums to "
        "more than 1. Average over the heads: .mean(dim=1) on a (batch, head, query, key) tensor."
    ),
    "layers_heads_mixed": N_(
        "your matrix is the last head averaged over the layers: layers and heads are swapped. Take the last "
        "layer, attentions[-1], a (batch, head, query, key) tensor, and average over its heads, axis 1 (the "
        "second, counting from 0)."
    ),
    "special_tokens_missing": N_(
        "your tensors have shape {got}, the model's have {expected}: two tokens fewer. The tokenizer adds the "
        'special tokens [CLS] and [SEP]; keep them: tokenizer(text, return_tensors="pt"), without '
        "add_special_tokens=False."
    ),
    "first_layer": N_("these are the numbers of the first layer. The task asks for the last one: attentions[-1]."),
    "rows_not_one": N_(
        "the rows of your matrix sum to {total:.2f}, not 1. Each row of an attention matrix is a "
        "softmax and sums to 1: average over the heads (mean), do not add them up (sum)."
    ),
    "numbers_differ": N_(
        "your numbers differ from the kit's (largest difference {diff:.3g}). Check each step the task "
        "names: the layer asked for, the mean over the heads (axis 1 of a (batch, head, query, key) "
        "tensor), and the first sentence of the batch."
    ),
    "shape_wrong": N_("you returned shape {got}; the task asks for {expected}."),
    "not_tuple": N_("you returned a {type}; return outputs.attentions, the tuple with one tensor per layer."),
    "shape_numbers": N_(
        "you returned {got}. Count again: len(attentions) layers, then the shape of one tensor without its "
        "batch axis (heads, queries, keys)."
    ),
    "not_pair": N_("return two things, (tokens, matrix): a list of token strings and a NumPy array."),
    "tokens_from_tokenize": N_(
        "you have {got} tokens for a {rows} x {rows} matrix: tokenizer.tokenize(text) leaves out the tokens "
        "the tokenizer adds (here {missing}). Take the labels from the ids the model read: "
        "tokenizer.convert_ids_to_tokens(input_ids[0])."
    ),
    "tokens_differ": N_(
        "your tokens are not the ones the model read: expected {expected}. Take them from the ids the model "
        "read: tokenizer.convert_ids_to_tokens(input_ids[0])."
    ),
    # -- figure objects ----------------------------------------------------------
    "no_figure": N_("{function} returned {got}; return the matplotlib Figure you drew (end with `return fig`)."),
    "no_image": N_(
        "the figure has no heatmap: draw the matrix with ax.imshow(matrix, ...) (pcolormesh, matshow "
        "and seaborn.heatmap are fine too)."
    ),
    "transposed": N_(
        "the image shows the matrix transposed: rows must be queries (the token attending) and columns keys. "
        "Pass the matrix to imshow as it is, without .T."
    ),
    "image_cropped": N_(
        "the image shows {got} x {got} cells, but the matrix has {rows} x {rows}: the first row and column "
        "(the first token's, such as [CLS]) are cut off (matrix[1:, 1:]). Draw the whole matrix, the special "
        "tokens included, and label every row and column."
    ),
    "image_differs": N_(
        "the colours do not show the matrix it was given (row {row}, column {column} reads {got:.3g}, the weight "
        "is {expected:.3g}): pass the matrix to imshow unchanged."
    ),
    "wrong_cmap": N_("the colormap is {got}; the task asks for {expected}."),
    "ticks_off_by_one": N_(
        "the {axis} tick labels sit one position off: position 0 is labelled {first!r} but its token is "
        "{token!r}. Labels from tokenizer.tokenize(text) leave out the special tokens the model read "
        "({special}); use every token the model read, one label per row."
    ),
    "unlabelled_last": N_(
        "the last row has no label: the matrix has {rows} rows but you gave {got} {axis} labels, so "
        "{token!r} at position {last} is unnamed. Label every row and column."
    ),
    "labels_differ": N_(
        "the {axis} tick labels are not the tokens at their positions: position {position} shows {got!r}, "
        "expected {expected!r}. Use set_{axis}ticks(range(len(tokens)), tokens)."
    ),
    "no_colorbar": N_(
        "the figure has no colour bar: keep what imshow returns, image = ax.imshow(...), "
        "then add the bar with fig.colorbar(image, ax=ax)."
    ),
    "lines_per_query": N_(
        "each of your lines is a row of the matrix (one query, the token attending). plt.plot(matrix) draws "
        "one line per column, that is per key, against the query position on x. Plot the matrix as it is and "
        "label each line with its key token."
    ),
    "lines_differ": N_(
        "line {k} does not show column {k} of the matrix: plt.plot(matrix) draws column k as line k; pass the "
        "matrix unchanged."
    ),
    "line_count": N_("the plot has {got} lines; it needs one line per key token: {expected}."),
    "legend_missing": N_(
        "the lines are not labelled with their key tokens: give each line label=token (line k is column k) "
        "and call ax.legend()."
    ),
    "legend_order": N_(
        "the legend names the lines in the wrong order: line {k} shows the column of {expected!r}, but its "
        "label reads {got!r}. Line k is column k: label it with tokens[k], in the order the lines were drawn "
        "(ax.legend(tokens), not a reversed or sorted list)."
    ),
    "ms_gothic": N_(
        "the labels use 'MS Gothic', a font that exists only on Windows: here it was not found and "
        "characters became boxes (文字化け), {count} in all. Register the font that ships with the kit "
        '(attn_teach.fonts.register()) and draw inside plt.rc_context({{"font.family": family}}).'
    ),
    "missing_glyph": N_(
        "characters with no glyph in the font show as boxes (文字化け), {count} in all, e.g. {chars}. Use a "
        "font list with a Japanese font: family = attn_teach.fonts.register()."
    ),
    "global_rc": N_(
        "{where} changed matplotlib's global settings ({names}), so every later figure changes too. "
        "Set them for your figure only: pass the setting to the call that draws (such as cmap= in imshow), "
        "or draw inside with plt.rc_context({{...}}):"
    ),
    "global_font": N_(
        "{where} changed matplotlib's global font ({names}), as the article does (importing matplotlib_fontja "
        "or japanize_matplotlib does it too): every later figure changes, and characters that font lacks "
        "still show as boxes (文字化け). Set the kit's font list for your figure only: "
        'with plt.rc_context({{"font.family": attn_teach.fonts.register()}}):'
    ),
    "annotations_missing": N_(
        "{count} cells have no number, e.g. row {row}, column {column}. Write one text per cell with "
        'ax.text(column, row, f"{{value:.2f}}").'
    ),
    "annotations_wrong": N_(
        "the number in row {row}, column {column} reads {got!r}, but the weight there is {expected!r}. "
        'Write each weight as it is, with two decimals: f"{{matrix[i, j]:.2f}}" (no percent, no scaling).'
    ),
    "annotations_swapped": N_(
        "the number in row {row}, column {column} reads {got!r}, the weight of row {column}, column {row}; "
        "the weight there is {expected!r}. ax.text takes x (the column) first, then y (the row): "
        "ax.text(j, i, ...)."
    ),
    "annotations_not_centred": N_(
        "the numbers are not centred in their cells (e.g. row {row}, column {column}): ax.text puts the "
        "text's left edge and baseline at (x, y) unless told otherwise. Centre each one on its cell: "
        'ax.text(column, row, ..., ha="center", va="center").'
    ),
    "not_3d": N_('the figure has no 3D axes: add one with fig.add_subplot(projection="3d").'),
    "no_scatter": N_("the 3D axes hold no scatter: draw the points with ax.scatter(x, y, z)."),
    "origin_point": N_(
        "there are {got} points for {expected} weights: the extra one is at (0, 0, 0), the starting value of "
        "lists that began as [0]. Start the lists empty."
    ),
    "one_based": N_(
        "the positions start at 1: x and y should be the key and query indices, 0-based like the matrix "
        "(j and i, not j + 1 and i + 1)."
    ),
    "point_count": N_("there are {got} points; the matrix has {expected} weights, one point each."),
    "percent": N_("the heights are the weights times {factor:g}; plot the weights as they are (z = matrix[i, j])."),
    "points_differ": N_("the points do not match the matrix: x = key index, y = query index, z = matrix[query, key]."),
    # -- added: what more than one input, and reading the figure back, can tell ---
    "same_layer_repeated": N_(
        "every tensor you returned is the same layer: layer {layer} should differ from layer 0. Return "
        "outputs.attentions itself, not one tensor repeated."
    ),
    "attentions_differ": N_(
        "layer {layer} of what you returned differs from what the model gives for this text (largest "
        "difference {diff:.3g}, on the input {case}). Run the model on `text` exactly as given and return "
        "outputs.attentions unchanged."
    ),
    "dropout_on": N_(
        "some weights are exactly 0 and the others too large: dropout was on while the model ran. "
        "from_pretrained returns the model in evaluation mode; call model.eval() (and never model.train()) "
        "before running it."
    ),
    "shape_fixed": N_(
        "you returned {got} for every input, but the second one ({case}) has the shape {expected}. "
        "Read the numbers from attentions: len(attentions), then attentions[0].shape without its batch axis."
    ),
    "layers_heads_swapped": N_(
        "you returned {got}: layers and heads are swapped. The layers are len(attentions); the heads are "
        "axis 1 of each (batch, head, query, key) tensor."
    ),
    "batch_mean": N_(
        "your matrix mixes the sentences of the batch (on the input {case}, a batch of {batch}): you "
        "averaged over axis 0. The batch axis is not averaged: take the first sentence with [0]."
    ),
    "transposed_matrix": N_(
        "your matrix is transposed (.T): rows must be queries (the token attending) and columns keys. "
        "Return it without .T."
    ),
    "rounded": N_(
        "your numbers are rounded to two decimals, as the lessons print them. Return the weights "
        "themselves; round only where you show them."
    ),
    "low_precision": N_(
        "your numbers are off by about {diff:.1g}: they went through float16. Keep the model's float32 "
        "(no .half(), no astype(np.float16))."
    ),
    "ticks_not_centred": N_(
        "the {axis} tick labels sit between cells, half a cell from their centres (e.g. with "
        "extent=[0, n, n, 0]): a reader cannot tell which cell a label names. Put tick k at the centre of "
        "cell k (with imshow's default extent, that is k)."
    ),
    "clipped_colours": N_(
        "the colour limits run from {vmin:.3g} to {vmax:.3g}, but the weights run from {low:.3g} to "
        "{high:.3g}: every weight beyond the limits gets the same colour. Leave vmin and vmax out (or set "
        "them to cover the weights)."
    ),
    "washed_out": N_(
        "the colour limits run from {vmin:.3g} to {vmax:.3g}, but the weights only from {low:.3g} to "
        "{high:.3g}: they use a small part of the colormap and look washed out. Leave vmin and vmax out "
        "(or set them to the weights' range, at most 0 to 1)."
    ),
    "blended_cells": N_(
        "the cells are blended into each other (interpolation={interpolation!r}): a reader sees gradients "
        'that are not in the matrix. Draw each cell as one colour: interpolation="nearest".'
    ),
    "colorbar_unlinked": N_(
        "the colour bar does not show the drawn image's colours: make it from what imshow returned, "
        "image = ax.imshow(...), then fig.colorbar(image, ax=ax)."
    ),
    "label_not_rotated": N_(
        "the x tick labels are not rotated; the task asks for 90 degrees (rotation=90), so long tokens do not overlap."
    ),
    "label_rotation": N_(
        "the x tick labels are rotated {got:.0f} degrees; the task asks for 90 (rotation=90), so long "
        "tokens do not overlap."
    ),
    "lines_shifted": N_(
        "the lines are drawn {steps:g} position(s) {direction} of their labels: the query labelled {token!r} sits at "
        "x = {position:g}, but its points are at x = {x:g}. Plot the matrix against the label positions "
        "(ax.plot(matrix) uses 0, 1, 2, ...)."
    ),
    # -- added: the mistakes a learner's trial met, named ---------------------------
    "text_ignored": N_(
        "you returned shape {got} for the input {case}, whose text gives {expected}: your tensors have the "
        "length of another sentence. Whatever the text: run the model on `text`, the argument it is given."
    ),
    "special_token_not_read": N_(
        "your matrix is {got} x {got}, the model's is {rows} x {rows}: the input lacks the {missing} the "
        "tokenizer adds. Leave out add_special_tokens=False, so that the model reads it: "
        'tokenizer(text, return_tensors="pt").'
    ),
    "head_zero": N_(
        "your matrix is head 0 alone, not the mean of the heads: average over every head, axis 1 of the "
        "(batch, head, query, key) weights (.mean(axis=1), dim=1 for a tensor), then take the first sentence "
        "with [0]."
    ),
    "batch_axis_mean": N_(
        "you averaged over axis 0 (the batch), then [0] took head 0: on the input {case}, a batch of {batch}, "
        "that mixes the sentences. In (batch, head, query, key) the heads are axis 1: .mean(axis=1)[0] "
        "(dim=1 for a tensor)."
    ),
    "tick_labels_missing": N_(
        "the {axis} axis shows numbers, not the tokens: label it too, ax.set_{axis}ticks(range(len(tokens)), tokens)."
    ),
    "labels_on_auto_ticks": N_(
        "the {axis} tick labels sit on matplotlib's automatic ticks (set_{axis}ticklabels without "
        "set_{axis}ticks), so position 0 is labelled {first!r}, not {token!r}. Set positions and labels "
        "together: ax.set_{axis}ticks(range(len(tokens)), tokens)."
    ),
    "glyphs_outside_style": N_(
        "characters with no glyph in the font show as boxes (文字化け), {count} in all, e.g. {chars}: they were "
        "drawn outside the starter's `with style():` block, which sets the kit's Japanese font. Keep your "
        "drawing inside that block."
    ),
    "axes_before_font": N_(
        "characters with no glyph in the font show as boxes (文字化け), {count} in all, e.g. {chars}: tick labels "
        "keep the font that was set when plt.subplots made the axes, before your font list. Move the "
        'plt.subplots line inside with plt.rc_context({{"font.family": family}}):'
    ),
    "annotations_at_corners": N_(
        "the numbers sit on the corners between cells, not inside them (e.g. row {row}, column {column}): "
        'write each one at the cell\'s centre, ax.text(column, row, ..., ha="center", va="center").'
    ),
}
