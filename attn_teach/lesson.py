"""The lesson contract: how a lesson file tells the kit which functions draw its figures.

A lesson (``lessons/plot_NN_name.py``, installed as ``attn_teach.lessons``) marks each
function that returns one of its figures with :func:`figure`::

    from attn_teach.lesson import figure

    @figure
    def figure_heatmap(model: str = MODEL):
        return heatmap(extract(TEXT, model))

    if __name__ == "__main__":  # sphinx-gallery runs the lesson as __main__
        figure_heatmap()

That registration is all the kit reads: ``attn-teach reproduce`` saves each
registered figure as ``plot_NN_name-figure_heatmap.png``, and the image tests compare
it with ``baseline_images/test_lesson_figure_plot_NN_name-figure_heatmap.png``. The
rules, checked when the lesson is imported:

* a figure function can be called with no arguments;
* if it takes ``model``, its default is an embedded model (``tiny-bert-en`` or
  ``tiny-gpt2-ja``): ``reproduce --models article`` passes the article's model that
  the embedded one stands in for (``attn_teach.models.ARTICLE``).

Lesson ids are the part after ``plot_``: two digits and an optional letter, so that
``plot_00a_...`` sorts between ``plot_00_...`` and ``plot_01_...``. The contract is
written out for contributors in ``lessons/README.txt`` ("How to add a lesson").
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from types import ModuleType

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _
from attn_teach.models import EMBEDDED

_MARK = "__attn_teach_figure__"  # attribute set on a registered function: its default model or None
LESSON_NAME = re.compile(r"^plot_(\d\d[a-z]?)_\w+$")  # plot_00_getting_models, plot_00a_what_...
LESSON_ID = re.compile(r"^(\d+)([a-z]?)$")  # as typed on the command line: 4, 04, 00a


def figure(function: Callable) -> Callable:
    """Register ``function`` as one of its lesson's figures; returns it unchanged.

    Raises
    ------
    TypeError
        When the function needs an argument, or its ``model`` default is not an
        embedded model (a mistake in the lesson, found when it is imported).
    """
    model = None
    for name, parameter in inspect.signature(function).parameters.items():
        if parameter.default is inspect.Parameter.empty and parameter.kind not in (
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.VAR_KEYWORD,
        ):
            raise TypeError(
                f"figure {function.__qualname__}: parameter {name!r} needs a default "
                "(a figure function is called with no arguments)"
            )
        if name == "model":
            if parameter.default not in EMBEDDED:
                raise TypeError(
                    f"figure {function.__qualname__}: model= must default to an embedded model "
                    f"({', '.join(EMBEDDED)}), not {parameter.default!r}"
                )
            model = parameter.default
    setattr(function, _MARK, model)
    return function


def figures(module: ModuleType) -> list[Callable]:
    """The functions a lesson module registered with :func:`figure`, in the order they are defined."""
    return [
        value
        for value in vars(module).values()
        if callable(value) and hasattr(value, _MARK) and getattr(value, "__module__", None) == module.__name__
    ]


def default_model(function: Callable) -> str | None:
    """The embedded model a registered figure function draws with by default (None: no model)."""
    return getattr(function, _MARK)


def lesson_id(module_name: str) -> str:
    """``"04"`` for ``plot_04_heatmap``, ``"00a"`` for ``plot_00a_what_attention_computes``."""
    match = LESSON_NAME.match(module_name)
    if match is None:
        raise AttnTeachError(
            _(
                "{module_name}: lesson files are named plot_NN_name.py (NN: two digits, optionally "
                "a letter, e.g. plot_00a_name.py)"
            ).format(module_name=module_name)
        )
    return match.group(1)


def normalise_lesson_id(text: str | int) -> str:
    """A lesson id as typed (``4``, ``04``, ``0a``, ``00a``) in the form of the file names (``04``, ``00a``)."""
    match = LESSON_ID.match(str(text).strip().lower())
    if match is None:
        raise AttnTeachError(
            _("{text!r} is not a lesson id; give a number such as 4, optionally with a letter (0a)").format(text=text)
        )
    return f"{int(match.group(1)):02d}{match.group(2)}"
