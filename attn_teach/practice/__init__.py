"""Practice: the learner writes each stage of the article, and the kit checks it and says what is wrong.

``attn-teach practice init`` writes one exercise file per stage (:mod:`.workspace`);
plain ``pytest`` in that folder, ``attn-teach practice check N`` or, in a notebook,
:func:`check` run the checks (:mod:`.checks`) on the learner's function
(:mod:`.runner`). The reference solutions are the lessons' own functions
(:mod:`.stages`, :func:`solution_source`).

>>> from attn_teach.practice import check
>>> def draw_heatmap(matrix, tokens):
...     raise NotImplementedError
>>> outcome = check(4, draw_heatmap, lang="en")
stage 4 (The heatmap) is not done yet: fill in draw_heatmap in stage_04_heatmap.py
>>> outcome.passed
False
"""

from __future__ import annotations

import ast
import importlib.util
import pathlib

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import use_language
from attn_teach.practice.stages import STAGES, get_stage


def check(
    stage: int,
    function=None,
    *,
    lang: str | None = None,
    workspace: str | pathlib.Path | None = None,
    show_figure: bool = True,
):
    """Check ``function`` (e.g. your ``draw_heatmap``) for ``stage``, print the feedback as the CLI does, return it.

    The function runs in a fresh child of this process (a fork), so it cannot change
    this process's settings, and the figures it opens are closed with the child. The
    returned :class:`~attn_teach.practice.outcome.Outcome` has ``passed``, ``message``
    and ``hint``. Without ``function`` the stage's file in ``workspace`` (default:
    here) is checked. It speaks ``lang``, else the workspace's language, else the
    locale's. In a notebook the figure your function drew (saved in the
    workspace's ``.results`` folder) is shown below the cell.
    """
    from attn_teach.practice.runner import RESULTS, run_stage
    from attn_teach.practice.workspace import load_state

    folder = pathlib.Path(workspace or ".")
    with use_language(lang or load_state(folder).get("lang")):  # as the CLI: the workspace's language
        outcome = run_stage(stage, function, workspace=folder)
        print(outcome.text())
    png = folder / RESULTS / f"stage_{get_stage(stage).number:02d}.png"
    if show_figure and get_stage(stage).figure and png.is_file() and _in_notebook():
        from IPython.display import Image, display

        display(Image(filename=str(png)))
    return outcome


def _in_notebook() -> bool:
    import sys

    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def solution_source(stage: int) -> str:
    """The reference solution of ``stage``: the source of its function in the lesson that teaches it."""
    s = get_stage(stage)
    spec = importlib.util.find_spec(f"attn_teach.lessons.{s.lesson}")
    if spec is None or spec.origin is None:
        raise AttnTeachError(f"the lesson {s.lesson} is not installed; reinstall attn_teach")
    source = pathlib.Path(spec.origin).read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name == s.reference:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            return "\n".join(source.splitlines()[first - 1 : node.end_lineno]) + "\n"
    raise AttnTeachError(f"{s.lesson} has no function {s.reference}; the installed lessons are out of date")


def reference(stage: int):
    """The reference function itself (imports its lesson, which runs the lesson's code once)."""
    from attn_teach.reproduce import load_lesson

    s = get_stage(stage)
    return getattr(load_lesson(s.lesson), s.reference)


__all__ = ["STAGES", "check", "reference", "solution_source"]
