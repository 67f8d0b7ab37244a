"""The learner's code runs where it cannot touch the check: each hostile case gets one plain verdict.

Every test here drives the one runner (:func:`attn_teach.practice.runner.run_stage`,
a fresh forked child per check) with a file a learner could write, and holds the
verdict, the time it took and the files the kit wrote. Stage 5 (a NumPy mean) is the
cheap stage most tests use; its right answer is ``weights[0].mean(axis=0)``.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import subprocess
import sys
import time

import pytest

from attn_teach.practice import runner, solution_source, workspace
from attn_teach.practice.stages import get_stage

RIGHT_5 = "def head_mean(weights):\n    return weights[0].mean(axis=0)\n"


@pytest.fixture(scope="module", autouse=True)
def imported():
    """The imports a check forks after, done once (a direct fork imports them before its first check)."""
    from attn_teach.practice.worker import preload

    preload()


@pytest.fixture
def space(tmp_path):
    folder = tmp_path / "attn_practice"
    workspace.init(folder, "en")
    return folder


def write(space: pathlib.Path, number: int, source: str | bytes) -> None:
    path = space / get_stage(number).file
    path.write_bytes(source if isinstance(source, bytes) else source.encode("utf-8"))


def solve(space: pathlib.Path, number: int) -> str:
    stage = get_stage(number)
    starter = (space / stage.file).read_text(encoding="utf-8")
    source = starter[: starter.index(f"def {stage.function}(")] + solution_source(number)
    write(space, number, source)
    return source


def short(monkeypatch, seconds: float) -> None:
    """Every stage's time limit cut to ``seconds`` (the parent reads it before forking)."""
    real = runner.get_stage

    def cut(number):
        stage = real(number)
        field = "time_limit" if hasattr(stage, "time_limit") else "timeout"
        return dataclasses.replace(stage, **{field: seconds})

    monkeypatch.setattr(runner, "get_stage", cut)


def timed(space, number, **kwargs):
    start = time.monotonic()
    outcome = runner.run_stage(number, workspace=space, **kwargs)
    return outcome, time.monotonic() - start


def test_a_bare_except_loop_is_stopped_at_the_time_limit(space, monkeypatch):
    short(monkeypatch, 1.0)
    write(
        space,
        5,
        "import time\n\ndef head_mean(weights):\n    while True:\n        try:\n"
        "            time.sleep(0.01)\n        except:\n            pass\n",
    )
    outcome, seconds = timed(space, 5)
    assert outcome.status == "error" and "took longer than 1 s" in outcome.message
    assert seconds < 8


def test_an_ignored_sigalrm_does_not_stop_the_time_limit(space, monkeypatch):
    short(monkeypatch, 1.0)
    write(
        space,
        5,
        "import signal\n\ndef head_mean(weights):\n    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
        "    while True:\n        pass\n",
    )
    outcome, seconds = timed(space, 5)
    assert outcome.status == "error" and "took longer than" in outcome.message
    assert seconds < 8


def test_a_loop_at_the_top_of_the_file_is_stopped(space, monkeypatch):
    short(monkeypatch, 1.0)
    write(space, 5, "while True:\n    pass\n\n" + RIGHT_5)
    outcome, _ = timed(space, 5)
    assert outcome.status == "error" and "outside your functions" in outcome.message


def test_a_thread_left_running_does_not_hang_the_check(space):
    """The thread ends with the child: none is left in the checking process to hold its exit."""
    import threading

    write(
        space,
        5,
        "import threading, time\n\ndef head_mean(weights):\n"
        "    threading.Thread(target=lambda: time.sleep(3600), name='learner').start()\n"
        "    return weights[0].mean(axis=0)\n",
    )
    outcome, seconds = timed(space, 5)
    assert outcome.status == "done", outcome.text()
    assert seconds < 20  # well under the stage's limit: the check did not wait for the thread
    assert "learner" not in [t.name for t in threading.enumerate()]


@pytest.mark.parametrize("code", [0, 3])
def test_os_exit_is_not_a_pass(space, code):
    write(space, 5, f"import os\n\ndef head_mean(weights):\n    os._exit({code})\n")
    outcome, _ = timed(space, 5)
    assert outcome.status == "error"
    assert f"exit code {code}" in outcome.message and "os._exit()" in outcome.message


def test_a_signal_that_kills_the_child_is_named(space):
    write(space, 5, "import os, signal\n\ndef head_mean(weights):\n    os.kill(os.getpid(), signal.SIGSEGV)\n")
    outcome, _ = timed(space, 5)
    assert outcome.status == "error" and "SIGSEGV" in outcome.message


def test_a_fork_in_the_learners_code_gives_one_verdict(space, capfd):
    from attn_teach.cli import main

    write(space, 5, "import os\n\ndef head_mean(weights):\n    os.fork()\n    return weights[0].mean(axis=0)\n")
    me = os.getpid()
    code = main(["practice", "check", "5", "--dir", str(space)])
    if os.getpid() != me:  # only on a runner that lets the copy run on: end it before it runs the rest
        os._exit(0)
    assert code == 0
    out = capfd.readouterr().out
    assert out.count("stage 5 (What the reduction does): done") == 1, out
    assert "os.fork" in out  # the note says the extra process was stopped


