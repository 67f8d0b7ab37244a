"""The views the command line draws, declared once: name, function, options taken, one line each.

``attn-teach plot --view NAME`` offers exactly the views :func:`views` lists; its
``--view`` help, its refusals of options a view cannot honour and its dispatch are read
from here, as are the tests that draw every view with every option and the table on
the API page. A view is one :class:`View` record; its function is imported only when
it is drawn, so the command line starts without matplotlib's views.

To add a view: write the function (``f(attention, ...) -> Figure``, see
:mod:`attn_teach.views`), add a record below, and give its description a Japanese
translation in ``attn_teach/locale/ja/LC_MESSAGES/attn_teach.po``. To add an option:
add an :class:`Option` to :func:`options` and name it in the views that take it. The
records are made when asked for, so that their words are in the caller's language.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping

from attn_teach.i18n import gettext as _
from attn_teach.i18n import use_language


@dataclasses.dataclass(frozen=True)
class Option:
    """A ``plot`` option that some views take (``--layer``, ``--head``, ``--words``, ``--no-special``)."""

    name: str  # the argparse destination and the name used in View.options
    flag: str  # as typed on the command line
    help: str  # one line, in the caller's language
    type: type | None = None  # int for a number; None for a switch
    metavar: str | None = None


def options() -> tuple[Option, ...]:
    """Every option a view may take, in the order ``--help`` shows them."""
    return (
        Option("layer", "--layer", _("layer to draw (default: the last)"), int, "L"),
        Option("head", "--head", _("one head instead of the mean of heads"), int, "H"),
        Option("words", "--words", _("merge sub-word pieces into words")),
        Option("no_special", "--no-special", _("drop special tokens, re-normalising rows")),
    )


OPTION_NAMES = frozenset({"layer", "head", "words", "no_special"})  # the names of options(), for the records


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
        One line, in the caller's language.
    options : frozenset of str
        The :func:`options` it takes; without ``"layer"`` it draws every layer.
    fixed : mapping of str to object
        Keyword arguments always passed to the function.
    output : str
        ``"figure"`` (saved as PNG, SVG or PDF) or ``"html"`` (one offline file).
    limits : str
        Why it refuses the options it does not take, in the caller's language.
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


def views() -> dict[str, View]:
    """The views of ``attn-teach plot``, by name, in the order ``--help`` lists them."""
    every = OPTION_NAMES
    return {
        v.name: v
        for v in (
            View("heatmap", "attn_teach.views:heatmap", _("query x key weights as colours"), every),
            View(
                "annotated",
                "attn_teach.views:heatmap",
                _("the heatmap with each cell's value written in it"),
                every,
                fixed={"annotate": "auto"},
            ),
            View(
                "line",
                "attn_teach.views:received_plot",
                _("attention each token receives, as a line"),
                every,
                fixed={"kind": "line"},
            ),
            View(
                "bars",
                "attn_teach.views:received_plot",
                _("attention each token receives, as bars"),
                every,
                fixed={"kind": "bar"},
            ),
            View(
                "grid",
                "attn_teach.views:grid",
                _("every layer x every head, one small heatmap each"),
                frozenset({"words", "no_special"}),
                limits=_("draws every layer and every head"),
            ),
            View(
                "rollout",
                "attn_teach.views:rollout_view",
                _("attention flow through all layers (rollout)"),
                frozenset(),
                limits=_("follows the mean of heads through every token of every layer"),
            ),
            View(
                "3d",
                "attn_teach.views:bars_by_layer",
                _("attention received, as 3D bars by layer"),
                frozenset({"head", "words", "no_special"}),
                limits=_("draws every layer"),
            ),
            View(
                "interactive",
                "attn_teach.interactive.page:interactive",
                _("one offline .html file to explore in a browser"),
                every,
                output="html",
            ),
        )
    }


def suffixes(view: View) -> tuple[str, ...]:
    """The file name endings ``view`` can be written as."""
    return (".html",) if view.output == "html" else (".png", ".svg", ".pdf")


def table(language: str = "en", draws: str = "draws", yes: str = "yes", no: str = "-", sep: str = ", ") -> str:
    """The views and the options each takes, as a reStructuredText list table (for the API page).

    The descriptions are in ``language``; the docs' Japanese site passes its own header and cell words."""
    with use_language(language):
        shown, flags = views().values(), [o.flag for o in options()]
    names = sorted(OPTION_NAMES, key=[o.name for o in options()].index)
    rows = [
        ".. list-table::",
        "   :header-rows: 1",
        "",
        "   * - ``--view``",
        f"     - {draws}",
        "     - " + ", ".join(f"``{flag}``" for flag in flags),
    ]
    for view in shown:
        taken = sep.join(yes if name in view.options else no for name in names)
        rows += [f"   * - ``{view.name}``", f"     - {view.description}", f"     - {taken}"]
    return "\n".join(rows)


__doc__ += "\n" + table() + "\n"
