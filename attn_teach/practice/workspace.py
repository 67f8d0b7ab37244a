"""The learner's workspace: one exercise file per stage, the pytest glue, and a small state file.

:func:`init` writes only the files that are missing, each atomically, and never
touches a file that is there (the learner's work). The state file
(``.attn_practice.json``) keeps the language chosen at ``init``, how many tips of
each stage were shown, the stages given up on, and the stages whose note was said
(once per workspace).
"""

from __future__ import annotations

import io
import json
import pathlib
import re
import sys
import textwrap
import tokenize

from attn_teach.errors import AttnTeachError
from attn_teach.files import atomic_write
from attn_teach.i18n import LANGUAGES, N_, get_language, use_language
from attn_teach.practice.hints import tr
from attn_teach.practice.stages import NUMBERS, STAGES, Stage

DEFAULT_DIR = "attn_practice"
STATE = ".attn_practice.json"
STATE_VERSION = 2  # 2: "lang" is saved only when the learner chose it

PYTEST_INI = """\
[pytest]
# the practice checks, in stage order; written by `attn-teach practice init`
addopts = -q -p no:randomly -p no:cacheprovider -rf --tb=short
python_files = test_practice.py
"""

CONFTEST = '''\
"""Loads the practice checks (written by `attn-teach practice init`)."""

from attn_teach.practice.pytest_plugin import *  # noqa: F403 - its hooks, whichever folder pytest starts in
'''

LANGUAGE_LINE = "# attn-teach practice: the language chosen at init, kept here too: {lang}\n"
LANGUAGE_RE = re.compile(r"^# attn-teach practice: the language chosen at init, kept here too: ([a-z]+)$", re.M)

KIT_FILES = ("pytest.ini", "conftest.py", "test_practice.py")  # the kit's own files: replaced while unchanged
OLD_KIT_FILES = {  # earlier versions of them, which `init` brings up to date
    '''\
"""Loads the practice checks (written by `attn-teach practice init`)."""

pytest_plugins = ["attn_teach.practice.pytest_plugin"]
''',
}

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
    footer = tr(
        "Check it: `pytest` in this folder, or `attn-teach practice check {n}`. Stuck? `attn-teach practice hint {n}`.",
        n=stage.number,
    )
    todo = tr("your code here")
    head = tr("Stage {number}: {title}", number=stage.number, title=tr(stage.title))
    imports = stage.imports + "\n\n" if stage.imports else "\n"
    return (
        f'"""{head}\n\n{task}\n\n{wrap(footer)}\n"""\n\n'
        f"{imports}def {stage.function}({stage.params}):\n"
        + stage.body.replace("{todo}", todo)
        .replace("{style}", tr("the kit's fonts and sizes"))
        .replace("{font}", tr("the figure's font list: it has no Japanese font yet"))
        + f'    raise NotImplementedError("stage {stage.number}")\n'
    )


def files(lang: str | None = None, chosen: str | None = None) -> dict[str, str]:
    """Every file a workspace holds, by name, with its content; ``chosen`` (``--lang``) is kept in conftest.py."""
    with use_language(lang):
        out = {stage.file: starter_source(stage) for stage in STAGES}
    conftest = CONFTEST + (LANGUAGE_LINE.format(lang=chosen) if chosen else "")
    out.update({"pytest.ini": PYTEST_INI, "conftest.py": conftest, "test_practice.py": TEST_FILE})
    return out


