"""The interactive view: one self-contained, offline HTML file (also Jupyter's ``_repr_html_``).

Point at a token and see where it looks (its row) and who looks at it (its column);
choose the layer and head; hide special tokens, merge words or show the rollout.
The static views (:mod:`attn_teach.views`) stay the reference for papers and image
tests; this view is for exploring.

Why plain JavaScript
    The front end is two small files in the package, ``html/view.js`` (about 300
    readable lines, no build step) and ``html/view.css``, inlined into every page.
    bertviz and CircuitsVis load require.js, d3 or React from a CDN, so their views
    are blank offline and break in JupyterLab; vendoring such a library would cost
    hundreds of kilobytes for what the browser already does: a ``<canvas>`` for the
    matrix, HTML text for tokens and values (selectable, searchable, read by screen
    readers and by the browser tests), a few SVG lines for the token view. The page
    makes no request to any host: it works from a disk, offline.

The numbers come from Python
    Every matrix in the page is computed here by the same functions the static views
    use (:meth:`Attention.head_mean`, :meth:`Attention.without_special`,
    :meth:`Attention.words`, :func:`attn_teach.rollout`); the JavaScript only draws
    them. A test compares the embedded matrices with those functions.

How the data is stored (and the precision shown on pointing)
    Each ``(query, key)`` matrix is stored as ``uint8`` codes with its own scale,
    ``scale = max(matrix)``, ``code = round(weight / scale * 255)``, then base64.
    A causal model's matrix stores only its lower triangle (the rest is masked).
    The page shows ``code * scale / 255`` with three decimals, so a value read in the
    page is within ``scale / 510 + 0.0005`` of the float32 weight (:func:`tolerance`).
    Colours use the same code: 0 is the bottom of the colour scale, 255 the matrix
    maximum, as in :func:`attn_teach.heatmap` (``YlGnBu``, masked cells grey).

The page's words come from Python too
    Every label, note and readout the page shows is a message of the gettext domain
    ``attn_teach`` (:mod:`attn_teach.i18n`), translated when the page is built (the
    kit's language, or ``language=``) and embedded as ``ui`` beside the numbers; the
    script fills in ``{name}`` fields and has no words of its own (a test scans it).
    Tokens are shown as they are in every language.

What is left out
    A file has a byte budget (``max_bytes``, 20 MB by default; 5 MB for a notebook
    cell). Layers are kept from the last one back while they fit; the per-head
    matrices of the switched views (no special tokens, words) are kept only while the
    file stays under 5 MB, else those views hold the mean of heads. The page says what it left
    out and how to choose (``--layer`` / ``layers=``). Introduced at the end of
    lessons 12 to 15.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import io
import json
import pathlib
import uuid
from typing import TYPE_CHECKING

import numpy as np

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import get_language
from attn_teach.i18n import gettext as _

if TYPE_CHECKING:  # Attention's _repr_html_ imports this module: no import back at run time
    from attn_teach.attention import Attention

ASSETS = pathlib.Path(__file__).with_name("html")  # view.js, view.css
DEFAULT_MAX_BYTES = 20_000_000  # a saved file
NOTEBOOK_MAX_BYTES = 5_000_000  # a notebook cell or a docs page
EXTRAS_MAX_BYTES = 5_000_000  # per-head matrices of the switched views only while the file stays this small
FALLBACK_MAX_TOKENS = 160  # above this the static fallback picture is left out (slow to draw, unreadable)
PAGE_BYTES = 150_000  # script, styles, tokens and the fallback picture, roughly
LEVELS = 255  # uint8 codes 0..255
VARIANTS = {  # key: (hide special tokens, merge words), label shown in the page (English; see _label)
    "tokens": ((False, False), "all tokens"),
    "nospecial": ((True, False), "special tokens hidden, rows re-normalised"),
    "words": ((False, True), "words"),
    "words_nospecial": ((True, True), "words, special tokens hidden"),
}


def _label(key: str, lang: str) -> str:
    """The switch position ``key`` as the page names it, in ``lang``."""
    return {"tokens": _("all tokens", lang=lang),
            "nospecial": _("special tokens hidden, rows re-normalised", lang=lang),
            "words": _("words", lang=lang),
            "words_nospecial": _("words, special tokens hidden", lang=lang)}[key]


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
        "query": _("query {q} \u201c{token}\u201d", lang=lang),
        "key": _("key {k} \u201c{token}\u201d", lang=lang),
        "masked": _("masked (a causal model cannot look ahead)", lang=lang),
        "rowHint": _(": where it looks (values on the right)", lang=lang),
        "columnHint": _(": who looks at it (values on the left)", lang=lang),
    }


def tolerance(scale: float) -> float:
    """Largest difference between a weight and the value the page shows for it (3 decimals)."""
    return scale / (2 * LEVELS) + 0.0005


def encode(matrix: np.ndarray, causal: bool) -> dict:
    """One ``(query, key)`` matrix as ``{"s": scale, "d": base64 of uint8 codes}`` (lower triangle if causal)."""
    m = np.asarray(matrix, dtype=np.float64)  # (query, key)
    scale = float(m.max()) if m.size else 0.0
    codes = np.zeros(m.shape) if scale <= 0 else np.rint(m / scale * LEVELS)
    codes = np.clip(codes, 0, LEVELS).astype(np.uint8)
    if causal:
        codes = codes[np.tril_indices(m.shape[0])]  # row by row: (0,0), (1,0), (1,1), (2,0), ...
    return {"s": scale, "d": base64.b64encode(codes.tobytes()).decode("ascii")}


def decode(entry: dict, n: int, causal: bool) -> np.ndarray:
    """What the page shows for an :func:`encode` entry: ``(query, key)``, NaN where masked."""
    codes = np.frombuffer(base64.b64decode(entry["d"]), dtype=np.uint8).astype(np.float64)
    if not causal:
        return codes.reshape(n, n) * entry["s"] / LEVELS
    out = np.full((n, n), np.nan)
    out[np.tril_indices(n)] = codes * entry["s"] / LEVELS
    return out


def _encoded_bytes(n: int, causal: bool) -> int:
    cells = n * (n + 1) // 2 if causal else n * n
    return 4 * ((cells + 2) // 3) + 40  # base64 plus the JSON around it


def _variants(attention: Attention, lang: str = "en") -> tuple[dict[str, Attention], list[str]]:
    """The Attention behind each switch position, from the library's own reductions."""
    found: dict[str, Attention] = {"tokens": attention}
    notes = []
    words = attention.words()
    has_special = bool(attention.special_mask.any())
    merges = len(words.tokens) < len(attention.tokens)
    for key, source, wanted in (("nospecial", attention, has_special), ("words", None, merges),
                                ("words_nospecial", words, has_special and merges)):
        if not wanted:
            continue
        try:
            found[key] = words if source is None else source.without_special()
        except AttnTeachError as exc:  # a row gave all its attention to special tokens
            notes.append(_("{label}: not available ({error})", lang=lang).format(
                label=_label(key, lang), error=exc))
    return found, notes


