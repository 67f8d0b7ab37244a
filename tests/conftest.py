"""Shared test settings (non-interactive backend, offline hub), the embedded models as fixtures,
and every figure closed after each test."""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the tests never reach for the network
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# practice checks fork from the test process; the worker's own tests turn the warm worker on
os.environ.setdefault("ATTN_TEACH_WORKER", "0")
# figure text in English whatever the machine's locale (LANG=ja_JP.UTF-8 would pick Japanese),
# so the English baselines compare; the Japanese figures are tested with this variable set to "ja"
os.environ["ATTN_TEACH_LANG"] = "en"

import matplotlib  # noqa: E402

matplotlib.use("Agg")


import pytest  # noqa: E402

# -- browser tests ------------------------------------------------------------------------
# Tests marked ``browser`` drive Debian's chromium through playwright. Locally they skip when
# either is missing, and the run ends with one line saying how many and how to install it; in
# CI (``CI`` set) a missing browser is an error, so the tests can never be skipped there.


def chromium_path() -> str | None:
    """The chromium to drive: ``ATTN_TEACH_CHROMIUM`` if set, else the one on PATH or Debian's."""
    import shutil

    if "ATTN_TEACH_CHROMIUM" in os.environ:
        found = os.environ["ATTN_TEACH_CHROMIUM"]
        return found if os.path.exists(found) else None
    return shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


