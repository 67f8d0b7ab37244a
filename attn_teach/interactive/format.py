"""The interactive view's data: what a page embeds, in format :data:`FORMAT_VERSION`.

:func:`pack` turns an :class:`~attn_teach.Attention` into one JSON-ready dict. Every matrix
comes from the library's own reductions (:meth:`Attention.head_mean`,
:meth:`Attention.without_special`, :meth:`Attention.words`, :func:`attn_teach.rollout`) and
is stored by :mod:`attn_teach.interactive.encoder` (exact printed digits, colour codes).
``view.js`` refuses data of another format with a message that names both versions.

Layout (format 2): one JSON object with these keys.

* ``format`` (2), ``digits`` (3), ``model``, ``text``, ``causal``, ``nHeads``, ``mask``, ``lang``
  and ``ui``, the page's words.
* ``layers``: the numbers of the layers kept.
* ``blobs``: base64 zlib data, one per layer, one per layer's per-head switched views, one for
  the rollout.
* ``variants``: one per switch position (``tokens``, ``nospecial``, ``words``,
  ``words_nospecial``), each ``{"label", "tokens", "special", "heads", "layers"}``: ``heads`` is
  a bool, ``layers`` maps a layer number ``"L"`` to ``{"mean": entry, "heads": [...]}``, one entry
  per head.
* ``rollout``: an entry, or ``null``.
* ``omitted``: the notes on what the page left out.
* ``lut``: 256 hex colours.

An entry is ``{"b", "o", "s", "t"}``: ``b`` the index of its blob in ``blobs``, ``o`` the
offset of its cells, ``s`` the largest weight, ``t`` that weight as printed.

A page has a byte budget (``max_bytes``): layers are kept from the last one back while their
compressed blobs fit; the per-head matrices of the switched views only while the file stays
under :data:`EXTRAS_MAX_BYTES`. The page says what it left out and how to choose.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import get_language
from attn_teach.i18n import gettext as _
from attn_teach.interactive.encoder import DIGITS, LEVELS, Blob, cells

if TYPE_CHECKING:  # Attention's _repr_html_ imports this room: no import back at run time
    from attn_teach.attention import Attention

FORMAT_VERSION = 2  # 1: uint8 codes with a scale, unversioned; 2: colour codes and exact printed digits
DEFAULT_MAX_BYTES = 20_000_000  # a saved file
NOTEBOOK_MAX_BYTES = 5_000_000  # a notebook cell or a docs page
EXTRAS_MAX_BYTES = 5_000_000  # per-head matrices of the switched views only while the file stays this small
PAGE_BYTES = 150_000  # script, styles, tokens and the fallback picture, roughly
MASK_COLOUR = "#d9d9d9"  # the static views' masked cells


def _label(key: str, lang: str) -> str:
    """The switch position ``key`` as the page names it, in ``lang``."""
    return {
        "tokens": _("all tokens", lang=lang),
        "nospecial": _("special tokens hidden, rows re-normalised", lang=lang),
        "words": _("words", lang=lang),
        "words_nospecial": _("words, special tokens hidden", lang=lang),
    }[key]


def ui_text(lang: str) -> dict[str, str]:
    """Every string the page's script shows, in ``lang`` (``{name}`` fields are filled in by the script)."""
    return {
        "layer": _("layer", lang=lang),
        "head": _("head", lang=lang),
        "hideSpecial": _("hide special tokens", lang=lang),
        "words": _("words", lang=lang),
        "rollout": _("rollout", lang=lang),
        "rolloutMissing": _("rollout needs every layer", lang=lang),
        "corner": _("query \u2193  key \u2192", lang=lang),
        "idle": _("point at a token or a cell", lang=lang),
        "listHead": _("from (query) \u2192 to (key)", lang=lang),
        "leftOut": _("Left out: {notes}.", lang=lang),
        "noteSep": _("; ", lang=lang),
        "meanOption": _("mean of {heads}", lang=lang),
        "meanOnly": _("only the mean of heads is stored for this switch (see the note)", lang=lang),
        "titleRollout": _("rollout through {layers} layers (residual 0.5)", lang=lang),
        "titleLayer": _("layer {layer}, {head}", lang=lang),
        "titleMean": _("mean of {heads} heads", lang=lang),
        "titleHead": _("head {head}", lang=lang),
        "allTokens": _("all tokens", lang=lang),
        "causal": _("causal: grey cells are the future a token cannot see", lang=lang),
        "scaleMax": _("{max} (largest weight in this matrix)", lang=lang),
        "precision": _(
            "values: each weight rounded to {digits} decimals; colours: {levels} levels from 0 to the largest weight",
            lang=lang,
        ),
        "query": _("query {q} \u201c{token}\u201d", lang=lang),
        "key": _("key {k} \u201c{token}\u201d", lang=lang),
        "masked": _("masked (a causal model cannot look ahead)", lang=lang),
        "rowHint": _(": where it looks (values on the right)", lang=lang),
        "columnHint": _(": who looks at it (values on the left)", lang=lang),
        "matrix": _("attention matrix: arrow keys move the highlighted cell; the value is read out below", lang=lang),
        "queries": _("queries: who looks at the chosen key", lang=lang),
        "keys": _("keys: where the chosen query looks", lang=lang),
        "controls": _("view settings", lang=lang),
    }