def _layer_label(attention: Attention, positions: list[int]) -> str:
    numbers = [attention.layers[p] for p in positions]
    return ", ".join(str(x) for x in numbers)


def pack(attention: Attention, *, layers: list[int] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
         language: str | None = None) -> dict:
    """Everything the page needs, as a JSON-ready dict (see the module docstring for the format).

    ``layers`` are positions along axis 0 (negative counts from the end); default: all
    that fit in ``max_bytes``, the last ones first. The page's words are in ``language``
    (default: :func:`attn_teach.i18n.get_language`).
    """
    from attn_teach.reduce import rollout

    lang = get_language() if language is None else language

    n_all, heads, causal = attention.n_layers, attention.n_heads, attention.causal
    asked = [attention.layer_index(i) for i in (range(n_all) if layers is None else layers)]
    asked = sorted(set(asked))
    variants, omitted = _variants(attention, lang)
    n_of = {key: len(v.tokens) for key, v in variants.items()}
    base_cost = _encoded_bytes(n_of["tokens"], causal) + PAGE_BYTES  # the rollout, the page around the data
    # per layer: every head and the mean of all tokens, and the mean of each switched view
    per_layer = heads * _encoded_bytes(n_of["tokens"], causal) + sum(_encoded_bytes(n, causal) for n in n_of.values())
    fit = max(1, min(len(asked), (max_bytes - base_cost) // max(per_layer, 1)))
    kept = asked[len(asked) - fit:]
    if len(kept) < len(asked):
        left = [i for i in asked if i not in kept]
        omitted.append(_("layers {layers} left out to keep the file under {mb:.0f} MB; choose the layer to "
                         "show with --layer L (interactive(attention, layers=[L]))", lang=lang).format(
                             layers=_layer_label(attention, left), mb=max_bytes / 1e6))
    variant_heads = heads * sum(_encoded_bytes(n, causal) for k, n in n_of.items() if k != "tokens")
    heads_fit = base_cost + len(kept) * (per_layer + variant_heads) <= min(max_bytes, EXTRAS_MAX_BYTES)
    if len(variants) > 1 and not heads_fit:
        omitted.append(_("with special tokens hidden or words merged, only the mean of heads is stored "
                         "(per-head matrices would not fit); choose fewer layers to keep them", lang=lang))
    data_variants = {}
    for key, att in variants.items():
        with_heads = key == "tokens" or heads_fit
        stored = {}
        for i in kept:
            entry = {"mean": encode(att.matrix(i), causal)}  # the head mean; for norms, heads added as vectors
            if with_heads:
                entry["heads"] = [encode(att.weights[i, h], causal) for h in range(heads)]
            stored[str(attention.layers[i])] = entry
        label = _label(key, lang) if key != "nospecial" or attention.measure == "weight" else \
            _("special tokens hidden", lang=lang)  # contributions are not re-normalised
        data_variants[key] = {"label": label, "tokens": att.tokens,
                              "special": att.special_mask.tolist(), "heads": with_heads, "layers": stored}
    complete = tuple(attention.layers) == tuple(range(n_all))
    roll = encode(rollout(attention), causal) if complete and attention.measure == "weight" else None
    if not complete and attention.measure == "weight":
        omitted.append(_("rollout needs every layer from the first; extract without --layer to see it",
                         lang=lang))
    return {"model": attention.model_name, "text": attention.text, "causal": causal, "nHeads": heads,
            "layers": [attention.layers[i] for i in kept], "variants": data_variants, "rollout": roll,
            "omitted": omitted, "lut": _colours(), "mask": "#d9d9d9", "lang": lang, "ui": _ui(attention, lang)}


def _ui(attention: Attention, lang: str) -> dict[str, str]:
    """:func:`ui_text`, with the words for contributions ``||αf(x)||`` (lesson 16) when those are shown."""
    ui = ui_text(lang)
    if attention.measure == "norm":  # heads are added as vectors, values are not shares, rollout is for weights
        ui.update(meanOption=_("{heads} added as vectors", lang=lang),
                  titleMean=_("{heads} heads added as vectors", lang=lang),
                  scaleMax=_("{max} (largest ‖αf(x)‖ in this matrix, not a probability)", lang=lang),
                  rolloutMissing=_("rollout follows weights, not ‖αf(x)‖", lang=lang))
    return ui


def _colours() -> str:
    """The 256 colours of the static views' colormap, as hex RGB (768 bytes)."""
    import matplotlib as mpl

    from attn_teach.views.style import CMAP

    rgb = (mpl.colormaps[CMAP](np.linspace(0, 1, LEVELS + 1))[:, :3] * 255).round().astype(np.uint8)
    return rgb.tobytes().hex()


def _fallback_png(attention: Attention, layer: int, head: int | None, lang: str = "en") -> str | None:
    """The static heatmap as a base64 PNG, for places that do not run scripts (None if too large)."""
    if len(attention.tokens) > FALLBACK_MAX_TOKENS:
        return None
    import matplotlib.pyplot as plt

    from attn_teach.views.matrix import heatmap
    from attn_teach.views.style import write_figure

    fig = heatmap(attention, layer, head, language=lang)
    try:
        buffer = io.BytesIO()
        write_figure(fig, buffer, format="png")
    finally:
        plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


@dataclasses.dataclass
class InteractiveView:
    """An interactive attention view: :meth:`save` writes it, a notebook displays it.

    Made by :func:`interactive`; ``data`` is what the page embeds (:func:`pack`).
    """

    data: dict
    state: dict
    fallback_png: str | None = None

    def fragment(self) -> str:
        """The view as an HTML fragment (styles, data and script inline), for a notebook or a page."""
        payload = json.dumps({**self.data, "initial": self.state}, ensure_ascii=False, separators=(",", ":"))
        payload = payload.replace("<", "\\u003c")  # "</script>" in a token cannot end the script
        view_id = f"atv-{uuid.uuid4().hex[:12]}"
        lang = self.data.get("lang", "en")
        if self.fallback_png:
            alt = html.escape(_("static heatmap (the live view needs JavaScript)", lang=lang))
            picture = f'<img alt="{alt}" src="data:image/png;base64,{self.fallback_png}">'
        else:
            picture = f"<p>{html.escape(_('The interactive view needs JavaScript.', lang=lang))}</p>"
        failed = html.escape(_("attn_teach view could not start: ", lang=lang))
        return (f'<div class="attn-teach-view" id="{view_id}" lang="{_lang(self.data)}" data-error-text="{failed}">'
                f"<style>{_asset('view.css')}</style>"
                f'<div class="atv-fallback">{picture}</div>'
                f'<script type="application/json" class="atv-data">{payload}</script>'
                f"<script>{_asset('view.js')}</script></div>")

    def to_html(self) -> str:
        """A complete HTML document holding the view."""
        lang = self.data.get("lang", "en")
        title = html.escape(_("attention: {model}: {text}", lang=lang).format(
            model=self.data["model"], text=self.data["text"][:60]))
        return (f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
                f"<title>{title}</title></head><body>{self.fragment()}</body></html>\n")

    def _repr_html_(self) -> str:
        return self.fragment()

    def save(self, path: str | pathlib.Path, *, force: bool = False) -> pathlib.Path:
        """Write :meth:`to_html` to ``path`` (``.html``), atomically; an existing file only with ``force``."""
        from attn_teach.files import atomic_write

        path = pathlib.Path(path)
        if path.suffix.lower() not in (".html", ".htm"):
            raise AttnTeachError(_("{path}: the interactive view is an HTML file; name it e.g. {example}")
                                  .format(path=path, example=path.with_suffix('.html').name))
        return atomic_write(path, self.to_html().encode("utf-8"), force=force)


def _lang(data: dict) -> str:
    """The view's ``lang``: Japanese words on screen (its interface or its text) get Japanese glyphs."""
    if data.get("lang") == "ja":
        return "ja"
    text = data["text"]
    return "ja" if any("\u3040" <= c <= "\u9fff" for c in text) else "en"


def interactive(attention: Attention, *, layers: list[int] | None = None, layer: int = -1, head: int | None = None,
                hide_special: bool = False, words: bool = False, max_bytes: int = DEFAULT_MAX_BYTES,
                fallback: bool = True, language: str | None = None) -> InteractiveView:
    """The interactive view of ``attention``: heatmap, token lines, layer/head selectors and switches.

    Parameters
    ----------
    attention : Attention
    layers : list of int, optional
        Layers to put in the file (positions along axis 0, negative from the end);
        default: every layer that fits in ``max_bytes``, the last ones first.
    layer, head : int
        What the page shows first: layer ``layer`` (default the last) and one head,
        or the mean of heads (``head=None``).
    hide_special, words : bool
        Initial position of the switches (as :meth:`Attention.without_special`,
        :meth:`Attention.words`).
    max_bytes : int
        Size budget of the data; what does not fit is left out and the page says so.
    fallback : bool
        Embed the static heatmap as a PNG shown where scripts do not run.
    language : {"en", "ja"}, optional
        Language of the page's labels, readout and notes (default:
        :func:`attn_teach.i18n.get_language`); tokens are shown as they are.

    Returns
    -------
    InteractiveView
        ``.save("view.html")``; displayed in a notebook through ``_repr_html_``.

    Examples
    --------
    >>> import numpy as np
    >>> from attn_teach import Attention
    >>> a = Attention("a b", "hand-made", ["a", "b"], np.array([False, False]),
    ...               np.full((1, 1, 2, 2), 0.5, dtype=np.float32))
    >>> view = interactive(a, fallback=False)
    >>> view.data["layers"], view.data["variants"]["tokens"]["tokens"]
    ([0], ['a', 'b'])
    """
    if not all(hasattr(attention, name) for name in ("weights", "tokens", "special_mask", "head_mean")):
        raise AttnTeachError(_("interactive() needs an Attention (from attn_teach.extract); got {type}")
                              .format(type=type(attention).__name__))
    first = attention.layer_index(layer)
    if head is not None:
        head = attention.head_index(head)
    chosen = layers if layers is not None else None
    if chosen is not None and not chosen:
        raise AttnTeachError(_("layers=[] leaves nothing to show; give at least one layer"))
    data = pack(attention, layers=chosen, max_bytes=max_bytes, language=language)
    shown = attention.layers[first] if attention.layers[first] in data["layers"] else data["layers"][-1]
    state = {"layer": shown, "head": head, "hideSpecial": bool(hide_special), "words": bool(words)}
    picture = None
    if fallback:
        source = attention.words() if words else attention
        try:
            source = source.without_special() if hide_special else source
        except AttnTeachError:
            pass
        picture = _fallback_png(source, attention.layers.index(shown), head, data["lang"])
    return InteractiveView(data, state, picture)
