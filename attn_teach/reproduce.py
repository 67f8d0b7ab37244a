"""``attn-teach reproduce``: run the lessons in order and save every figure as PNG.

A lesson module (``lessons/plot_NN_*.py``, installed as ``attn_teach.lessons``)
registers its figure functions with :func:`attn_teach.lesson.figure` (the contract is
in that module and in ``lessons/README.txt``). Each figure is saved as
``plot_NN_name-function.png``; with ``models="article"`` each function receives the hub
model its embedded default stands in for (``tiny-bert-en`` -> ``bert-base-uncased``,
``tiny-gpt2-ja`` -> ``rinna/japanese-gpt2-medium``).

This module only draws and saves; it does not choose matplotlib's backend (the
command line does, :mod:`attn_teach.cli`).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import pathlib
import pkgutil
import sys
import time
import unicodedata

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _
from attn_teach.lesson import default_model, figures, lesson_id, normalise_lesson_id
from attn_teach.models import ARTICLE, load_model
from attn_teach.terminal import printable
from attn_teach.views.style import save_figure


def lesson_modules() -> list[tuple[str, str]]:
    """``(lesson id, module name)`` of every lesson, in file-name order (``00``, ``00a``, ``01``, ...)."""
    import attn_teach.lessons as package

    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__) if info.name.startswith("plot_"))
    return [(lesson_id(name), name) for name in names]


def load_lesson(name: str):
    """Import a lesson module without letting its narrative prints reach the terminal."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return importlib.import_module(f"attn_teach.lessons.{name}")


def model_argument(function, models: str) -> dict:
    """``{"model": hub id}`` for a figure function that draws with a model, when the
    article's models are asked for; ``{}`` otherwise (the function's own default)."""
    model = default_model(function)
    if models == "article" and model is not None:
        return {"model": ARTICLE[model]}
    return {}


def figure_path(out: pathlib.Path, lesson: str, function: str) -> pathlib.Path:
    return out / f"{lesson}-{function}.png"


def _ljust(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Japanese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def reproduce(
    out: pathlib.Path, *, lessons: list[str | int] | None = None, models: str = "embedded", force: bool = False
) -> list[tuple[str, int, float]]:
    """Run the lessons, save their figures into ``out`` and print a summary table.

    Refuses to replace existing figures unless ``force`` is True; checks that before
    running anything, so a refusal leaves the folder as it was. ``lessons`` are ids
    such as ``4``, ``"04"`` or ``"00a"``; default: every lesson.
    """
    import matplotlib.pyplot as plt  # closes each figure once saved; the caller chooses the backend

    available = lesson_modules()
    ids = [n for n, _ in available]
    if lessons:
        wanted = [normalise_lesson_id(n) for n in lessons]
        unknown = [n for n, given in zip(wanted, lessons) if n not in ids]
        if unknown:
            raise AttnTeachError(
                _("no lesson {lesson}; the lessons are {lessons}").format(
                    lesson=lessons[wanted.index(unknown[0])], lessons=", ".join(ids)
                )
            )
        available = [(n, m) for n, m in available if n in wanted]
    if out.exists() and not out.is_dir():
        raise AttnTeachError(_("{out} is a file; --out names a folder").format(out=out))
    modules, import_seconds = [], {}
    for n, m in available:
        t0 = time.perf_counter()
        modules.append((n, m, load_lesson(m)))  # the lesson's own code runs here
        import_seconds[m] = time.perf_counter() - t0
    planned = [figure_path(out, m, f.__name__) for _, m, mod in modules for f in figures(mod)]
    # the hub models first: offline or missing, the run stops before any figure is written
    hub_ids = {model_argument(f, models).get("model") for _, _, mod in modules for f in figures(mod)} - {None}
    for hub_id in sorted(hub_ids):
        load_model(hub_id)
    clash = [p for p in planned if p.exists()]
    if clash and not force:
        raise AttnTeachError(
            _(
                "{path} already exists ({count} of {total} figures would be replaced); choose "
                "another --out or add --force"
            ).format(path=clash[0], count=len(clash), total=len(planned))
        )
    rows = []
    for i, (number, name, module) in enumerate(modules, 1):
        t0 = time.perf_counter() - import_seconds[name]
        print(
            _("[{i}/{n}] lesson {number} {name} ...").format(i=i, n=len(modules), number=number, name=name),
            file=sys.stderr,
            flush=True,
        )
        for function in figures(module):
            with contextlib.redirect_stdout(io.StringIO()):
                fig = function(**model_argument(function, models))
            path = figure_path(out, name, function.__name__)
            out.mkdir(parents=True, exist_ok=True)  # only once there is a figure to write
            save_figure(fig, path, force=force)  # atomic: an interrupted run leaves no broken PNG
            plt.close(fig)
            print(_("    wrote {path}").format(path=printable(path)), file=sys.stderr, flush=True)
        rows.append((name, len(figures(module)), time.perf_counter() - t0))
    width = max(len(r[0]) for r in rows) if rows else 6
    print("\n" + _("{lesson}  figures  seconds").format(lesson=_ljust(_("lesson"), width)))
    for name, count, seconds in rows:
        print(f"{name:<{width}}  {count:>7}  {seconds:7.1f}")
    total = _("total")
    print(f"{_ljust(total, width)}  {sum(r[1] for r in rows):>7}  {sum(r[2] for r in rows):7.1f}")
    print(_("figures in {out}/").format(out=printable(out)))
    return rows