def _variants(attention: Attention, lang: str) -> tuple[dict[str, Attention], list[str]]:
    """The Attention behind each switch position, from the library's own reductions."""
    found: dict[str, Attention] = {"tokens": attention}
    notes = []
    words = attention.words()
    has_special = bool(attention.special_mask.any())
    merges = len(words.tokens) < len(attention.tokens)
    for key, source, wanted in (
        ("nospecial", attention, has_special),
        ("words", None, merges),
        ("words_nospecial", words, has_special and merges),
    ):
        if not wanted:
            continue
        try:
            found[key] = words if source is None else source.without_special()
        except AttnTeachError as exc:  # a row gave all its attention to special tokens
            notes.append(_("{label}: not available ({error})", lang=lang).format(label=_label(key, lang), error=exc))
    return found, notes


def _core(variants: dict[str, Attention], i: int, index: int) -> tuple[str, dict[str, dict]]:
    """Layer position ``i``: every head of all tokens and the mean of heads of each switch, one blob."""
    blob = Blob(index)
    entries = {}
    for key, att in variants.items():
        entries[key] = {"mean": blob.add(att.matrix(i), att.causal)}  # the head mean; for norms, heads added as vectors
        if key == "tokens":
            entries[key]["heads"] = [blob.add(att.weights[i, h], att.causal) for h in range(att.n_heads)]
    return blob.finish(), entries


def _core_cells(variants: dict[str, Attention], causal: bool) -> int:
    """Cells of one layer's core blob (rollout aside): every head of all tokens, each switch's mean."""
    tokens = variants["tokens"]
    return tokens.n_heads * cells(len(tokens.tokens), causal) + sum(
        cells(len(v.tokens), causal) for v in variants.values()
    )


def _extras(variants: dict[str, Attention], i: int, index: int) -> tuple[str, dict[str, list[dict]]]:
    """Layer position ``i``: every head of each switched view, one blob."""
    blob = Blob(index)
    entries = {
        key: [blob.add(att.weights[i, h], att.causal) for h in range(att.n_heads)]
        for key, att in variants.items()
        if key != "tokens"
    }
    return blob.finish(), entries


