"""Axes of tokens say which side they are: the check the lesson image tests run on each figure they draw.

Every heatmap labels its axes 「キー：注目されるトークン」「クエリ：注目するトークン」 ("key: token attended
to", "query: token attending"; words once merged), from the Attention's unit. Two ways a figure lost that:

* a bare 「キー」「クエリ」 where the figure beside it spells the side out (lesson 10's 3D panel), or
  another wording of it ("key (token attended to)");
* no label at all under a row of token ticks (lesson 01's panels of the layers).

A tick label that is a number (a position, a layer) is not a token; colour bars draw no image.
"""

from __future__ import annotations

import re

from attn_teach.i18n import gettext, pgettext

#: the labels of the two sides (Attention.key_label, query_label), tokens or words, English and Japanese
SIDE_LABELS = {
    translate(message, lang=lang)
    for message in ("key: token attended to", "query: token attending")
    for translate in (gettext, lambda m, lang: pgettext("words", m, lang=lang))
    for lang in ("en", "ja")
}
_SIDE = re.compile(r"(?:key|query|キー|クエリ)(?![a-z])", re.IGNORECASE)
# tick labels that are not tokens: numbers (positions) and layers or heads by number
_NOT_TOKEN = re.compile(r"[−\-+]?\d+(\.\d+)?|(?:layer|層|head|ヘッド) ?\d+")


def _axes(fig):
    return [ax for ax in fig.axes if ax.get_visible()]


def bare_side_labels(fig) -> list[str]:
    """Axis labels (2D or 3D) that name the key or query side in another form than the unit's label
    (「キー」 bare, "key (token attended to)")."""
    found = []
    for ax in _axes(fig):
        labels = [ax.get_xlabel(), ax.get_ylabel()] + ([ax.get_zlabel()] if ax.name == "3d" else [])
        found += [label for label in labels if _SIDE.match(label.strip()) and label.strip() not in SIDE_LABELS]
    return found


def _token_ticks(axis) -> bool:
    """The axis shows tick labels and at least one is not a number (a token)."""
    texts = [
        t.get_text()
        for tick in axis.get_major_ticks()
        for t in (tick.label1, tick.label2)
        if t.get_visible() and tick.get_visible() and t.get_text()
    ]
    return any(not _NOT_TOKEN.fullmatch(text.strip()) for text in texts)


def unnamed_token_axes(fig) -> list[str]:
    """``"axes N: x"`` for each axis of an image (a heatmap) whose token ticks carry no axis label."""
    # no draw here: a second draw can move a constrained layout, and the image test saves the figure after
    found = []
    for i, ax in enumerate(_axes(fig)):
        if not ax.get_images():
            continue
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if _token_ticks(axis) and not axis.label.get_text().strip():
                found.append(f"axes {i} ({ax.get_title()!r}): {name}")
    return found


def assert_token_axes_named(fig) -> None:
    """No bare 「キー」「クエリ」, and every heatmap's token axes labelled (see the module docstring)."""
    bare = bare_side_labels(fig)
    assert not bare, f"axis labels name a side bare: {bare}; use attention.key_label() / query_label()"
    unnamed = unnamed_token_axes(fig)
    assert not unnamed, f"token axes without a label: {unnamed}; label them as the heatmap does"


#: figures that keep their own labels, and why (a whole lesson when the function is None)
EXEMPT = {
    ("plot_00a_what_attention_computes", None): "three toy tokens; the panels introduce 'query' and 'key' by name",
    (
        "plot_08_japanese_font",
        "figure_fonts",
    ): "the panels count missing glyphs in the tick labels; a label would add some",
    ("plot_09_annotated_heatmap", "figure_article"): "the article's own code, drawn as it drew it (no labels)",
    ("plot_12_head_grid", None): "16 small panels: one footer names the rows and columns for all",
}


def exempt(lesson: str, function: str) -> bool:
    return (lesson, None) in EXEMPT or (lesson, function) in EXEMPT
