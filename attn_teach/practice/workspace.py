"""The learner's workspace: one exercise file per stage, the pytest glue, and a small state file.

:func:`init` writes only the files that are missing, each atomically, and never
touches a file that is there (the learner's work). The state file
(``.attn_practice.json``) keeps the language chosen at ``init``, how many tips of
each stage were shown, and the stages given up on.
"""

from __future__ import annotations

import io
import json
import pathlib
import re
import textwrap
import tokenize

from attn_teach.errors import AttnTeachError
from attn_teach.files import atomic_write
from attn_teach.i18n import get_language, use_language
from attn_teach.practice.hints import tr
from attn_teach.practice.stages import STAGES, Stage

DEFAULT_DIR = "attn_practice"
STATE = ".attn_practice.json"

PYTEST_INI = """\
[pytest]
# the practice checks, in stage order; written by `attn-teach practice init`
addopts = -q -p no:randomly -p no:cacheprovider -rf --tb=short
python_files = test_practice.py
"""

CONFTEST = '''\
"""Loads the practice checks (written by `attn-teach practice init`)."""

pytest_plugins = ["attn_teach.practice.pytest_plugin"]
'''

TEST_FILE = '''\
"""Checks every stage in order and stops at the first one not done (written by `attn-teach practice init`)."""

import pytest

from attn_teach.practice.pytest_plugin import STAGE_NUMBERS, check_stage


@pytest.mark.parametrize("stage", STAGE_NUMBERS)
def test_stage(stage):
    check_stage(stage, __file__)
'''


def wrap(text: str, width: int = 88) -> str:
    """Lines for a docstring: English at ``width`` columns; Japanese (no spaces to break at) one sentence a line."""
    if any(ord(c) >= 0x3000 for c in text):
        return "\n".join(line.strip() for line in text.replace("。", "。\n").splitlines() if line.strip())
    sentences = re.split(r"(?<=\.) (?=[A-Z])", text) if "`attn-teach" in text else [text]  # commands whole
    return "\n".join(textwrap.fill(s, width, break_long_words=False, break_on_hyphens=False) for s in sentences)


def starter_source(stage: Stage) -> str:
    """The exercise file of ``stage`` in the current language: the task in its docstring, a stub to fill in."""
    task = wrap(tr(stage.task))
    footer = tr("Check it: `pytest` in this folder, or `attn-teach practice check {n}`. Stuck? "
                "`attn-teach practice hint {n}`.", n=stage.number)
    todo = tr("your code here")
    head = tr("Stage {number}: {title}", number=stage.number, title=tr(stage.title))
    imports = stage.imports + "\n\n" if stage.imports else "\n"
    return (f'"""{head}\n\n{task}\n\n{wrap(footer)}\n"""\n\n'
            f"{imports}def {stage.function}({stage.params}):\n"
            + stage.body.replace("{todo}", todo).replace("{style}", tr("the kit's fonts and sizes")) +
            f"    raise NotImplementedError(\"stage {stage.number}\")\n")


def files(lang: str | None = None) -> dict[str, str]:
    """Every file a workspace holds, by name, with its content."""
    with use_language(lang):
        out = {stage.file: starter_source(stage) for stage in STAGES}
    out.update({"pytest.ini": PYTEST_INI, "conftest.py": CONFTEST, "test_practice.py": TEST_FILE})
    return out


def init(folder: str | pathlib.Path = DEFAULT_DIR, lang: str | None = None) -> tuple[list[str], list[str]]:
    """Create or complete a workspace; return (files written, files left as they were)."""
    folder = pathlib.Path(folder)
    if folder.exists() and not folder.is_dir():
        raise AttnTeachError(f"{folder} is a file; give a folder name for the practice workspace")
    folder.mkdir(parents=True, exist_ok=True)
    lang = lang or get_language()
    written, kept = [], []
    for name, content in files(lang).items():
        path = folder / name
        if path.exists():
            kept.append(name)
            continue
        try:
            atomic_write(path, content.encode("utf-8"))
        except AttnTeachError:  # appeared meanwhile: it is the learner's now
            kept.append(name)
            continue
        written.append(name)
    state = load_state(folder)
    state.setdefault("lang", lang)
    save_state(folder, state)
    return written, kept


def read_source(path: pathlib.Path) -> str:
    """A Python file's text as Python reads it: a UTF-8 byte-order mark or a ``coding:`` line is honoured.

    Raises :class:`UnicodeDecodeError` when the bytes are not in that encoding.
    """
    raw = pathlib.Path(path).read_bytes()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError:  # an unknown coding line: compile() says so in its own words
        encoding = "utf-8"
    return raw.decode(encoding)


def is_workspace(folder: pathlib.Path) -> bool:
    return (pathlib.Path(folder) / STATE).is_file() or (pathlib.Path(folder) / "test_practice.py").is_file()


def find_workspace(folder: str | pathlib.Path | None = None) -> pathlib.Path:
    """The workspace at ``folder`` (default: here, or ``attn_practice/`` below here), with a clear error."""
    candidates = [pathlib.Path(folder)] if folder else [pathlib.Path("."), pathlib.Path(DEFAULT_DIR)]
    for candidate in candidates:
        if is_workspace(candidate):
            return candidate
    raise AttnTeachError(tr("no practice workspace in {folder}: run `attn-teach practice init` first, or go into "
                            "the workspace folder (or give --dir)", folder=candidates[0].resolve()))


def load_state(folder: pathlib.Path) -> dict:
    path = pathlib.Path(folder) / STATE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def save_state(folder: pathlib.Path, state: dict) -> None:
    text = json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    atomic_write(pathlib.Path(folder) / STATE, text.encode("utf-8"), force=True)
