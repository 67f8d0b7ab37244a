"""The docs' check scripts (``docs/check_*.py``, ``tools/*.py``) loaded as modules for their tests."""

from __future__ import annotations

import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load(name: str, folder: str = "docs"):
    """The script ``<folder>/<name>.py`` as a module (kept in ``sys.modules`` for its dataclasses)."""
    spec = importlib.util.spec_from_file_location(f"{folder}_{name}", ROOT / folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