def pack(
    attention: Attention,
    *,
    layers: list[int] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    language: str | None = None,
) -> dict:
    """Everything the page needs, as a JSON-ready dict (layout in the module docstring).

    ``layers`` are positions along axis 0 (negative counts from the end); default: all
    that fit in ``max_bytes``, the last ones first. The page's words are in ``language``
    (default: :func:`attn_teach.i18n.get_language`).
    """
    from attn_teach.reduce import rollout

    lang = get_language() if language is None else language
    n_all, causal = attention.n_layers, attention.causal
    asked = sorted({attention.layer_index(i) for i in (range(n_all) if layers is None else layers)})
    variants, omitted = _variants(attention, lang)
    blobs: list[str] = []
    complete = tuple(attention.layers) == tuple(range(n_all))
    weights = attention.measure == "weight"  # rollout follows weights, not contributions (lesson 16)
    roll = None
    if complete and weights:
        blob = Blob(0)
        roll = blob.add(rollout(attention), causal)
        blobs.append(blob.finish())
    elif weights:
        omitted.append(_("rollout needs every layer from the first; extract without --layer to see it", lang=lang))
    used = PAGE_BYTES + sum(map(len, blobs))
    stored: dict[int, dict[str, dict]] = {}
    for i in reversed(asked):  # the last layers first
        text, entries = _core(variants, i, len(blobs))
        if stored and used + len(text) > max_bytes:
            break
        blobs.append(text)
        used += len(text)
        stored[i] = entries
    kept = sorted(stored)
    if len(kept) < len(asked):
        left = ", ".join(str(attention.layers[i]) for i in asked if i not in stored)
        omitted.append(
            _(
                "layers {layers} left out to keep the file under {mb:.0f} MB; choose the layer to "
                "show with --layer L (interactive(attention, layers=[L]))",
                lang=lang,
            ).format(layers=left, mb=max_bytes / 1e6)
        )
    cap = min(max_bytes, EXTRAS_MAX_BYTES)
    extra_cells = (
        len(kept) * attention.n_heads * sum(cells(len(v.tokens), causal) for k, v in variants.items() if k != "tokens")
    )
    per_cell = (used - PAGE_BYTES) / max(_core_cells(variants, causal) * len(kept), 1)  # bytes per cell so far
    heads_fit = len(variants) > 1 and used + 0.8 * per_cell * extra_cells <= cap  # else not worth compressing
    extra_blobs, extra_entries = [], {}
    for i in reversed(kept):
        if not heads_fit:
            break
        text, entries = _extras(variants, i, len(blobs) + len(extra_blobs))
        if used + sum(map(len, extra_blobs)) + len(text) > cap:
            heads_fit = False
            break
        extra_blobs.append(text)
        extra_entries[i] = entries
    if len(variants) > 1 and not heads_fit:
        omitted.append(
            _(
                "with special tokens hidden or words merged, only the mean of heads is stored "
                "(per-head matrices would not fit); choose fewer layers to keep them",
                lang=lang,
            )
        )
    if heads_fit:
        blobs.extend(extra_blobs)
    data_variants = {}
    for key, att in variants.items():
        with_heads = key == "tokens" or heads_fit
        layers_out = {}
        for i in kept:
            entry = dict(stored[i][key])
            if key != "tokens" and heads_fit:
                entry["heads"] = extra_entries[i][key]
            layers_out[str(attention.layers[i])] = entry
        label = (
            _label(key, lang) if key != "nospecial" or weights else _("special tokens hidden", lang=lang)
        )  # contributions are not re-normalised
        data_variants[key] = {
            "label": label,
            "tokens": att.tokens,
            "special": att.special_mask.tolist(),
            "heads": with_heads,
            "layers": layers_out,
        }
    return {
        "format": FORMAT_VERSION,
        "digits": DIGITS,
        "model": attention.model_name,
        "text": attention.text,
        "causal": causal,
        "nHeads": attention.n_heads,
        "layers": [attention.layers[i] for i in kept],
        "blobs": blobs,
        "variants": data_variants,
        "rollout": roll,
        "omitted": omitted,
        "lut": colours(),
        "mask": MASK_COLOUR,
        "lang": lang,
        "ui": _ui(attention, lang),
    }


def _ui(attention: Attention, lang: str) -> dict[str, str]:
    """:func:`ui_text`, with the words for contributions ``||αf(x)||`` (lesson 16) when those are shown."""
    ui = ui_text(lang)
    if attention.measure == "norm":  # heads are added as vectors, values are not shares, rollout is for weights
        ui.update(
            meanOption=_("{heads} added as vectors", lang=lang),
            titleMean=_("{heads} heads added as vectors", lang=lang),
            scaleMax=_("{max} (largest ‖αf(x)‖ in this matrix, not a probability)", lang=lang),
            rolloutMissing=_("rollout follows weights, not ‖αf(x)‖", lang=lang),
        )
    return ui


def colours() -> str:
    """The :data:`~attn_teach.interactive.encoder.LEVELS` colours of the static views' colormap, hex RGB."""
    import matplotlib as mpl

    from attn_teach.views.style import CMAP

    cmap = mpl.colormaps[CMAP].resampled(LEVELS)
    rgb = cmap(np.arange(LEVELS), bytes=True)[:, :3]  # entry k colours code k; bytes as matplotlib draws them
    return rgb.tobytes().hex()
