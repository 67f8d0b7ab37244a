"""The process-wide state a test must leave as it found it, recorded cheaply and compared.

``tests/conftest.py`` records it before and after every test (and every test module) and
fails the one that left it changed; ``tests/test_state_guard.py`` shows that each piece is
seen. A library is only looked at once it is imported (importing one is not a leak).
``warnings.filters`` is not recorded: pytest restores it around every test itself.
"""

from __future__ import annotations

import logging
import os
import sys

# the loggers looked at around every test; every logger is looked at around every test module
NAMED_LOGGERS = ("transformers", "matplotlib", "matplotlib.font_manager", "attn_teach", "huggingface_hub", "torch")


def _loggers(every: bool) -> dict:
    """Level, handlers, propagation of the loggers (pytest's own capture handlers on the root left out)."""
    root = logging.root
    known = logging.Logger.manager.loggerDict
    names = known if every else [name for name in NAMED_LOGGERS if name in known]
    found = {
        name: (logger.level, logger.propagate, logger.disabled, *logger.handlers)
        for name in names
        if type(logger := known[name]) is not logging.PlaceHolder
    }
    handlers = [h for h in root.handlers if not type(h).__module__.startswith("_pytest")]
    found["root"] = (root.level, logging.Logger.manager.disable, *handlers)
    return found


# set by a library the first time it is needed, to a value that does not depend on the test
# (torch's compile cache folder, from its defaults): appearing is not a leak
SET_ONCE = {"TORCHINDUCTOR_CACHE_DIR", b"TORCHINDUCTOR_CACHE_DIR"}


def _environment() -> dict:
    """The environment variables (encoded, as the process holds them: no decoding per test)."""
    found = dict(getattr(os.environ, "_data", os.environ))
    for name in ("PYTEST_CURRENT_TEST", b"PYTEST_CURRENT_TEST"):  # pytest's own, set for each phase
        found.pop(name, None)
    return found


def global_state(every_logger: bool = False) -> dict:
    """What a test must not leave changed, as comparable values.

    0.08 ms (measured at load average 9 on 2 cores); ``every_logger`` adds every logger
    there is (0.3 ms more, for a test module).
    """
    state = {
        "os.getcwd()": os.getcwd(),
        "os.environ": _environment(),
        "sys.path": tuple(sys.path),
        "logging": _loggers(every_logger),
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
            names = sorted({k for k in old.keys() | new.keys() if old.get(k) != new.get(k)} - (SET_ONCE - old.keys()))
            if not names:
                continue
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
