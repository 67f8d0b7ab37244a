"""mutmut over one module's mutants, run against that room's tests only (``nox -s mutation -- MODULE``).

mutmut 3 reads one test selection from ``[tool.mutmut]`` and first runs all of it to
learn which tests reach which function; for one room's module, the other rooms'
tests only cost time (and the machine's). ``[tool.attn_teach.mutation]`` lists, per
module prefix, the tests a room's mutants run against; this wrapper narrows mutmut's
selection to the longest prefix that matches, then runs ``mutmut run`` as its command
line would. A module no prefix matches keeps the whole ``[tool.mutmut]`` selection.

    python tools/mutation.py attn_teach.practice.numbers [--max-children 2]
    python tools/mutation.py attn_teach.practice --max-children 1 NAME...   # chosen mutants of the room
"""

from __future__ import annotations

import pathlib
import sys

import tomllib


def room_tests(module: str, rooms: dict[str, list[str]]) -> list[str] | None:
    """The tests listed for the longest prefix of ``module`` in ``rooms``, or None."""
    matching = [prefix for prefix in rooms if module == prefix or module.startswith(prefix + ".")]
    return rooms[max(matching, key=len)] if matching else None


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit("name a module: python tools/mutation.py attn_teach.practice.numbers")
    module, options = argv[0].rstrip("*").rstrip("."), [a for a in argv[1:] if "__mutmut_" not in a]
    names = [a for a in argv[1:] if "__mutmut_" in a]  # mutant names (`mutmut results`): run these only
    project = tomllib.loads(pathlib.Path("pyproject.toml").read_text(encoding="utf-8"))
    tests = room_tests(module, project["tool"].get("attn_teach", {}).get("mutation", {}))

    from mutmut.configuration import config

    if tests is not None:
        config().pytest_add_cli_args_test_selection = list(tests)  # the forked workers inherit it
    from mutmut.__main__ import cli

    sys.argv = ["mutmut", "run", *options, *(names or [module + "*"])]
    cli()


if __name__ == "__main__":
    main(sys.argv[1:])
