"""The workspace's state file and language: a damaged file is one note and a backup, the language is chosen once."""

from __future__ import annotations

import json

import pytest

from attn_teach.cli import main
from attn_teach.i18n import set_language
from attn_teach.practice import workspace
from attn_teach.practice.workspace import STATE


@pytest.fixture(autouse=True)
def environment_language(monkeypatch):
    for name in ("ATTN_TEACH_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    yield
    set_language(None)


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[1, 2]",
        '{"tips": [], "gave_up": 5, "lang": 3}',
        '{"tips": {"4": "two", "x": 1}, "gave_up": ["4", 99]}',
        '{"tips": {"4": -1}, "gave_up": {"a": 1}}',
        "\x00\xff",
    ],
)
def test_a_damaged_state_file_is_one_note_and_a_backup(tmp_path, capsys, content):
    main(["practice", "init", str(tmp_path), "--lang", "en"])
    capsys.readouterr()
    (tmp_path / STATE).write_bytes(content.encode("latin-1"))
    assert main(["practice", "hint", "4", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert "tip 1/" in out.out and "Traceback" not in out.out + out.err
    assert out.err.count("\n") == 1 and STATE in out.err and f"{STATE}.bak" in out.err
    assert (tmp_path / f"{STATE}.bak").read_bytes() == content.encode("latin-1")
    state = json.loads((tmp_path / STATE).read_text(encoding="utf-8"))  # rebuilt, and the hint counted
    assert state["tips"] == {"4": 1}
    assert main(["practice", "solution", "4", "--give-up", "--dir", str(tmp_path)]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_a_right_state_file_is_kept_without_a_note(tmp_path, capsys):
    workspace.init(tmp_path, "ja")
    (tmp_path / STATE).write_text('{"version": 2, "lang": "ja", "tips": {"4": 2}, "gave_up": [5]}')
    assert workspace.load_state(tmp_path) == {"lang": "ja", "tips": {"4": 2}, "gave_up": [5]}
    assert capsys.readouterr().err == "" and not (tmp_path / f"{STATE}.bak").exists()


def test_without_lang_the_workspace_follows_the_environment_at_each_run(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "C")
    main(["practice", "init", str(tmp_path)])
    assert "lang" not in json.loads((tmp_path / STATE).read_text(encoding="utf-8"))
    capsys.readouterr()
    monkeypatch.setenv("ATTN_TEACH_LANG", "ja")
    main(["practice", "hint", "4", "--dir", str(tmp_path)])
    assert "ステージ4" in capsys.readouterr().out
    monkeypatch.setenv("ATTN_TEACH_LANG", "en")
    main(["practice", "hint", "4", "--dir", str(tmp_path)])
    assert "for stage 4" in capsys.readouterr().out


def test_an_older_state_with_lang_en_follows_the_environment(tmp_path, capsys, monkeypatch):
    """Earlier versions saved "en" at init under the C locale though nobody chose it."""
    workspace.init(tmp_path)
    (tmp_path / STATE).write_text('{"lang": "en"}')
    monkeypatch.setenv("ATTN_TEACH_LANG", "ja")
    main(["practice", "hint", "4", "--dir", str(tmp_path)])
    out = capsys.readouterr()
    assert "ステージ4" in out.out and out.err == ""


def test_init_never_replaces_a_chosen_language(tmp_path, capsys, monkeypatch):
    main(["practice", "init", str(tmp_path), "--lang", "ja"])
    main(["practice", "init", str(tmp_path), "--lang", "en"])
    assert "keeps the language" in capsys.readouterr().err
    main(["practice", "init", str(tmp_path)])
    assert json.loads((tmp_path / STATE).read_text(encoding="utf-8"))["lang"] == "ja"
    monkeypatch.setenv("ATTN_TEACH_LANG", "en")
    main(["practice", "hint", "4", "--dir", str(tmp_path)])
    assert "ステージ4" in capsys.readouterr().out  # the choice beats the environment
    main(["practice", "hint", "4", "--dir", str(tmp_path), "--lang", "en"])
    assert "for stage 4" in capsys.readouterr().out  # and --lang beats the choice, for that command


def test_init_brings_the_kits_own_unchanged_files_up_to_date(tmp_path):
    workspace.init(tmp_path, "en")
    old = next(iter(workspace.OLD_KIT_FILES))
    (tmp_path / "conftest.py").write_text(old, encoding="utf-8")
    (tmp_path / "test_practice.py").write_text("# mine\n", encoding="utf-8")
    written, kept = workspace.init(tmp_path, "en")
    assert "conftest.py" in written and "test_practice.py" in kept
    conftest = (tmp_path / "conftest.py").read_text(encoding="utf-8")
    assert conftest == workspace.CONFTEST + workspace.LANGUAGE_LINE.format(lang="en")  # the language kept there too


def test_a_deleted_state_file_keeps_the_chosen_language(tmp_path, capsys):
    main(["practice", "init", str(tmp_path), "--lang", "ja"])
    (tmp_path / STATE).unlink()  # the learner's code can: it runs in the workspace
    capsys.readouterr()
    assert main(["practice", "hint", "4", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert "ヒント 1/" in out.out or "ヒント" in out.out, out.out
    assert json.loads((tmp_path / STATE).read_text(encoding="utf-8"))["lang"] == "ja"  # made again


def test_a_damaged_state_file_is_said_in_the_workspaces_language(tmp_path, capsys):
    main(["practice", "init", str(tmp_path), "--lang", "ja"])
    (tmp_path / STATE).write_text("{not json", encoding="utf-8")
    capsys.readouterr()
    assert main(["practice", "hint", "4", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert out.err.startswith("補足: ") and "ファイル全体" in out.err, out.err
    assert "ヒント" in out.out, out.out


def test_a_folder_in_place_of_the_state_file_is_said(tmp_path, capsys):
    main(["practice", "init", str(tmp_path), "--lang", "ja"])
    (tmp_path / STATE).unlink()
    (tmp_path / STATE).mkdir()
    capsys.readouterr()
    assert main(["practice", "hint", "4", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert out.err.startswith("補足: ") and STATE in out.err and "フォルダー" in out.err, out.err
    assert "ヒント" in out.out


def test_no_such_stage_is_said_in_the_workspaces_language(tmp_path, capsys):
    main(["practice", "init", str(tmp_path), "--lang", "ja"])
    capsys.readouterr()
    assert main(["practice", "check", "12", "--dir", str(tmp_path)]) == 2
    assert "ステージ12はありません" in capsys.readouterr().err
