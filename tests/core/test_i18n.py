"""i18n: the language choice, and catalogues that are complete, current and consistent."""

from __future__ import annotations

import ast
import gettext
import pathlib
import shutil
import string
import subprocess

import pytest

from attn_teach import i18n
from attn_teach.errors import AttnTeachError

PO_FILES = sorted(i18n.LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("ATTN_TEACH_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    i18n.set_language(None)
    yield monkeypatch
    i18n.set_language(None)


def test_language_order(clean_env):
    assert i18n.get_language() == "en"
    clean_env.setenv("LANG", "ja_JP.UTF-8")
    assert i18n.get_language() == "ja"
    clean_env.setenv("LC_ALL", "C.UTF-8")  # LC_ALL comes before LANG
    assert i18n.get_language() == "en"
    clean_env.setenv("ATTN_TEACH_LANG", "ja")
    assert i18n.get_language() == "ja"
    i18n.set_language("en")
    assert i18n.get_language() == "en"
    with i18n.use_language("ja"):
        assert i18n.gettext("The heatmap", domain="practice") == "ヒートマップ"
    assert i18n.get_language() == "en"
    assert i18n.gettext("The heatmap", domain="practice") == "The heatmap"
    assert i18n._("The heatmap", domain="practice", lang="ja") == "ヒートマップ"


def test_unknown_language_is_one_clear_error(clean_env):
    with pytest.raises(AttnTeachError, match="unknown language 'fr'; use one of en, ja"):
        i18n.set_language("fr")


def test_catalogues_exist_for_every_domain():
    assert {(p.parent.parent.name, p.stem) for p in PO_FILES} == {("ja", d) for d in i18n.DOMAINS}


def _entries(po: pathlib.Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of each entry, read with the compiled-free logic of a small .po parser."""
    entries, current, fuzzy, field = [], {}, False, None
    for line in po.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if "msgid" in current and current["msgid"]:
                entries.append((current["msgid"], current.get("msgstr", ""), fuzzy))
            current, fuzzy, field = {}, False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith(("msgid ", "msgstr ")):
            field, rest = line.split(" ", 1)
            current[field] = ast.literal_eval(rest)
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
    return entries


@pytest.mark.parametrize("po", PO_FILES, ids=[p.stem for p in PO_FILES])
def test_every_message_is_translated_and_none_is_fuzzy(po):
    entries = _entries(po)
    assert entries
    assert [m for m, s, f in entries if not s.strip()] == []
    assert [m for m, s, f in entries if f] == []


@pytest.mark.parametrize("po", PO_FILES, ids=[p.stem for p in PO_FILES])
def test_translations_keep_the_placeholders(po):
    def fields(text):
        # the set of names: a translation may reorder a placeholder or repeat it ("{last}行目と{last}列目"),
        # but must keep every one (or a number goes missing) and invent none (or .format() fails)
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}

    for msgid, msgstr, _ in _entries(po):
        if "%(" in msgid:
            assert "%(default)s" in msgstr
        else:
            assert fields(msgid) == fields(msgstr), msgid


@msgfmt
@pytest.mark.parametrize("po", PO_FILES, ids=[p.stem for p in PO_FILES])
def test_compiled_catalogue_is_current(po, tmp_path):
    """The committed .mo equals what msgfmt makes of the .po now (rebuild: msgfmt -o X.mo X.po)."""
    fresh = tmp_path / "fresh.mo"
    run = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(fresh), str(po)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "fuzzy" not in run.stderr and "untranslated" not in run.stderr, run.stderr
    committed = po.with_suffix(".mo")
    with open(committed, "rb") as a, open(fresh, "rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            f"{committed.name} is out of date: run msgfmt -o {committed} {po}"
        )


def _used_messages() -> dict[str, set[str]]:
    """Messages the code passes to gettext, by domain: practice's N_/tr, and _ (domain attn_teach)."""
    used: dict[str, set[str]] = {d: set() for d in i18n.DOMAINS}
    package = pathlib.Path(i18n.__file__).parent
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            domain = {"N_": "practice", "tr": "practice", "_": "attn_teach"}.get(name)
            if domain and isinstance(node.args[0].value, str):
                used[domain].add(node.args[0].value)
    return used


def test_every_message_in_the_code_has_a_translation():
    used = _used_messages()
    assert used["practice"] and used["attn_teach"]
    for domain, messages in used.items():
        catalogue = {m for m, _, _ in _entries(i18n.LOCALE_DIR / "ja" / "LC_MESSAGES" / f"{domain}.po")}
        assert sorted(messages - catalogue) == [], f"add these to {domain}.po"


def test_use_language_is_per_caller_and_leaves_the_process_default(clean_env):
    """160 blocks from 8 threads, each in its own language, all inside their blocks at once: every
    block sees its own language, and the process is still English afterwards (a process-wide
    ``use_language`` let 66 to 88 of 160 blocks see another thread's language)."""
    import threading

    threads, rounds = 8, 20
    barrier = threading.Barrier(threads)
    wrong: list[tuple[int, int, str]] = []

    def blocks(t: int) -> None:
        for r in range(rounds):
            lang = "ja" if (t + r) % 2 else "en"
            with i18n.use_language(lang):
                barrier.wait()  # every thread is inside its block now
                seen = i18n.get_language()
                heatmap = i18n.gettext("The heatmap", domain="practice")
                barrier.wait()
            if seen != lang or heatmap != {"en": "The heatmap", "ja": "ヒートマップ"}[lang]:
                wrong.append((t, r, seen))

    workers = [threading.Thread(target=blocks, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len(wrong) == 0, f"{len(wrong)} of {threads * rounds} blocks saw another language: {wrong[:5]}"
    assert i18n.get_language() == "en"
    assert i18n._process is None


def test_use_language_does_not_reach_a_new_thread_or_the_default(clean_env):
    import threading

    seen = []
    with i18n.use_language("ja"):
        worker = threading.Thread(target=lambda: seen.append(i18n.get_language()))
        worker.start()
        worker.join()
        assert i18n.get_language() == "ja"
    assert seen == ["en"]  # a thread started inside the block begins with the process default
    i18n.set_language("ja")
    with i18n.use_language("en"):
        assert i18n.get_language() == "en"  # the caller's choice comes before the process default
    assert i18n.get_language() == "ja"


@pytest.mark.parametrize(
    "value, expected", [("ja_JP.UTF-8", "ja"), ("JA", "ja"), ("ja-JP", "ja"), ("en_US.UTF-8", "en"), ("en", "en")]
)
def test_attn_teach_lang_takes_the_language_part_of_a_locale_name(clean_env, value, expected):
    clean_env.setenv("ATTN_TEACH_LANG", value)
    clean_env.setenv("LANG", "ja_JP.UTF-8" if expected == "en" else "C")  # must not decide
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert i18n.get_language() == expected


def test_an_unknown_attn_teach_lang_warns_once_and_shows_english(clean_env):
    clean_env.setenv("ATTN_TEACH_LANG", "xx-unknown-1")
    clean_env.setenv("LANG", "ja_JP.UTF-8")  # ATTN_TEACH_LANG, though unknown, still decides
    with pytest.warns(i18n.LanguageWarning) as caught:
        assert i18n.get_language() == "en"
        assert i18n.get_language() == "en"
        assert i18n.gettext("The heatmap", domain="practice") == "The heatmap"
    assert [str(w.message) for w in caught] == [
        "ATTN_TEACH_LANG='xx-unknown-1' is not a language this kit knows (en, ja); showing English"
    ]


# -- extraction, per domain, as pyproject.toml configures it -----------------------------------

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _extraction() -> dict:
    import tomllib

    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["attn_teach"]["catalogues"]


def _extracted(domain: str) -> set[tuple[str | None, str]]:
    """``(msgctxt, msgid)`` of every message Babel finds in the domain's paths with its keywords (pyproject.toml)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    config = _extraction()[domain]
    found = set()
    for path in config["paths"]:
        for _file, _line, message, _comments, context in extract_from_dir(
            ROOT / path,
            method_map=[("**.py", "python")],
            keywords={k: DEFAULT_KEYWORDS.get(k) for k in config["keywords"]},  # pgettext: (1, "c"), 2
        ):
            found.add((context, message if isinstance(message, str) else message[0]))
    return found


def _template_ids(path: pathlib.Path) -> set[tuple[str | None, str]]:
    from babel.messages.pofile import read_po

    with open(path, "rb") as f:
        return {(m.context, m.id) for m in read_po(f) if m.id}


@pytest.mark.parametrize("domain", i18n.DOMAINS)
def test_each_domain_has_extraction_config_and_a_current_template(domain):
    """pyproject.toml names each domain's keywords and paths; the committed .pot is what they extract,
    and every extracted message has a Japanese entry (regenerate: the pybabel commands in pyproject.toml)."""
    pytest.importorskip("babel")
    assert set(_extraction()) == set(i18n.DOMAINS)
    extracted = _extracted(domain)
    assert extracted
    template = ROOT / _extraction()[domain]["template"]
    assert sorted(extracted ^ _template_ids(template), key=str) == [], f"{template.name} is out of date"
    catalogue = _template_ids(i18n.LOCALE_DIR / "ja" / "LC_MESSAGES" / f"{domain}.po")
    assert sorted(extracted - catalogue, key=str) == [], f"add these to ja/{domain}.po"


# -- no bare English message anywhere in the package (a deny-list, not an allow-list) -----------

# files whose printed lines are not for learners, and why
NOT_FOR_LEARNERS = {
    "embedded/train.py": "trains the embedded models (python -m attn_teach.embedded.train); its progress lines "
    "are for the kit's maintainers, who read English",
}
# bare English messages known and not yet converted, by file: how many; a new one fails the test
KNOWN_UNTRANSLATED = {
    "practice/__init__.py": 2,  # the lesson is not installed / has no function (AttnTeachError f-strings)
    "practice/stages.py": 1,  # there is no stage {number}
    "practice/workspace.py": 1,  # {folder} is a file
}


def test_no_bare_english_message_anywhere_in_the_package():
    """Every .py of the package (the command line, views, practice, ...), not a chosen list: no
    AttnTeachError or print() of a bare English literal, no _() at import time."""
    from message_scan import untranslated

    package = pathlib.Path(i18n.__file__).parent
    found = {}
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        if name in NOT_FOR_LEARNERS:
            continue
        lines = untranslated(path.read_text(encoding="utf-8"), prints=True)
        if lines:
            found[name] = lines
    assert all((package / name).is_file() for name in [*NOT_FOR_LEARNERS, *KNOWN_UNTRANSLATED])
    new = {name: lines for name, lines in found.items() if len(lines) > KNOWN_UNTRANSLATED.get(name, 0)}
    assert new == {}, "bare English messages: put them through _() (file: line numbers)"


def test_a_command_run_inside_a_program_leaves_the_process_default_alone(tmp_path, monkeypatch):
    """`attn-teach practice ... --lang ja` called through cli.main (a test, a notebook) must not leave
    the whole process in Japanese: later figures would come out in the wrong language."""
    from attn_teach import cli

    monkeypatch.delenv("ATTN_TEACH_LANG", raising=False)
    monkeypatch.setenv("LANG", "C")
    before = i18n.get_language()
    assert cli.main(["practice", "init", str(tmp_path / "ws"), "--lang", "ja"]) == 0
    assert i18n.get_language() == before
    with i18n.process_language("ja"):
        assert i18n.get_language() == "ja"
    assert i18n.get_language() == before