def recorded_language(folder: pathlib.Path) -> str | None:
    """The language chosen at init as conftest.py keeps it: the state file may be lost (the learner's code can)."""
    try:
        found = LANGUAGE_RE.search((pathlib.Path(folder) / "conftest.py").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    return found.group(1) if found and found.group(1) in LANGUAGES else None


def init(folder: str | pathlib.Path = DEFAULT_DIR, lang: str | None = None) -> tuple[list[str], list[str]]:
    """Create or complete a workspace; return (files written, files left as they were).

    ``lang`` is the learner's choice (``--lang``): saved, and never replaced by a later
    ``init``. Without it the files are written in the current language and the workspace
    follows ``ATTN_TEACH_LANG`` or the locale at each run.
    """
    folder = pathlib.Path(folder)
    if folder.exists() and not folder.is_dir():
        raise AttnTeachError(f"{folder} is a file; give a folder name for the practice workspace")
    folder.mkdir(parents=True, exist_ok=True)
    state = load_state(folder)
    saved = state.get("lang")
    written, kept = [], []
    chosen = saved or lang
    for name, content in files(chosen or get_language(), chosen).items():
        path = folder / name
        older = OLD_KIT_FILES | ({CONFTEST} if name == "conftest.py" else set())  # conftest.py: the language added
        if path.exists() and not (name in KIT_FILES and path.read_text(encoding="utf-8") in older - {content}):
            kept.append(name)
            continue
        try:
            atomic_write(path, content.encode("utf-8"), force=path.exists())
        except AttnTeachError:  # appeared meanwhile: it is the learner's now
            kept.append(name)
            continue
        written.append(name)
    if lang is not None and saved is None:
        state["lang"] = lang
    elif lang is not None and saved != lang:
        print(
            tr(
                "note: this workspace keeps the language chosen when it was made ({saved}); give --lang {lang} to "
                "a command to use {lang} for that command",
                saved=saved,
                lang=lang,
            ),
            file=sys.stderr,
        )
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
    raise AttnTeachError(
        tr(
            "no practice workspace in {folder}: run `attn-teach practice init` first, or go into "
            "the workspace folder (or give --dir)",
            folder=candidates[0].resolve(),
        )
    )


def _clean(raw) -> tuple[dict, list[str]]:
    """The state in ``raw`` with every value checked, and the names of the fields that were not right."""
    if not isinstance(raw, dict):
        return {}, ["the file"]
    state: dict = {}
    bad: list[str] = []
    lang = raw.get("lang")
    if lang in LANGUAGES:
        if raw.get("version") == STATE_VERSION or lang != "en":  # an older init saved "en" for no choice at all
            state["lang"] = lang
    elif lang is not None:
        bad.append("lang")
    tips = raw.get("tips", {})
    if isinstance(tips, dict):
        state["tips"] = {
            k: v
            for k, v in tips.items()
            if k in {str(n) for n in NUMBERS} and isinstance(v, int) and not isinstance(v, bool) and v >= 0
        }
        if len(state["tips"]) != len(tips):
            bad.append("tips")
    else:
        bad.append("tips")
    for field in ("gave_up", "noted"):  # stages given up on; stages whose note was said
        numbers = raw.get(field, [])
        if isinstance(numbers, list):
            state[field] = [n for n in numbers if isinstance(n, int) and not isinstance(n, bool) and n in NUMBERS]
            if len(state[field]) != len(numbers):
                bad.append(field)
        else:
            bad.append(field)
    return {k: v for k, v in state.items() if v or k == "lang"}, bad


def load_state(folder: pathlib.Path) -> dict:
    """The workspace's state; a damaged or hand-edited file is set aside (a backup) and rebuilt, with one note.

    A lost file is made again with the language conftest.py keeps; notes are said in the
    workspace's language.
    """
    path = pathlib.Path(folder) / STATE
    recorded = recorded_language(folder)
    if path.is_dir():
        with use_language(recorded):
            print(
                tr(
                    "note: {file} is a folder, not the kit's state file: the kit cannot keep the tips shown or "
                    "the stages given up on until you remove that folder",
                    file=STATE,
                ),
                file=sys.stderr,
            )
        return {"lang": recorded} if recorded else {}
    try:
        raw_bytes = path.read_bytes()
    except OSError:
        if recorded is None:
            return {}
        state = {"lang": recorded}
        try:
            save_state(folder, state)  # lost (deleted by the learner's code, say): the language comes back
        except (OSError, AttnTeachError):
            pass
        return state
    try:
        raw = json.loads(raw_bytes.decode("utf-8"))
    except ValueError:
        raw = None
    state, bad = _clean(raw) if raw is not None else ({}, ["the file"])
    if bad:
        if recorded and "lang" not in state:
            state["lang"] = recorded
        backup = path.with_name(STATE + ".bak")
        try:
            atomic_write(backup, raw_bytes, force=True)
            save_state(folder, state)
        except (OSError, AttnTeachError):
            pass  # a read-only workspace: use the rebuilt state for this run only
        with use_language(state.get("lang")):
            print(
                tr(
                    "note: {file} could not be read as it was ({fields}); a copy is in {backup}, and the kit uses "
                    "what was right in it",
                    file=STATE,
                    fields=", ".join(tr(FIELDS.get(b, b)) for b in bad),
                    backup=backup.name,
                ),
                file=sys.stderr,
            )
    return state


FIELDS = {  # the parts of the state file a note names
    "the file": N_("the whole file"),
    "lang": N_("the language"),
    "tips": N_("the tips shown"),
    "gave_up": N_("the stages given up on"),
    "noted": N_("the notes said"),
}


def save_state(folder: pathlib.Path, state: dict) -> None:
    state = {**_clean({**state, "version": STATE_VERSION})[0], "version": STATE_VERSION}
    text = json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if (pathlib.Path(folder) / STATE).is_dir():  # said once by load_state: nothing can be kept
        return
    atomic_write(pathlib.Path(folder) / STATE, text.encode("utf-8"), force=True)
