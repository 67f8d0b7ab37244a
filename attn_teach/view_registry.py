"""The views the command line draws, declared once: name, function, options taken, one line each.

``attn-teach plot --view NAME`` offers exactly the views listed in :data:`VIEWS`; its
``--view`` help, its refusals of options a view cannot honour and its dispatch are read
from here, as are the tests that draw every view with every option and the table on
the API page. A view is one :class:`View` record; its function is imported only when
it is drawn, so the command line starts without matplotlib's views.

To add a view: write the function (``f(attention, ...) -> Figure``, see
:mod:`attn_teach.views`), add a record below, and give its description a Japanese
translation in ``attn_teach/locale/ja/LC_MESSAGES/attn_teach.po``. To add an option:
add an :class:`Option` to :data:`OPTIONS` and name it in the views that take it.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping

from attn_teach.i18n import N_


@dataclasses.dataclass(frozen=True)
class Option:
    """A ``plot`` option that some views take (``--layer``, ``--head``, ``--words``, ``--no-special``)."""

    name: str  # the argparse destination and the name used in View.options
    flag: str  # as typed on the command line
    help: str  # one line, English (N_: translated when the parser is built)
    type: type | None = None  # int for a number; None for a switch
    metavar: str | None = None


OPTIONS: tuple[Option, ...] = (
    Option("layer", "--layer", N_("layer to draw (default: the last)"), int, "L"),
    Option("head", "--head", N_("one head instead of the mean of heads"), int, "H"),
    Option("words", "--words", N_("merge sub-word pieces into words")),
    Option("no_special", "--no-special", N_("drop special tokens, re-normalising rows")),
)
"""Every option a view may take, in the order ``--help`` shows them."""


@dataclasses.dataclass(frozen=True)
class View:
    """One view the command line can draw.

    Attributes
    ----------
    name : str
        What ``--view`` takes.
    function : str
        ``"module:attribute"`` of the function that draws it, imported when drawn.
    description : str
        One line, English (translated when shown).
    options : frozenset of str
        The :data:`OPTIONS` it takes; without ``"layer"`` it draws every layer.
    fixed : mapping
        Keyword arguments always passed to the function.
    output : str
        ``"figure"`` (saved as PNG, SVG or PDF) or ``"html"`` (one offline file).
    limits : str
        Why it refuses the options it does not take (English, translated when shown).
    """

    name: str
    function: str
    description: str
    options: frozenset[str]
    fixed: Mapping[str, object] = dataclasses.field(default_factory=dict)
    output: str = "figure"
    limits: str = ""

    @property
    def every_layer(self) -> bool:
        """True when the view needs every layer of the model (it takes no ``--layer``)."""
        return "layer" not in self.options

    def load(self) -> Callable:
        """The function that draws the view (imported now)."""
        module, _, attribute = self.function.partition(":")
        return getattr(importlib.import_module(module), attribute)

    def draw(self, attention, *, head: int | None = None):
        """Draw ``attention`` (the layer to show is its last one) and return the figure."""
        kwargs = dict(self.fixed)
        if "layer" in self.options:
            kwargs["layer"] = -1
        if "head" in self.options:
            kwargs["head"] = head
        return self.load()(attention, **kwargs)


ALL = frozenset(o.name for o in OPTIONS)
VIEWS: dict[str, View] = {v.name: v for v in (
    View("heatmap", "attn_teach.views:heatmap", N_("query x key weights as colours"), ALL),
    View("annotated", "attn_teach.views:heatmap", N_("the heatmap with each cell's value written in it"), ALL,
         fixed={"annotate": "auto"}),
    View("line", "attn_teach.views:received_plot", N_("attention each token receives, as a line"), ALL,
         fixed={"kind": "line"}),
    View("bars", "attn_teach.views:received_plot", N_("attention each token receives, as bars"), ALL,
         fixed={"kind": "bar"}),
    View("grid", "attn_teach.views:grid", N_("every layer x every head, one small heatmap each"),
         frozenset({"words", "no_special"}), limits=N_("draws every layer and every head")),
    View("rollout", "attn_teach.views:rollout_view", N_("attention flow through all layers (rollout)"),
         frozenset(), limits=N_("follows the mean of heads through every token of every layer")),
    View("3d", "attn_teach.views:bars_by_layer", N_("attention received, as 3D bars by layer"),
         frozenset({"head", "words", "no_special"}), limits=N_("draws every layer")),
    View("interactive", "attn_teach.html_view:interactive", N_("one offline .html file to explore in a browser"),
         ALL, output="html"),
)}
"""The views of ``attn-teach plot``, by name, in the order ``--help`` lists them."""


def suffixes(view: View) -> tuple[str, ...]:
    """The file name endings ``view`` can be written as."""
    return (".html",) if view.output == "html" else (".png", ".svg", ".pdf")


def table() -> str:
    """The views and the options each takes, as a reStructuredText list table (for the docs)."""
    rows = [".. list-table::", "   :header-rows: 1", "", "   * - ``--view``", "     - draws",
            "     - " + ", ".join(f"``{o.flag}``" for o in OPTIONS)]
    for view in VIEWS.values():
        taken = ", ".join("yes" if o.name in view.options else "-" for o in OPTIONS)
        rows += [f"   * - ``{view.name}``", f"     - {view.description}", f"     - {taken}"]
    return "\n".join(rows)


__doc__ += "\n" + table() + "\n"
