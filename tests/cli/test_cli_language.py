"""The command line and the kit's errors speak the learner's language (gettext domain attn_teach).

A scan of the source holds that no message of the converted files is a bare English literal,
and runs of ``attn_teach.cli.main`` under Japanese show Japanese text (English runs are held
byte for byte by the other tests of the command line, which pin ATTN_TEACH_LANG=en).
"""

from __future__ import annotations

import pathlib

import pytest
from message_scan import untranslated

from attn_teach import cli, i18n

PACKAGE = pathlib.Path(i18n.__file__).parent
# files whose every AttnTeachError message (and, for the files in PRINTS, every printed line) goes through _()
CONVERTED = (
    "cli.py",
    "attention.py",
    "extract.py",
    "models/names.py",
    "models/folder.py",
    "models/hub.py",
    "models/loading.py",
    "models/cache.py",
    "models/count.py",
    "files.py",
    "limits.py",
    "reproduce.py",
    "lesson.py",
    "reduce.py",
    "interactive/page.py",
    "interactive/format.py",
    "view_registry.py",
    "contributions.py",
)
PRINTS = ("cli.py", "reproduce.py")


@pytest.mark.parametrize("name", CONVERTED)
def test_no_bare_english_message_in_converted_files(name):
    source = (PACKAGE / name).read_text(encoding="utf-8")
    assert untranslated(source, prints=name in PRINTS) == []


def test_the_scan_catches_a_planted_bare_message():
    source = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    planted = source.replace(
        'raise AttnTeachError(_("{path} is a folder; give a file name").format(path=path))',
        'raise AttnTeachError(f"{path} is a folder; give a file name")',
    )
    assert planted != source
    assert len(untranslated(planted, prints=True)) == 1
    assert untranslated('print("done")\ndef f():\n    print(_("done"))\n', prints=True) == [1]
    assert untranslated('raise AttnTeachError("a {x}".format(x=1))\n', prints=False) == [1]
    assert untranslated('MESSAGE = _("done")\n', prints=False) == [1]  # translated at import time
    numbers = 'def f():\n    print(f"{_(\'total\')}  {n:>7}")\n    print(f"total  {n:>7}")\n'
    assert untranslated(numbers, prints=True) == [3]  # translated words and numbers pass, English does not


@pytest.fixture
def japanese(monkeypatch):
    monkeypatch.setenv("ATTN_TEACH_LANG", "ja")
    i18n.set_language(None)
    yield
    i18n.set_language(None)


def test_layer_out_of_range_in_japanese(japanese, tmp_path, capsys):
    code = cli.main(["plot", "I love it", "--layer", "9", "-o", str(tmp_path / "a.png")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(
        "attn-teach: エラー: 層9は範囲外です。tiny-bert-enの層は4個です。0〜3か-4〜-1を指定してください\n"
    ), err
    assert not (tmp_path / "a.png").exists()


def test_existing_output_file_in_japanese(japanese, tmp_path, capsys):
    out = tmp_path / "a.npz"
    out.write_bytes(b"mine")
    assert cli.main(["extract", "I love it", "-o", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"attn-teach: エラー: {out} はすでにあります。別の名前にするか、置き換えるなら --force を付けてください\n"
    )
    assert out.read_bytes() == b"mine"


def test_done_line_and_summary_in_japanese(tmp_path, capsys):
    out = tmp_path / "a.npz"
    with i18n.use_language("ja"):
        assert cli.main(["extract", "I love it", "--layers", "-1", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "重みの形 (1, 4, 6, 6)（層、ヘッド、クエリ、キー）" in captured.out
    assert captured.err.startswith("完了（") and captured.err.endswith("秒）\n") and " 秒" not in captured.err, (
        captured.err
    )
    # the same run in English is unchanged (the language is chosen when the line is printed)
    assert cli.main(["extract", "I love it", "--layers", "-1", "-o", str(tmp_path / "b.npz")]) == 0
    captured = capsys.readouterr()
    assert "weights (1, 4, 6, 6) (layer, head, query, key)" in captured.out
    assert captured.err.startswith("done in ") and captured.err.endswith(" s\n")


def test_help_is_translated_when_the_parser_is_built():
    with i18n.use_language("ja"):
        japanese = cli.build_parser()
    english = cli.build_parser()

    def extract_help(parser):
        return parser._subparsers._group_actions[0].choices["extract"].format_help()

    assert "出力ファイルがあれば置き換える" in extract_help(japanese)
    assert "replace the output file if it exists" in extract_help(english)


def test_library_errors_are_translated_when_raised(bert):
    from attn_teach import extract
    from attn_teach.errors import AttnTeachError

    attention = extract("I love it", bert, layers=[-1])
    with i18n.use_language("ja"), pytest.raises(AttnTeachError, match="ヘッド7は範囲外です"):
        attention.head_index(7)
    english = r"^head 7 is out of range: the model has 4 heads; use 0\.\.3 or -4\.\.-1$"
    with pytest.raises(AttnTeachError, match=english):
        attention.head_index(7)


def test_reproduce_table_pads_by_terminal_columns():
    from attn_teach.reproduce import _ljust

    assert _ljust("total", 7) == "total  " == f"{'total':<7}"  # English as before
    assert _ljust("合計", 7) == "合計   "  # two characters, four columns


# -- the top-level --lang, honoured by every subcommand ----------------------------------------------
def test_top_level_lang_chooses_the_language_of_a_refusal(tmp_path, capsys, monkeypatch):
    out = tmp_path / "a.npz"
    out.write_bytes(b"mine")
    assert cli.main(["--lang", "ja", "extract", "I love it", "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith("attn-teach: エラー: ")
    monkeypatch.setenv("ATTN_TEACH_LANG", "ja")  # the option wins over the environment
    assert cli.main(["--lang=en", "extract", "I love it", "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith(f"attn-teach: error: {out} already exists")
    assert i18n.get_language() == "ja"  # and is not left behind after the command


def test_top_level_lang_chooses_the_language_of_the_help(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--lang", "ja", "extract", "--help"])
    assert "出力ファイルがあれば置き換える" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["--lang", "xx", "models"])  # refused by argparse, in the default language
    assert "invalid choice: 'xx'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["models", "download tiny-gpt2-ja", "practice hint 1"])
def test_top_level_lang_reaches_every_subcommand(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    cli.main(["--lang", "ja", *command.split()])
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert any("\u3040" <= c <= "\u30ff" for c in said), said  # kana: Japanese, not English
    cli.main(["--lang", "en", *command.split()])
    captured = capsys.readouterr()
    assert not any("\u3040" <= c <= "\u30ff" for c in captured.out + captured.err)
