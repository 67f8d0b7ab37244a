"""The view registry: each record complete and importable (the CLI's use of it is in test_cli_plot)."""

from __future__ import annotations

import inspect

from attn_teach.view_registry import OPTION_NAMES, options, suffixes, table, views

VIEWS, OPTIONS = views(), options()


def test_every_view_is_complete_and_its_function_takes_what_it_is_given():
    names = {o.name for o in OPTIONS}
    assert names == OPTION_NAMES and len(OPTIONS) == len(names)
    for view in VIEWS.values():
        assert view.description and view.options <= names and view.output in ("figure", "html")
        assert bool(view.limits) == (view.options != names), view.name  # a refusal says why
        parameters = inspect.signature(view.load()).parameters
        passed = set(view.fixed) | ({"layer", "head"} & view.options if view.output == "figure" else set())
        assert passed <= set(parameters), (view.name, passed - set(parameters))


def test_suffixes_and_table():
    assert suffixes(VIEWS["heatmap"]) == (".png", ".svg", ".pdf")
    assert suffixes(VIEWS["interactive"]) == (".html",)
    rows = table().splitlines()
    assert rows[0] == ".. list-table::"
    assert sum(row.startswith("   * - ``") for row in rows) == len(VIEWS) + 1  # a header, then one row each
