"""A figure stage's later inputs in a grandchild beside the first (:mod:`attn_teach.practice.beside`):
the same verdict as one process gives, whatever the learner's code does on the later input.

Each test runs the one runner without the worker (a fork of this process, as a notebook's
check is), with an idle processor assumed so that the grandchild is used. Stage 4 (the
heatmap) is the cheap figure stage; ``SECOND`` marks the learner's second call.
"""

from __future__ import annotations

import re

import pytest
from practice_driver import check

from attn_teach.practice import beside, runner, solution_source, workspace
from attn_teach.practice.printing import SHOWN
from attn_teach.practice.stages import get_stage

HEAD = "import matplotlib.pyplot as plt\nfrom attn_teach.views.style import style\n\nCALLS = []\n\n"


@pytest.fixture(scope="module", autouse=True)
def imported():
    from attn_teach.practice.worker import preload

    preload()


@pytest.fixture
def space(tmp_path, monkeypatch):
    monkeypatch.setattr(beside, "core_free", lambda: True)  # the forked child inherits it
    folder = tmp_path / "attn_practice"
    workspace.init(folder, "en")
    return folder


def learner(first_lines: str) -> str:
    """Stage 4's reference with ``first_lines`` at the top of its body (``SECOND``: the second call)."""
    source = solution_source(4)
    head, body = source.split(":\n", 1)
    lines = "    CALLS.append(1)\n    SECOND = len(CALLS) == 2\n" + "".join(
        f"    {line}\n" for line in first_lines.splitlines()
    )
    return HEAD + head + ":\n" + lines + body


def run(space, source: str, *, capfd=None):
    (space / get_stage(4).file).write_text(source, encoding="utf-8")
    outcome = runner.run_stage(4, workspace=space, worker=False)
    return outcome, (capfd.readouterr().out if capfd is not None else "")


def pids(out: str) -> list[str]:
    return re.findall(r"^pid (\d+)$", out, flags=re.M)


def test_the_second_input_is_drawn_beside_the_first_with_the_same_verdict(space, capfd):
    outcome, out = run(space, learner("import os\nprint('pid', os.getpid())"), capfd=capfd)
    assert outcome.status == "done", outcome.text()
    assert "the same as the reference figure" in " ".join(outcome.notes)
    first, second = pids(out)
    assert first != second  # the second call ran in the grandchild


def test_no_idle_processor_keeps_both_inputs_in_one_process(space, capfd, monkeypatch):
    monkeypatch.setattr(beside, "core_free", lambda: False)
    outcome, out = run(space, learner("import os\nprint('pid', os.getpid())"), capfd=capfd)
    assert outcome.status == "done", outcome.text()
    first, second = pids(out)
    assert first == second


def test_a_thread_left_running_keeps_both_inputs_in_one_process(space, capfd):
    source = learner(
        "import os, threading, time\nprint('pid', os.getpid())\n"
        "threading.Thread(target=lambda: time.sleep(3600), daemon=True).start()"
    )
    outcome, out = run(space, source, capfd=capfd)
    assert outcome.status == "done", outcome.text()
    first, second = pids(out)
    assert first == second  # a fork would copy the process without its thread


def test_prints_of_both_inputs_keep_their_order_and_their_cap(space, capfd):
    count = SHOWN * 3 // 4  # each call prints this many lines: the cap falls inside the second call's
    outcome, out = run(
        space, learner(f"for i in range({count}):\n    print('call', len(CALLS), 'line', i)"), capfd=capfd
    )
    assert outcome.status == "done", outcome.text()
    lines = out.splitlines()
    shown = [line for line in lines if line.startswith("call ")]
    expected = [f"call 1 line {i}" for i in range(count)] + [f"call 2 line {i}" for i in range(SHOWN - count)]
    assert shown == expected
    assert f"… {2 * count - SHOWN} more printed lines not shown" in out


@pytest.mark.parametrize("code", [0, 3])
def test_os_exit_on_the_second_input_ends_the_check_as_in_one_process(space, code):
    outcome, _ = run(space, learner(f"import os\nif SECOND:\n    os._exit({code})"))
    assert outcome.status == "error"
    assert f"exit code {code}" in outcome.message and "os._exit()" in outcome.message


def test_a_signal_on_the_second_input_is_named(space):
    outcome, _ = run(space, learner("import os, signal\nif SECOND:\n    os.kill(os.getpid(), signal.SIGSEGV)"))
    assert outcome.status == "error" and "SIGSEGV" in outcome.message, outcome.text()


def test_a_fork_on_the_second_input_is_said(space):
    outcome, _ = run(space, learner("import os\nif SECOND:\n    os.fork()"))
    assert outcome.status == "done", outcome.text()
    assert any("os.fork" in note for note in outcome.notes), outcome.notes


def test_settings_changed_on_the_second_input_are_reported_as_in_one_process(space, tmp_path):
    source = learner("if SECOND:\n    plt.rcParams['lines.linewidth'] = 3")
    outcome, _ = run(space, source)
    (tmp_path / get_stage(4).file).write_text(source, encoding="utf-8")
    alone = check(4, workspace=tmp_path)  # one process, in this one
    assert outcome.hint == alone.hint == "global_rc", (outcome.text(), alone.text())
    assert outcome.message == alone.message


def test_a_finding_on_the_second_input_is_the_same_beside(space, tmp_path):
    source = learner("if SECOND:\n    matrix = matrix.T")
    outcome, _ = run(space, source)
    (tmp_path / get_stage(4).file).write_text(source, encoding="utf-8")
    alone = check(4, workspace=tmp_path)
    assert outcome.status == alone.status == "wrong" and outcome.hint == alone.hint, (outcome.text(), alone.text())
    assert outcome.notes == alone.notes and any("second input" in note for note in outcome.notes)
