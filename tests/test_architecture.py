"""The package's shape: imports flow one way, module names are not function names, no backend switching."""

from __future__ import annotations

import ast
import dataclasses
import pathlib

import attn_teach
import attn_teach.views

PACKAGE = pathlib.Path(attn_teach.__file__).parent


def _modules() -> dict[str, pathlib.Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if "lessons" in parts:  # the lessons are the package's readers, not part of the flow
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


@dataclasses.dataclass(frozen=True)
class Imported:
    """One name an import statement binds: ``import module as bound``, ``from module import name as bound``."""

    module: str
    name: str | None  # None for ``import module``
    bound: str  # the name the importing file uses

    @property
    def full(self) -> str:
        return f"{self.module}.{self.name}" if self.name else self.module


def imports_in(tree: ast.AST, *, skip_type_checking: bool = False) -> list[Imported]:
    """Every absolute import anywhere in ``tree`` (inside functions too), optionally not those under
    ``if TYPE_CHECKING``: the one walk the rules below read imports with."""
    skipped = (
        {id(n) for block in ast.walk(tree) if _is_type_checking(block) for n in ast.walk(block)}
        if skip_type_checking
        else set()
    )
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [Imported(alias.name, None, alias.asname or alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [Imported(node.module, alias.name, alias.asname or alias.name) for alias in node.names]
    return found


def _imports(path: pathlib.Path, modules: dict[str, pathlib.Path]) -> set[str]:
    """The package modules ``path`` imports, anywhere in the file, except under ``if TYPE_CHECKING``."""
    out = set()
    for imported in imports_in(ast.parse(path.read_text(encoding="utf-8")), skip_type_checking=True):
        # ``from package import module`` imports the module; ``from module import name``, the module
        out.add(imported.full if imported.name and imported.full in modules else imported.module)
    return {m for m in out if m in modules}


def test_no_import_circle():
    """No module reaches itself through imports (the package's __init__ files re-export, and are left out)."""
    modules = _modules()
    faces = {"attn_teach", "attn_teach.views", "attn_teach.models"}
    graph = {name: _imports(path, modules) - faces for name, path in modules.items() if name not in faces}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and (seen.add(nxt) or reaches(nxt, goal, seen))):
                return True
        return False

    circles = sorted(name for name in graph if reaches(name, name, set()))
    assert circles == []


def test_library_modules_do_not_import_the_package_face():
    """Inside the package (the command line aside), imports name the module, never a re-exporting __init__."""
    modules = _modules()
    offenders = sorted(
        name
        for name, path in modules.items()
        if name not in ("attn_teach", "attn_teach.views", "attn_teach.__main__", "attn_teach.cli")
        and {"attn_teach", "attn_teach.views"} & _imports(path, modules)
    )
    assert offenders == []


def test_no_view_module_is_named_like_a_function():
    import importlib

    for name in dir(attn_teach.views):
        value = getattr(attn_teach.views, name)
        if callable(value) and not isinstance(value, type):
            try:
                module = importlib.import_module(f"attn_teach.views.{name}")
            except ModuleNotFoundError:
                continue
            raise AssertionError(f"attn_teach.views.{name} is both a function and the module {module.__name__}")


def test_only_the_command_line_chooses_the_backend():
    users = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "matplotlib.use(" in path.read_text(encoding="utf-8")
    )
    assert users == ["cli.py"]


def private_imports(path: pathlib.Path, own: str) -> list[str]:
    """Private names (``_x``) that the module ``own`` at ``path`` takes from another room.

    Both ``from attn_teach.x import _name`` and ``x._name`` on a module of the package
    imported under the name ``x`` count.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found, aliases = [], {}
    for imported in imports_in(tree):
        if not imported.module.startswith("attn_teach"):
            continue
        aliases[imported.bound] = imported.full
        private = (imported.name or "").startswith("_") and not (imported.name or "").startswith("__")
        if private and _room(imported.module) != _room(own):
            found.append(imported.full)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and _room(aliases[node.value.id]) != _room(own)
        ):
            found.append(f"{aliases[node.value.id]}.{node.attr}")
    return sorted(set(found))


def test_no_private_name_is_imported_across_rooms():
    """A room's private names are its own: another room uses its public functions (the CLI calls models.hub's)."""
    offenders = {name: found for name, path in _modules().items() if (found := private_imports(path, name))}
    assert offenders == {}


def test_the_private_import_check_sees_both_forms(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(
        "from attn_teach.models.hub import _causes, offline\nfrom attn_teach import models\n"
        "from attn_teach.cli import _fail\nmodels._offline()\n",
        encoding="utf-8",
    )
    assert private_imports(planted, "attn_teach.cli") == ["attn_teach.models._offline", "attn_teach.models.hub._causes"]
    assert private_imports(planted, "attn_teach.models.loading") == ["attn_teach.cli._fail"]


# -- the house rules written into files ---------------------------------------------------------

LONG = 300  # lines: past this a module says at its top why it stays one module
TESTS = pathlib.Path(__file__).resolve().parent
ROOMS = {  # the package's rooms and the test folder that mirrors each
    "attn_teach.models": "models",
    "attn_teach.views": "views",
    "attn_teach.interactive": "interactive",
    "attn_teach.practice": "practice",
    "attn_teach.embedded": "models",
    "attn_teach.cli": "cli",
    "attn_teach.__main__": "cli",
    "attn_teach.terminal": "cli",
    "attn_teach.view_registry": "views",
    "attn_teach.reproduce": "cli",
    "attn_teach.lesson": "lessons",
    "attn_teach.logged": "lessons",
    "attn_teach.text": "lessons",  # helpers the lessons use
}


# modules exercised only through another module's tests, and the test file that does it (checked to exist)
THROUGH = {
    "attn_teach.interactive.jupyter": ("interactive/test_interactive_jupyter.py", "runs at import in a real kernel"),
    "attn_teach.models.folder": ("models/test_loading_checks.py", "the folder checks behind load_model"),
    "attn_teach.models.hub": ("cli/test_cli.py", "attn-teach models / download, offline"),
    "attn_teach.models.loaded": ("models/test_models.py", "the value load_model returns"),
    "attn_teach.practice.isolate": ("practice/test_practice_isolation.py", "the child process behind run_stage"),
    "attn_teach.practice.pytest_plugin": ("practice/test_practice_verdict.py", "pytest in a workspace"),
    "attn_teach.practice.refresh": (
        "practice/test_practice.py",
        "redraws the shipped baselines the checks compare with",
    ),
    "attn_teach.views.build": ("views/test_views.py", "draw_matrix behind every heatmap view"),
    "attn_teach.views.panels": ("views/test_views.py", "the panels of grid, heads and rollout views"),
    "attn_teach.views.three_d": ("lessons/test_lessons.py", "lesson 10's figures, image-tested"),
}


def _room(module: str) -> str:
    for prefix, folder in sorted(ROOMS.items(), key=lambda item: -len(item[0])):
        if module == prefix or module.startswith(prefix + "."):
            return folder
    return "core"


def _defined_in(module: str, name: str) -> str:
    """The module that defines ``module.name`` (a re-exported function, class or module)."""
    import importlib

    try:
        value = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return f"{module}.{name}"
    return getattr(value, "__module__", None) or getattr(value, "__name__", f"{module}.{name}")


def _names_imported(path: pathlib.Path) -> set[str]:
    """Modules and names a test file imports, with the module that defines a name re-exported by a package face."""
    names = set()
    for imported in imports_in(ast.parse(path.read_text(encoding="utf-8"))):
        names |= {imported.module, imported.full}
        if imported.name:
            names.add(_defined_in(imported.module, imported.name))  # through a package face
    return names


def test_no_module_is_long_without_saying_why():
    """A module over ~300 lines says at its top why it stays whole ("Why one module ...")."""
    long = {}
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > LONG and "Why one module" not in (ast.get_docstring(ast.parse(text)) or ""):
            long[name] = text.count("\n")
    assert long == {}, f"over {LONG} lines with no reason at the top: {long}"


def test_tests_mirror_the_rooms_and_every_module_is_imported_by_its_rooms_tests():
    """tests/<room>/ exists for every room, and some test there imports each module of the room."""
    modules = _modules()
    imported: dict[str, set[str]] = {}
    for path in TESTS.rglob("*.py"):
        if path.parent == TESTS:
            continue
        names = _names_imported(path)
        if "attn_teach.cli" in names or '"-m", "attn_teach"' in path.read_text(encoding="utf-8"):
            names.add("attn_teach.__main__")  # `python -m attn_teach` runs it
        imported.setdefault(path.parent.name, set()).update(names)
    untested = sorted(
        name
        for name in modules
        if not name.endswith("__init__")
        and name not in ("attn_teach", "attn_teach.errors")
        and not any(
            imported_name == name or imported_name.startswith(name + ".")
            for imported_name in imported.get(_room(name), set())
        )
    )
    untested = [name for name in untested if name not in THROUGH]
    assert untested == [], f"modules that no test in their room's folder imports: {untested}"
    missing = {name: test for name, (test, _) in THROUGH.items() if not (TESTS / test).is_file()}
    assert missing == {}, f"the tests named as exercising these modules are gone: {missing}"
