"""How pytest-xdist spreads the tests over its workers (used by ``tests/conftest.py``).

pytest-xdist runs with ``--dist loadgroup`` (pyproject.toml's addopts): a test marked
``xdist_group`` runs on the same worker as the rest of its group, any other test goes to
whichever worker is free. A test file's tests are grouped only when they share a fixture that
lives longer than one test (module, class or package scope: a started server, a built wheel), so
that it is made once; the other tests spread one by one, so that no worker is left alone with a
long file at the end of the run.

The tests marked ``heavy`` (twenty seconds or more on one core) go first, in their shuffled order:
pytest-xdist hands out tests from the front of the list, so the long ones start while there is still
work to share, and the run does not end with one worker alone on a long test.
"""

import pytest

SHARED_SCOPES = {"module", "class", "package"}
CHEAP_SHARED = {"module_leaves_global_state_as_found"}  # the state guard: every module has it


def shares_a_fixture(item) -> bool:
    """Whether the test uses a fixture of module, class or package scope other than the guard."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(
        name not in CHEAP_SHARED and definitions and str(definitions[-1].scope) in SHARED_SCOPES
        for name, definitions in info.name2fixturedefs.items()
    )


def group_by_shared_fixture(items) -> None:
    """Mark the tests that share a longer-lived fixture with their file as an ``xdist_group``."""
    for item in items:
        if shares_a_fixture(item):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def heavy_first(items) -> None:
    """Move the tests marked ``heavy`` to the front, each part keeping its (shuffled) order."""
    heavy = [item for item in items if item.get_closest_marker("heavy")]
    if heavy:
        items[:] = heavy + [item for item in items if not item.get_closest_marker("heavy")]
