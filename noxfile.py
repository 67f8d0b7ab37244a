"""The project's tasks, one place for what CI, the README and a contributor run.

``nox -l`` lists them. Each task installs what it needs into its own virtual
environment; ``nox --no-venv -s NAME`` runs it in the current one instead (what
``.ci/run`` does, after installing the extras itself). Tasks:

* ``lint``: ruff (lint rules and the format check) over the whole tree;
* ``types``: mypy on the core modules (``[tool.mypy]`` in ``pyproject.toml``);
* ``tests``: the README's test command, ``pytest`` (figures compared, random order);
* ``docs``: both languages of the site, with its catalogue, site and browser checks;
* ``catalogues``: every gettext catalogue complete and every ``.mo`` current;
* ``baselines``: draws every image-tested figure into ``result_images/baselines``
  for review; never writes into ``baseline_images/`` (see CONTRIBUTING.md);
* ``bench``: the performance scripts, each printing its ratios against its target;
* ``mutation``: mutmut over one module (``nox -s mutation -- attn_teach.limits``).
"""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "types", "tests"]
nox.options.reuse_existing_virtualenvs = True


def _install(session: nox.Session, *args: str) -> None:
    """Install into the task's own environment; with ``--no-venv`` the current one must have it already."""
    if session.venv_backend != "none":
        session.install(*args)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff's rules and its format check over the whole tree."""
    _install(session, "ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def types(session: nox.Session) -> None:
    """mypy on the core modules, with the packages they import."""
    _install(session, "-e", ".", "mypy")
    session.run("mypy")


@nox.session
def tests(session: nox.Session) -> None:
    """The README's test command: every test, figures compared against the baselines."""
    _install(session, "-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Both languages of the site, then the notebooks and a real browser."""
    _install(session, "-e", ".[docs]")
    session.run("python", "docs/build.py")
    session.run("python", "docs/check_notebooks.py")
    session.run("python", "docs/check_browser.py")


@nox.session
def catalogues(session: nox.Session) -> None:
    """Catalogues complete, their code kept as code (docs) and compiled catalogues current (package)."""
    _install(session, "-e", ".[test,docs]")
    session.run("python", "docs/check_catalogues.py")
    session.run("python", "docs/check_literals.py")
    session.run("python", "tools/check_mo_current.py")


@nox.session
def baselines(session: nox.Session) -> None:
    """Draw every image-tested figure into result_images/baselines, to look at before copying any."""
    _install(session, "-e", ".[test]")
    session.run("pytest", "--mpl-generate-path=result_images/baselines", "-k", "lesson", "-p", "no:randomly")
    session.log("Figures written to result_images/baselines. Look at each changed one before copying it into")
    session.log("baseline_images/, and say in the commit why it changed (CONTRIBUTING.md, 'Reviewing a baseline').")


@nox.session
def bench(session: nox.Session) -> None:
    """The benchmarks; each prints its measured ratios next to the targets."""
    _install(session, "-e", ".[bench,test]")
    for script in ("bench.py", "bench_interactive.py", "bench_practice.py"):
        session.run("python", f"benchmarks/{script}")


@nox.session
def mutation(session: nox.Session) -> None:
    """mutmut over one module's mutants, run against its room's tests (``tools/mutation.py``).

    ``nox -s mutation -- attn_teach.practice.numbers`` (a module path, dots; ``*`` allowed;
    more arguments go to ``mutmut run``, e.g. ``--max-children 2``). The room's tests are
    listed in ``[tool.attn_teach.mutation]``; mutmut runs, for each mutant, only those that
    executed the mutated function. ``mutmut results`` and ``mutmut show NAME`` read the run.
    """
    if not session.posargs:
        session.error("name a module: nox -s mutation -- attn_teach.practice.numbers")
    _install(session, "-e", ".[test,mutation]")
    session.run("nice", "-n", "19", "python", "tools/mutation.py", *session.posargs)
    session.run("mutmut", "results")
