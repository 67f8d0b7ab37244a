"""``attn-teach reproduce``: run the lessons in order and save every figure as PNG.

A lesson module (``lessons/plot_NN_*.py``, installed as ``attn_teach.lessons``)
lists its figure functions in ``FIGURES``; each takes ``model=`` with an embedded model
as its default. Each figure is saved as ``plot_NN_name-function.png``; with
``models="article"`` each function receives the hub model its embedded default stands in
for (``tiny-bert-en`` -> ``bert-base-uncased``, ``tiny-gpt2-ja`` -> ``rinna/japanese-gpt2-medium``).
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import pathlib
import pkgutil
import sys
import time

import matplotlib

from attn_teach.errors import AttnTeachError
from attn_teach.models import ARTICLE, load_model
from attn_teach.views.style import save_figure


def lesson_modules() -> list[tuple[int, str]]:
    """``(number, module name)`` of every lesson, in order."""
    import attn_teach.lessons as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("plot_"):
            found.append((int(info.name.split("_")[1]), info.name))
    return sorted(found)


def load_lesson(name: str):
    """Import a lesson module without letting its narrative prints reach the terminal."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return importlib.import_module(f"attn_teach.lessons.{name}")


def model_argument(function, models: str) -> dict:
    """``{"model": hub id}`` for a figure function whose default model is embedded, when the
    article's models are asked for; ``{}`` otherwise (the function's own default)."""
    parameter = inspect.signature(function).parameters.get("model")
    if models == "article" and parameter is not None and parameter.default in ARTICLE:
        return {"model": ARTICLE[parameter.default]}
    return {}


def figure_path(out: pathlib.Path, lesson: str, function: str) -> pathlib.Path:
    return out / f"{lesson}-{function}.png"


def reproduce(out: pathlib.Path, *, lessons: list[int] | None = None, models: str = "embedded",
              force: bool = False) -> list[tuple[str, int, float]]:
    """Run the lessons, save their figures into ``out`` and print a summary table.

    Refuses to replace existing figures unless ``force`` is True; checks that before
    running anything, so a refusal leaves the folder as it was.
    """
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    available = lesson_modules()
    numbers = [n for n, _ in available]
    if lessons:
        unknown = sorted(set(lessons) - set(numbers))
        if unknown:
            raise AttnTeachError(f"no lesson {unknown[0]}; the lessons are {numbers[0]}..{numbers[-1]}")
        available = [(n, m) for n, m in available if n in lessons]
    if out.exists() and not out.is_dir():
        raise AttnTeachError(f"{out} is a file; --out names a folder")
    modules, import_seconds = [], {}
    for n, m in available:
        t0 = time.perf_counter()
        modules.append((n, m, load_lesson(m)))  # the lesson's own code runs here
        import_seconds[m] = time.perf_counter() - t0
    planned = [figure_path(out, m, f.__name__) for _, m, mod in modules for f in mod.FIGURES]
    # the hub models first: offline or missing, the run stops before any figure is written
    hub_ids = {model_argument(f, models).get("model") for _, _, mod in modules for f in mod.FIGURES} - {None}
    for hub_id in sorted(hub_ids):
        load_model(hub_id)
    clash = [p for p in planned if p.exists()]
    if clash and not force:
        raise AttnTeachError(f"{clash[0]} already exists ({len(clash)} of {len(planned)} figures would be "
                             "replaced); choose another --out or add --force")
    rows = []
    for i, (number, name, module) in enumerate(modules, 1):
        t0 = time.perf_counter() - import_seconds[name]
        print(f"[{i}/{len(modules)}] lesson {number:02d} {name} ...", file=sys.stderr, flush=True)
        for function in module.FIGURES:
            with contextlib.redirect_stdout(io.StringIO()):
                fig = function(**model_argument(function, models))
            path = figure_path(out, name, function.__name__)
            out.mkdir(parents=True, exist_ok=True)  # only once there is a figure to write
            save_figure(fig, path, force=force)  # atomic: an interrupted run leaves no broken PNG
            plt.close(fig)
            print(f"    wrote {path}", file=sys.stderr, flush=True)
        rows.append((name, len(module.FIGURES), time.perf_counter() - t0))
    width = max(len(r[0]) for r in rows) if rows else 6
    print(f"\n{'lesson':<{width}}  figures  seconds")
    for name, count, seconds in rows:
        print(f"{name:<{width}}  {count:>7}  {seconds:7.1f}")
    print(f"{'total':<{width}}  {sum(r[1] for r in rows):>7}  {sum(r[2] for r in rows):7.1f}")
    print(f"figures in {out}/")
    return rows
