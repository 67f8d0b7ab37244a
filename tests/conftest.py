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

# One torch thread in each xdist worker: the workers already take every core (-n auto), and torch's
# own pool (a thread per core) in each of them puts twice as many threads as cores to work, which
# OpenMP's waiting threads turn into stalls on a busy machine (tests/models and tests/core on 2
# cores: 57-63 s with one thread, 63-157 s without, measured alternately). Lessons and commands the
# tests start inherit it.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["OMP_NUM_THREADS"] = "1"

# figures into files, as in CI: the practice CLI sets this variable for the processes it starts,
# so a test that calls it in the test process would otherwise leave it changed
os.environ.setdefault("MPLBACKEND", "Agg")

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


# Chromium's arguments for every browser test: no sandbox (CI runs as root), no GPU, nothing
# started in the background that would reach the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser(chromium):
    """One headless chromium for the session, shared by every browser test of every folder (playwright's
    sync API runs one event loop per thread: a second one started beside it would refuse to start);
    each test opens its own context or page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


# -- spreading the tests over the workers (tests/spread.py) --------------------------------
from spread import group_by_shared_fixture, heavy_first  # noqa: E402


class _HeavyFirst:
    @pytest.hookimpl(trylast=True)  # after pytest-randomly has shuffled the tests
    def pytest_collection_modifyitems(self, items):
        heavy_first(items)


def pytest_configure(config):
    config.pluginmanager.register(_HeavyFirst(), "attn-teach-heavy-first")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups in the worker
def pytest_collection_modifyitems(config, items):
    group_by_shared_fixture(items)
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


from state_guard import changed, global_state  # noqa: E402

_LEAKED_IN: set[str] = set()  # modules whose leak a test was already failed for


def _guard(what: str, module: str, *, is_module: bool):
    before = global_state(every_logger=is_module)
    yield
    problems = changed(before, global_state(every_logger=is_module))
    if problems and not (is_module and module in _LEAKED_IN):  # one report per leak
        _LEAKED_IN.add(module)
        pytest.fail(
            f"{what} left global state changed (restore it: monkeypatch, try/finally):\n  " + "\n  ".join(problems),
            pytrace=False,
        )


@pytest.fixture(autouse=True, scope="module")
def module_leaves_global_state_as_found(request):
    """A module-scoped fixture must also put back what it changed (checked when the module ends)."""
    yield from _guard("this test module (a module-scoped fixture)", str(request.path), is_module=True)


@pytest.fixture(autouse=True)
def leaves_global_state_as_found(request):
    """Fails the test that left the process's global state changed (see ``global_state``)."""
    yield from _guard("this test", str(request.path), is_module=False)


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