def test_chdir_does_not_move_the_results(space, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    move = f"    import os\n    os.chdir({str(elsewhere)!r})\n"
    head = "def draw_heatmap(matrix, tokens):\n"
    source = solve(space, 4).replace(head, head + move)
    write(space, 4, source)
    outcome, _ = timed(space, 4)
    assert outcome.status == "done", outcome.text()
    assert (space / runner.RESULTS / "stage_04.png").is_file()
    assert not any(elsewhere.iterdir())
    assert pathlib.Path.cwd() != elsewhere


def test_the_check_starts_from_matplotlibs_settings_as_installed(space):
    """A global setting left by the test process (or an earlier check) never reaches the child."""
    import matplotlib

    write(
        space,
        5,
        "import matplotlib\n\ndef head_mean(weights):\n"
        "    assert matplotlib.rcParams['font.size'] == 10.0, matplotlib.rcParams['font.size']\n"
        "    return weights[0].mean(axis=0)\n",
    )
    with matplotlib.rc_context({"font.size": 31.0}):
        outcome, _ = timed(space, 5)
    assert outcome.status == "done", outcome.text()


@pytest.mark.parametrize(
    ("raise_line", "name"),
    [
        ("raise GeneratorExit", "GeneratorExit"),
        ("raise KeyboardInterrupt", "KeyboardInterrupt"),
        ("raise Weird()", "Weird"),
    ],
)
def test_odd_exceptions_are_plain_messages(space, raise_line, name):
    write(
        space,
        5,
        "class Weird(Exception):\n    def __str__(self):\n        raise ValueError('no text')\n\n"
        f"def head_mean(weights):\n    {raise_line}\n",
    )
    outcome, _ = timed(space, 5)
    assert outcome.status == "error", outcome.text()
    assert name in outcome.message and "Traceback" not in outcome.text()
    assert "interrupted" not in outcome.text().lower()


def test_keyboard_interrupt_raised_by_code_is_not_ctrl_c(space, capsys):
    from attn_teach.cli import main

    write(space, 5, "def head_mean(weights):\n    raise KeyboardInterrupt\n")
    assert main(["practice", "check", "5", "--dir", str(space)]) == 1
    out = capsys.readouterr()
    assert "KeyboardInterrupt" in out.out and "interrupted" not in (out.out + out.err).lower()


def test_a_byte_order_mark_is_read_as_python_reads_it(space):
    write(space, 5, b"\xef\xbb\xbf" + ("# 平均\n" + RIGHT_5).encode("utf-8"))
    outcome, _ = timed(space, 5)
    assert outcome.status == "done", outcome.text()


def test_a_function_object_is_checked_in_a_child(space):
    """practice.check(N, function): a notebook's function, forked from this process; the outcome comes back."""
    import matplotlib.pyplot as plt

    from attn_teach.practice import check

    opened = []

    def head_mean(weights):
        opened.append(plt.figure())  # a figure in the child: never in this process
        return weights[0].mean(axis=0)

    outcome = check(5, head_mean, workspace=space, lang="en")
    assert outcome.passed and outcome.hint is None and "done" in outcome.message
    assert opened == [] and plt.get_fignums() == []


def test_a_notebook_check_speaks_the_workspaces_language(tmp_path, monkeypatch):
    """practice.check() without lang: the language chosen at init, as the CLI and pytest do."""
    from attn_teach.practice import check

    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    workspace.init(tmp_path, "ja")

    def attention_shape(attentions):
        return (4, 4, 9, 9)

    outcome = check(2, attention_shape, workspace=tmp_path, show_figure=False)
    assert outcome.hint == "shape_fixed" and "どの入力にも" in outcome.message, outcome.message


@pytest.fixture
def read_only(space):
    """The workspace made read-only: chattr +i as root (chmod does not stop root), else chmod."""
    solve(space, 4)
    if os.geteuid() == 0:
        made = subprocess.run(["chattr", "+i", str(space)], capture_output=True)
        if made.returncode != 0:
            pytest.skip("chattr +i is not available here, and root writes through chmod")
        yield space
        subprocess.run(["chattr", "-i", str(space)], check=True)
    else:
        space.chmod(0o555)
        yield space
        space.chmod(0o755)


def test_a_read_only_workspace_says_so(read_only):
    outcome, _ = timed(read_only, 4)
    assert outcome.status == "error"
    assert "cannot be written to" in outcome.message and str(read_only) in outcome.message


def test_torch_runs_in_a_child_forked_after_this_process_ran_torch(space, monkeypatch):
    """A notebook that ran a model has OpenMP threads; a child forked from it must still run torch (no hang)."""
    import torch

    x = torch.rand(1500, 1500)
    (x @ x).sum()  # starts this process's OpenMP pool
    short(monkeypatch, 30.0)
    write(
        space,
        5,
        "import torch\n\ndef head_mean(weights):\n    z = torch.rand(1500, 1500)\n"
        "    (z @ z).sum()\n    return torch.from_numpy(weights[0]).mean(dim=0).numpy()\n",
    )
    outcome, _ = timed(space, 5)
    assert outcome.status == "done", outcome.text()


def test_the_random_bert_leaves_no_folder_behind(tmp_path):
    """Stage 1's random BERT is saved in a temporary folder: gone when its process ends, whoever made it."""
    code = "from attn_teach.practice.inputs import random_bert_folder as f; print(f())"
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    made = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=120
    )
    folder = pathlib.Path(made.stdout.strip())
    assert folder.parent == tmp_path, made.stdout  # it was made where TMPDIR says
    assert not folder.exists(), f"{folder} was left behind"
