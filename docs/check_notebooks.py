"""Run every lesson notebook of the built docs top to bottom in a fresh kernel, offline.

Run after ``python docs/build.py`` (sphinx-gallery writes the notebooks)::

    python docs/check_notebooks.py [docs/auto_lessons] [--jobs 2]

Each ``plot_NN_*.ipynb`` (the file a reader downloads from the lesson's page) is executed with
nbclient in a new kernel, in a fresh temporary folder (as in a reader's download folder), with
``HF_HUB_OFFLINE=1``. The kernel is this interpreter (``sys.executable``): a kernel spec written
for the run, so a ``python3`` kernel installed elsewhere on the machine cannot be picked instead.
Every lesson notebook must exist (one per ``lessons/plot_NN_*.py``) and run without an error.
Two notebooks run at once (``--jobs``), each in its own kernel: a kernel spends much of its time
starting Python and importing torch, which another kernel's cells can use the second core for.

Exit status 0 when every notebook ran, 1 with one line per failure otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
KERNEL = "attn-teach-docs"
TIMEOUT = 600  # seconds per cell


def _kernel_spec(folder: pathlib.Path) -> None:
    """A kernel spec named KERNEL that starts ipykernel with this interpreter."""
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": f"attn_teach docs ({sys.executable})",
                "language": "python",
                "env": {
                    "HF_HUB_OFFLINE": "1",
                    "TOKENIZERS_PARALLELISM": "false",
                    "MPLBACKEND": "Agg",
                    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                },
            }
        ),
        encoding="utf-8",
    )


async def run_notebook(path: pathlib.Path) -> str | None:
    """Execute one notebook in a fresh kernel; the error (one line) or None."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="attn-teach-nb-") as workdir:
        client = NotebookClient(
            notebook, kernel_name=KERNEL, timeout=TIMEOUT, resources={"metadata": {"path": workdir}}
        )
        try:
            await client.async_execute()
        except CellExecutionError as error:
            lines = [line for line in str(error).splitlines() if line.strip()]
            return lines[-1] if lines else repr(error)
    return None


async def run_all(paths: list[pathlib.Path], jobs: int) -> dict[str, str | None]:
    """Every notebook, ``jobs`` at a time; each name's error or None, in the order given."""
    slots = asyncio.Semaphore(max(1, jobs))

    async def one(path: pathlib.Path) -> str | None:
        async with slots:
            start = time.perf_counter()
            error = await run_notebook(path)
            status = "ok" if error is None else "FAILED"
            print(f"  {time.perf_counter() - start:6.1f} s  {status:6}  {path.name}", flush=True)
            return error

    errors = await asyncio.gather(*(one(path) for path in paths))
    return {path.stem: error for path, error in zip(paths, errors)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "docs" / "auto_lessons"))
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="notebooks at once (default 2)")
    args = parser.parse_args(argv)
    folder = pathlib.Path(args.folder)
    lessons = sorted(p.stem for p in (ROOT / "lessons").glob("plot_[0-9][0-9]*_*.py"))
    problems = [
        f"{name}.ipynb: missing in {folder} (build the docs first: python docs/build.py)"
        for name in lessons
        if not (folder / f"{name}.ipynb").is_file()
    ]
    paths = [folder / f"{name}.ipynb" for name in lessons if (folder / f"{name}.ipynb").is_file()]
    with tempfile.TemporaryDirectory(prefix="attn-teach-kernels-") as jupyter_path:
        _kernel_spec(pathlib.Path(jupyter_path))
        os.environ["JUPYTER_PATH"] = jupyter_path + os.pathsep + os.environ.get("JUPYTER_PATH", "")
        errors = asyncio.run(run_all(paths, args.jobs))
    problems += [f"{name}.ipynb: {error}" for name, error in errors.items() if error is not None]
    ran = len(errors)
    if problems:
        print(f"notebook check FAILED ({len(problems)} problem(s)):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"notebook check passed: {ran} lesson notebooks ran top to bottom in a fresh kernel ({sys.executable})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