def browser_missing() -> str | None:
    """Why browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright not installed; pip install -e '.[test]'"
    if chromium_path() is None:
        return "chromium not found; `apt-get install chromium fonts-noto-cjk`"
    return None


BROWSER_SKIP = "browser test skipped: "


@pytest.fixture(scope="session")
def chromium() -> str:
    """The chromium executable browser tests drive (they are skipped when there is none)."""
    found = chromium_path()
    if found is None:  # only reached by a test that asks for it without the ``browser`` marker
        pytest.fail("a test that drives chromium must carry @pytest.mark.browser", pytrace=False)
    return found


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    missing = browser_missing() if browser_items else None
    if missing is None:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"browser tests are required in CI: {missing}")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=BROWSER_SKIP + missing))


def pytest_terminal_summary(terminalreporter):
    skipped = [
        r
        for r in terminalreporter.stats.get("skipped", [])
        if isinstance(r.longrepr, tuple) and str(r.longrepr[2]).startswith("Skipped: " + BROWSER_SKIP)
    ]
    if skipped:
        reason = str(skipped[0].longrepr[2]).removeprefix("Skipped: " + BROWSER_SKIP)
        terminalreporter.write_line(f"{len(skipped)} browser tests skipped: {reason}", yellow=True, bold=True)


# -- global state a test must leave as it found it ---------------------------------------
# Tests run in random order (pytest-randomly), so a test that changes process-wide state and
# does not put it back makes some later test pass or fail depending on the order. The guard
# below records that state before each test (and each test module) and fails the test (module)
# that left it changed, naming what changed. Restore with ``monkeypatch`` or try/finally.
# Libraries are only looked at once imported (importing one is not a leak). pytest itself
# restores ``warnings.filters`` around every test, so they are not recorded here.

# matplotlib's documented one-time side effect of the kit: fonts.register() adds the packaged
# Japanese font to the font list once (functools.cache). Done here, before any test, so that
# the font list's length is the same before and after every test.
from attn_teach import fonts  # noqa: E402

fonts.register()


def _loggers() -> dict:
    """Level, handlers, propagation of every logger (pytest's own capture handlers left out)."""
    import logging

    found = {}
    for name, logger in [("root", logging.root), *logging.Logger.manager.loggerDict.items()]:
        if isinstance(logger, logging.Logger):
            handlers = tuple(h for h in logger.handlers if not type(h).__module__.startswith("_pytest"))
            found[name] = (logger.level, handlers, logger.propagate, logger.disabled)
    return found


def _environment() -> dict:
    """The environment variables (encoded, as the process holds them: no decoding per test)."""
    found = dict(getattr(os.environ, "_data", os.environ))
    for name in ("PYTEST_CURRENT_TEST", b"PYTEST_CURRENT_TEST"):  # pytest's own, set for each phase
        found.pop(name, None)
    return found


def global_state() -> dict:
    """What a test must not leave changed, as comparable values (tens of microseconds)."""
    import sys

    state = {
        "os.getcwd()": os.getcwd(),
        "os.environ": _environment(),
        "sys.path": tuple(sys.path),
        "logging": _loggers(),
    }
    mpl = sys.modules.get("matplotlib")
    if mpl is not None:
        # values in key order (the stored values, without the validation getitem does)
        state["matplotlib.rcParams"] = (tuple(dict.keys(mpl.rcParams)), tuple(dict.values(mpl.rcParams)))
        manager = sys.modules.get("matplotlib.font_manager")
        if manager is not None:
            state["matplotlib font list"] = len(manager.fontManager.ttflist)
    i18n = sys.modules.get("attn_teach.i18n")
    if i18n is not None:
        state["attn_teach.i18n language"] = (i18n._process, i18n._caller.get())
    hf_logging = sys.modules.get("transformers.utils.logging")
    if hf_logging is not None:
        state["transformers verbosity"] = hf_logging.get_verbosity()
    torch = sys.modules.get("torch")
    if torch is not None and hasattr(torch, "is_grad_enabled"):
        state["torch settings"] = (torch.is_grad_enabled(), torch.get_default_dtype(), torch.get_num_threads())
    np = sys.modules.get("numpy")
    if np is not None and hasattr(np, "geterr"):
        state["numpy settings"] = (np.geterr(), np.get_printoptions())
    return state


def changed(before: dict, after: dict) -> list[str]:
    """One line per piece of state that differs (pieces only recorded on one side are skipped)."""
    lines = []
    for what, old in before.items():
        if what not in after or after[what] == old:
            continue
        new = after[what]
        if what == "os.environ":
            names = sorted({k for k in old.keys() | new.keys() if old.get(k) != new.get(k)})
            names = [n.decode(errors="replace") if isinstance(n, bytes) else n for n in names]
            lines.append(f"environment variables {', '.join(names)}")
        elif what == "logging":  # loggers created during the test are new, not changed
            names = sorted(n for n in old if n in new and old[n] != new[n])
            if names:
                lines.append(f"logging: level/handlers/propagate of logger(s) {', '.join(names)}")
        elif what == "matplotlib.rcParams":
            keys, values = old
            if keys != new[0]:
                lines.append("matplotlib.rcParams: keys added or removed")
            else:
                names = [k for k, v, w in zip(keys, values, new[1]) if v != w and k != "backend"] or ["backend"]
                lines.append(f"matplotlib.rcParams {', '.join(names)}")
        else:
            lines.append(f"{what}: {old!r} -> {new!r}")
    return lines


def _guard(what: str):
    before = global_state()
    yield
    problems = changed(before, global_state())
    if problems:
        pytest.fail(
            f"{what} left global state changed (restore it: monkeypatch, try/finally):\n  " + "\n  ".join(problems),
            pytrace=False,
        )


@pytest.fixture(autouse=True, scope="module")
def module_leaves_global_state_as_found():
    """A module-scoped fixture must also put back what it changed (checked when the module ends)."""
    yield from _guard("this test module (a module-scoped fixture)")


@pytest.fixture(autouse=True)
def leaves_global_state_as_found():
    """Fails the test that left the process's global state changed (see ``global_state``)."""
    yield from _guard("this test")


@pytest.fixture(autouse=True)
def close_figures(leaves_global_state_as_found):
    """Close every figure a test left open, so figures never pile up across tests
    (before the guard looks: closing a figure is the cleanup, not a leak)."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def bert():
    """tiny-bert-en (``load_model`` keeps embedded models: loaded from disk once per session)."""
    from attn_teach import load_model

    return load_model("tiny-bert-en")


@pytest.fixture
def gpt():
    """tiny-gpt2-ja (``load_model`` keeps embedded models: loaded from disk once per session)."""
    from attn_teach import load_model

    return load_model("tiny-gpt2-ja")


@pytest.fixture
def drawn(monkeypatch):
    """The figures saved during a test, in order (``Figure.savefig`` wrapped to keep each one).

    Lets a test of the command line check what a saved file shows (image arrays, line data,
    titles), not only that a file was written.
    """
    from matplotlib.figure import Figure

    figures = []
    original = Figure.savefig

    def keep(self, *args, **kwargs):
        figures.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    return figures
