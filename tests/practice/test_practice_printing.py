"""What the learner's code prints during a check: the first lines passed through, then how many more."""

from __future__ import annotations

import io

from attn_teach.i18n import use_language
from attn_teach.practice.printing import SHOWN, CappedStream, capped_stdout


def test_the_first_lines_pass_and_the_rest_is_counted():
    out = io.StringIO()
    capped = CappedStream(out, limit=3)
    for i in range(10):
        print("line", i, file=capped)
    capped.write("a\nb")  # the last line without its newline counts too
    assert out.getvalue() == "line 0\nline 1\nline 2\n"
    assert capped.more() == 9


def test_a_flood_of_prints_in_a_check_is_cut_and_said(tmp_path, capsys):
    from practice_driver import check

    def attention_shape(attentions):
        for i in range(20 * SHOWN):
            print("debug line", i)
        _, heads, queries, keys = attentions[0].shape
        return len(attentions), heads, queries, keys

    with use_language("ja"):
        outcome = check(2, attention_shape, workspace=tmp_path)
    out = capsys.readouterr().out.splitlines()
    assert outcome.passed
    assert out[:2] == ["debug line 0", "debug line 1"] and len(out) == SHOWN + 1, len(out)
    assert out[-1] == f"… ほかに{40 * SHOWN - SHOWN}行の出力は表示していません。"  # two cases: the count over both


def test_stdout_is_the_real_one_again_after_the_check():
    import sys

    before = sys.stdout
    with capped_stdout(1):
        print("x")
    assert sys.stdout is before


def test_a_prompt_left_without_its_newline_is_ended_before_the_verdict(monkeypatch, capsys):
    with capped_stdout():
        print("press Enter to continue", end="")  # what input("press Enter to continue") writes
    assert capsys.readouterr().out == "press Enter to continue\n"
    with capped_stdout():
        print("a whole line")
    assert capsys.readouterr().out == "a whole line\n"  # no blank line added after one that ended


def test_outcome_repr_is_short_so_a_notebook_does_not_repeat_the_message():
    from attn_teach.practice.outcome import Outcome

    outcome = Outcome(4, "wrong", "stage 4 (The heatmap): the colormap is viridis", notes=["a note"])
    assert repr(outcome) == "<stage 4: wrong>"
