"""How pytest-xdist spreads the tests over its workers (used by ``tests/conftest.py``).

pytest-xdist runs with ``--dist loadgroup`` (pyproject.toml's addopts): a test marked
``xdist_group`` runs on the same worker as the rest of its group, any other test goes to
whichever worker is free. A test file's tests are grouped only when they share a fixture that
lives longer than one test (module, class or package scope: a started server, a built wheel), so
that it is made once; the other tests spread one by one, so that no worker is left alone with a
long file at the end of the run.
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
