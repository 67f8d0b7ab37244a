"""Practice messages that name the mistake a learner made, driven in this process on their own files.

Each test is a mistake a learner trial made, whose verdict was right but whose words
pointed elsewhere (another mistake, a generic difference, an off-by-one count).
"""

from __future__ import annotations

import pathlib

import matplotlib.pyplot as plt
from practice_driver import check
from practice_wrong import IMPORTS, heatmap, lines

from attn_teach.practice.stages import get_stage


def run_source(folder: pathlib.Path, number: int, source: str, *, imports: str = IMPORTS):
    (folder / get_stage(number).file).write_text(imports + source, encoding="utf-8")
    return check(number, workspace=folder)


def test_a_latin_1_file_names_the_bad_byte_counting_from_1(tmp_path):
    (tmp_path / get_stage(2).file).write_bytes(b"# caf\xe9\n")  # the 6th byte
    outcome = check(2, workspace=tmp_path)
    assert "byte 6, counting from 1," in outcome.message, outcome.message


def test_returning_the_axes_says_return_the_figure_and_no_figure_left_open(tmp_path):
    for returned, got in (("ax", "returned Axes (its Figure is its .figure);"), ("None", "returned None;")):
        outcome = run_source(tmp_path, 4, heatmap(4, returned=returned))
        assert outcome.hint == "no_figure" and got in outcome.message, outcome.message
        assert outcome.notes == []  # the figure left open is the learner's own: no "other figure" note
    assert plt.get_fignums() == []


def test_a_reversed_legend_is_said_to_be_in_the_wrong_order(tmp_path):
    source = lines(legend="ax.legend(tokens[::-1])").replace('line.set_label(f"to {token}")', "pass")
    outcome = run_source(tmp_path, 6, source)
    assert outcome.hint == "legend_order" and "wrong order" in outcome.message, outcome.message


def test_numbers_without_ha_and_va_are_said_not_centred(tmp_path):
    source = heatmap(9).replace('ha="center", va="center", ', "")
    outcome = run_source(tmp_path, 9, source)
    assert outcome.hint == "annotations_not_centred", outcome.message
    assert 'ha="center", va="center"' in outcome.message and "no number" not in outcome.message


def test_a_wrong_number_format_does_not_speak_of_x_and_y(tmp_path):
    outcome = run_source(tmp_path, 9, heatmap(9).replace(":.2f}", ":.1f}"))
    assert outcome.hint == "annotations_wrong" and "reads '1.0'" in outcome.message, outcome.message
    assert "x (the column) first" not in outcome.message


def test_japanese_messages_speak_japanese_and_end_their_sentences():
    from attn_teach import i18n
    from attn_teach.practice.hints import HINTS, tr
    from attn_teach.practice.inputs import BATCH_LABEL

    with i18n.use_language("ja"):
        said = {
            "sys.exit": tr("sys.exit() stops the check; return the result from {function} instead", function="f"),
            "next tip": tr("run `attn-teach practice hint {n}` again for the next tip", n=1),
            "utf-8": tr(
                "{file} is not saved as UTF-8 (byte {position}, counting from 1, is not UTF-8): save it again "
                "with the encoding UTF-8 in your editor",
                file="a.py",
                position=6,
            ),
            "numbers": tr(HINTS["numbers_differ"], diff=0.1),
            "batch": tr(HINTS["batch_mean"], case=BATCH_LABEL, batch=2),
            "rotation": tr(HINTS["label_not_rotated"]),
            "clipped": tr(HINTS["clipped_colours"], vmin=0, vmax=0.1, low=0, high=0.5),
            "shape": tr(HINTS["shape_wrong"], got=(1, 4, 7, 7), expected=(1, 4, 9, 9)),
        }
    for name, text in said.items():
        assert text.endswith("。"), (name, text)
        assert "(batch, head" not in text and "random BERT" not in text, (name, text)
    assert said["rotation"].startswith("x軸の目盛りのラベルが回転していません。")
    assert "正しい形は (1, 4, 9, 9) です" in said["shape"]
    assert (
        "vmin と vmax は指定しないでください（指定するなら、すべての重みが収まる範囲にしてください）。"
        in said["clipped"]
    )


def test_a_subprocess_is_named_in_the_workspaces_language(tmp_path, capfd):
    from attn_teach.cli import main
    from attn_teach.practice import workspace

    workspace.init(tmp_path, "ja")
    (tmp_path / get_stage(5).file).write_text(
        "import subprocess\n\n\ndef head_mean(weights):\n"
        '    subprocess.Popen(["sleep", "30"])\n    return weights.mean(axis=1)[0]\n',
        encoding="utf-8",
    )
    capfd.readouterr()
    assert main(["practice", "check", "5", "--dir", str(tmp_path)]) == 0
    out = capfd.readouterr().out
    assert "ステージ5（平均で何をしているのか）：完了" in out and "サブプロセス" in out, out


def test_global_settings_message_names_the_setting_and_the_way_for_one_figure():
    """A colormap set globally is not told to set fonts; the setting is named, with cmap= and rc_context."""
    from attn_teach.practice.hints import HINTS, WHERE_MODULE, tr

    text = tr(HINTS["global_rc"], where=WHERE_MODULE, names="image.cmap")
    assert "(image.cmap)" in text and "cmap= in imshow" in text and "plt.rc_context" in text
    assert "font" not in text


def test_stage_8_starter_makes_its_axes_inside_the_font_list(tmp_path):
    """Tick labels keep the font of their axes' making: the starter's plt.subplots is inside its `with`."""
    from attn_teach.practice.workspace import files

    starter = files("en")[get_stage(8).file]
    lines = starter.splitlines()
    with_line = next(i for i, line in enumerate(lines) if line.startswith("    with plt.rc_context("))
    assert lines[with_line + 1].startswith("        fig, ax = plt.subplots(")
    assert "no Japanese font yet" in lines[with_line]
