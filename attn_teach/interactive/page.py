"""The interactive view's page: one self-contained, offline HTML file (also Jupyter's ``_repr_html_``).

The data (:func:`~attn_teach.interactive.format.pack`), ``view.css`` and ``view.js`` are
inlined into one fragment; :meth:`InteractiveView.to_html` wraps it into a document with a
level-one heading in a ``main`` landmark. Where scripts do not run (an untrusted notebook,
a notebook viewer on a website) the static heatmap is shown as a PNG with a one-line note.
Text a learner typed (the sentence, tokens, a model path) is escaped for every place it lands:
JSON inside a ``<script>`` (no ``<``, ``>`` or ``&`` left raw), the ``<title>`` and heading.
The design and the stored precision are described in ``docs/interactive.rst``.
Introduced at the end of lessons 12 to 15.
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

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _
from attn_teach.interactive.format import DEFAULT_MAX_BYTES, FORMAT_VERSION, pack

if TYPE_CHECKING:
    from attn_teach.attention import Attention

ASSETS = pathlib.Path(__file__).parent  # view.js, view.css beside this module
FALLBACK_MAX_TOKENS = 160  # above this the static fallback picture is left out (slow to draw, unreadable)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: dict) -> str:
    """``data`` as JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``.

    ``</script>`` in any case, ``<!--``, ``]]>`` and line separators all become ``\\uXXXX``
    escapes, which ``JSON.parse`` reads back as the same characters.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _JSON_ESCAPES.items():
        text = text.replace(raw, escaped)
    return text


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


def _attribute(text: str) -> str:
    return html.escape(text, quote=True)


@dataclasses.dataclass
class InteractiveView:
    """An interactive attention view: :meth:`save` writes it, a notebook displays it.

    Made by :func:`interactive`; ``data`` is what the page embeds
    (:func:`~attn_teach.interactive.format.pack`), ``state`` what it shows first.
    """

    data: dict
    state: dict
    fallback_png: str | None = None

    @property
    def lang(self) -> str:
        return self.data.get("lang", "en")

    def fragment(self) -> str:
        """The view as an HTML fragment (styles, data and script inline), for a notebook or a page."""
        lang = self.lang
        payload = script_json({**self.data, "initial": self.state})
        view_id = f"atv-{uuid.uuid4().hex[:12]}"
        note = html.escape(
            _(
                "Static picture: the live view needs JavaScript (trust the notebook, or open the "
                "saved .html file in a browser).",
                lang=lang,
            )
        )
        if self.fallback_png:
            alt = _attribute(_("static heatmap (the live view needs JavaScript)", lang=lang))
            picture = f'<p>{note}</p><img alt="{alt}" src="data:image/png;base64,{self.fallback_png}">'
        else:
            needs_js = _("The interactive view needs JavaScript.", lang=lang)
            picture = f"<p>{html.escape(needs_js)}</p>"
        failed = _attribute(_("attn_teach view could not start: ", lang=lang))
        mismatch = _attribute(
            _(
                "this page holds data of format {page}, but its script reads format {reader}; "
                "make the page again with this version of attn_teach",
                lang=lang,
            )
        )
        return (
            f'<div class="attn-teach-view" id="{view_id}" lang="{_lang(self.data)}" '
            f'data-format="{FORMAT_VERSION}" data-error-text="{failed}" data-format-text="{mismatch}">'
            f"<style>{_asset('view.css')}</style>"
            f'<div class="atv-fallback">{picture}</div>'
            f'<script type="application/json" class="atv-data">{payload}</script>'
            f"<script>{_asset('view.js')}</script></div>"
        )

    def title(self) -> str:
        """The page's title (plain text): model and the start of the sentence."""
        return _("attention: {model}: {text}", lang=self.lang).format(
            model=self.data["model"], text=self.data["text"][:60]
        )

    def to_html(self) -> str:
        """A complete HTML document holding the view, under a level-one heading in a ``main`` landmark."""
        title = html.escape(self.title())
        return (
            f'<!DOCTYPE html>\n<html lang="{self.lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>body{{margin:8px}}h1.atv-h1{{font-size:1.1em;margin:4px 0}}"
            "@media (prefers-color-scheme: dark){html{background:#121212;color:#e6e6e6}}</style></head>"
            f'<body><main><h1 class="atv-h1">{title}</h1>{self.fragment()}</main></body></html>\n'
        )

    def _repr_html_(self) -> str:
        return self.fragment()

    def save(self, path: str | pathlib.Path, *, force: bool = False) -> pathlib.Path:
        """Write :meth:`to_html` to ``path`` (``.html``), atomically; an existing file only with ``force``."""
        from attn_teach.files import atomic_write

        path = pathlib.Path(path)
        if path.suffix.lower() not in (".html", ".htm"):
            raise AttnTeachError(
                _("{path}: the interactive view is an HTML file; name it e.g. {example}").format(
                    path=path, example=path.with_suffix(".html").name
                )
            )
        return atomic_write(path, self.to_html().encode("utf-8"), force=force)


def _lang(data: dict) -> str:
    """The view's ``lang``: Japanese words on screen (its interface or its text) get Japanese glyphs."""
    if data.get("lang") == "ja":
        return "ja"
    text = data["text"]
    return "ja" if any("\u3040" <= c <= "\u9fff" for c in text) else "en"


def interactive(
    attention: Attention,
    *,
    layers: list[int] | None = None,
    layer: int = -1,
    head: int | None = None,
    hide_special: bool = False,
    words: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fallback: bool = True,
    language: str | None = None,
) -> InteractiveView:
    """The interactive view of ``attention``: heatmap, token lines, layer/head selectors and switches.

    Every value the page prints is the weight (float32, or what the library's reduction
    returns) rounded to 3 decimals, exactly as ``f"{weight:.3f}"``; colours are the static
    views' 256 colormap levels from 0 to the matrix's largest weight.

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
    >>> view.data["layers"], view.data["variants"]["tokens"]["tokens"], view.data["digits"]
    ([0], ['a', 'b'], 3)
    """
    if not all(hasattr(attention, name) for name in ("weights", "tokens", "special_mask", "head_mean")):
        raise AttnTeachError(
            _("interactive() needs an Attention (from attn_teach.extract); got {type}").format(
                type=type(attention).__name__
            )
        )
    first = attention.layer_index(layer)
    if head is not None:
        head = attention.head_index(head)
    if layers is not None and not layers:
        raise AttnTeachError(_("layers=[] leaves nothing to show; give at least one layer"))
    data = pack(attention, layers=layers, max_bytes=max_bytes, language=language)
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
