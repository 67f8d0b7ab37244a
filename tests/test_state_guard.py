"""The state guard (``tests/state_guard.py``, used by ``tests/conftest.py``) sees each kind of leak.

Each test changes one piece of process-wide state, checks that ``changed`` names it, and puts
it back in ``finally`` (so this file leaves nothing behind either).
"""

import logging
import os

import matplotlib as mpl
import pytest
from matplotlib import font_manager
from state_guard import changed, global_state
from transformers.utils import logging as hf_logging

from attn_teach import i18n


def leak(change, undo) -> list[str]:
    before = global_state()
    change()
    try:
        return changed(before, global_state())
    finally:
        undo()


def test_nothing_changed_is_nothing_reported():
    assert changed(global_state(), global_state()) == []


def test_an_environment_variable(monkeypatch):
    monkeypatch.delenv("ATTN_TEACH_GUARD_PROBE", raising=False)
    found = leak(
        lambda: os.environ.__setitem__("ATTN_TEACH_GUARD_PROBE", "1"),
        lambda: os.environ.pop("ATTN_TEACH_GUARD_PROBE"),
    )
    assert found == ["environment variables ATTN_TEACH_GUARD_PROBE"]


def test_the_working_directory(tmp_path):
    here = os.getcwd()
    found = leak(lambda: os.chdir(tmp_path), lambda: os.chdir(here))
    assert found == [f"os.getcwd(): {here!r} -> {str(tmp_path)!r}"]


def test_an_rc_parameter():
    size = mpl.rcParams["font.size"]
    found = leak(
        lambda: mpl.rcParams.__setitem__("font.size", size + 1), lambda: mpl.rcParams.__setitem__("font.size", size)
    )
    assert found == ["matplotlib.rcParams font.size"]


def test_a_font_added_to_matplotlib():
    manager = font_manager.fontManager
    extra = manager.ttflist[0]
    found = leak(lambda: manager.ttflist.append(extra), lambda: manager.ttflist.pop())
    assert found == [f"matplotlib font list: {len(manager.ttflist)} -> {len(manager.ttflist) + 1}"]


@pytest.mark.parametrize("what", ["verbosity", "handler"])
def test_transformers_logging(what):
    verbosity = hf_logging.get_verbosity()
    handler = logging.NullHandler()
    library = logging.getLogger("transformers")
    if what == "verbosity":
        other = logging.ERROR if verbosity != logging.ERROR else logging.INFO
        found = leak(lambda: hf_logging.set_verbosity(other), lambda: hf_logging.set_verbosity(verbosity))
        assert "logging: level/handlers/propagate of logger(s) transformers" in found
        assert f"transformers verbosity: {verbosity!r} -> {other!r}" in found
    else:
        found = leak(lambda: library.addHandler(handler), lambda: library.removeHandler(handler))
        assert found == ["logging: level/handlers/propagate of logger(s) transformers"]


def test_the_root_logger_level():
    level = logging.root.level
    found = leak(lambda: logging.root.setLevel(level + 1), lambda: logging.root.setLevel(level))
    assert found == ["logging: level/handlers/propagate of logger(s) root"]


def test_the_kits_process_language():
    before = i18n._process
    found = leak(lambda: i18n.set_language("ja"), lambda: setattr(i18n, "_process", before))
    assert found == [f"attn_teach.i18n language: ({before!r}, None) -> ('ja', None)"]


def test_any_other_logger_is_seen_around_a_module():
    other = logging.getLogger("attn_teach_guard_probe.child")
    level = other.level
    before = global_state(every_logger=True)
    other.setLevel(logging.CRITICAL)
    try:
        assert changed(global_state(), global_state()) == []  # around a test: the named loggers only
        assert changed(before, global_state(every_logger=True)) == [
            "logging: level/handlers/propagate of logger(s) attn_teach_guard_probe.child"
        ]
    finally:
        other.setLevel(level)
