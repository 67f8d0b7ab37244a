"""The warm worker: a fresh child per check through it too, one worker per workspace, gone when idle.

A worker takes seconds to start (it imports torch and transformers), so one worker
serves the module's workspace; the idle test starts its own with a short idle time.
"""

from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import sys
import threading
import time

import pytest
from practice_driver import gone
from practice_wrong import FONT_NOT_REGISTERED

from attn_teach.practice import runner, worker, workspace
from attn_teach.practice.stages import get_stage

RIGHT_5 = "def head_mean(weights):\n    return weights[0].mean(axis=0)\n"
LEAVES_A_MESS = (
    "import os, matplotlib\nmatplotlib.rcParams['font.size'] = 31.0\nos.chdir('/')\n\n"
    "def head_mean(weights):\n    return weights[0].mean(axis=0)\n"
)
EXPECTS_NO_MESS = (
    "import os, matplotlib\n\ndef head_mean(weights):\n"
    "    assert matplotlib.rcParams['font.size'] == 10.0, 'settings leaked'\n"
    "    assert os.getcwd() == {folder!r}, os.getcwd()\n"
    "    return weights[0].mean(axis=0)\n"
)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A workspace with its worker running (started by a first check)."""
    folder = tmp_path_factory.mktemp("served") / "attn_practice"
    workspace.init(folder, "en")
    (folder / get_stage(5).file).write_text(RIGHT_5, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("ATTN_TEACH_WORKER", "1")
    mp.setenv("ATTN_TEACH_LANG", "en")
    outcome = runner.run_stage(5, workspace=folder)
    assert outcome.passed, outcome.text()
    assert worker.ping(folder) is not None, "the first check did not leave a worker running"
    yield folder
    worker.stop(folder)
    mp.undo()


def check(folder: pathlib.Path, number: int, source: str, **kwargs):
    (folder / get_stage(number).file).write_text(source, encoding="utf-8")
    return runner.run_stage(number, workspace=folder, worker=True, **kwargs)


LEAVES_TEMP_FILES = (
    "import tempfile\n\ndef head_mean(weights):\n    open(tempfile.mkstemp(prefix='learner-')[1], 'w').write('x')\n"
    "    print('TEMP', tempfile.mkdtemp(prefix='learner-'))\n    return weights[0].mean(axis=0)\n"
)


def test_the_warm_up_leaves_fonts_as_installed(served):
    """The worker drew with the kit's Japanese font to warm up; a check that never registers it still misses it."""
    (served / get_stage(4).file).write_text(RIGHT_5, encoding="utf-8")  # any file: the warm-up runs after a check
    outcome = check(served, 8, FONT_NOT_REGISTERED)
    assert outcome.status == "wrong" and outcome.hint == "missing_glyph", outcome.text()


def test_a_checks_temporary_files_go_with_it(served, capfd):
    assert check(served, 5, LEAVES_TEMP_FILES).passed
    made = pathlib.Path(capfd.readouterr().out.split("TEMP ", 1)[1].split()[0])
    assert made.name.startswith("learner-") and not made.parent.exists(), made


def test_each_check_through_the_worker_starts_clean(served):
    pid = worker.ping(served)["pid"]
    assert check(served, 5, LEAVES_A_MESS).passed
    outcome = check(served, 5, EXPECTS_NO_MESS.format(folder=str(served.resolve())))
    assert outcome.passed, outcome.text()
    assert worker.ping(served)["pid"] == pid  # the same worker served both, without a restart


def test_the_worker_kills_a_check_at_its_limit_and_serves_on(served):
    pid = worker.ping(served)["pid"]
    start = time.monotonic()
    outcome = check(
        served,
        5,
        "def head_mean(weights):\n    while True:\n        try:\n            pass\n        except:\n            pass\n",
        limit=1.0,
    )
    assert outcome.status == "error" and "took longer than 1 s" in outcome.message
    assert time.monotonic() - start < 10
    assert check(served, 5, RIGHT_5).passed and worker.ping(served)["pid"] == pid


def test_os_exit_and_fork_through_the_worker(served, capfd):
    outcome = check(served, 5, "import os\n\ndef head_mean(weights):\n    os._exit(0)\n")
    assert outcome.status == "error" and "os._exit()" in outcome.message
    outcome = check(
        served,
        5,
        "import os\n\ndef head_mean(weights):\n    os.fork()\n"
        "    print('learner print')\n    return weights[0].mean(axis=0)\n",
    )
    assert outcome.passed and "os.fork" in outcome.text()
    out = capfd.readouterr().out  # the learner's prints reach the caller's stdout, from the one child that counts
    assert out.count("learner print") >= 1


def test_two_checks_at_once(served):
    (served / get_stage(5).file).write_text(RIGHT_5, encoding="utf-8")
    (served / get_stage(2).file).write_text("def attention_shape(attentions):\n    return None\n", encoding="utf-8")
    results = {}

    def run(number):
        results[number] = runner.run_stage(number, workspace=served, worker=True)

    threads = [threading.Thread(target=run, args=(n,)) for n in (5, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert results[5].passed and results[2].status == "wrong", {k: v.text() for k, v in results.items()}


def test_a_new_check_process_uses_the_running_worker(served):
    pid = worker.ping(served)["pid"]
    (served / get_stage(5).file).write_text(RIGHT_5, encoding="utf-8")
    env = {**os.environ, "ATTN_TEACH_WORKER": "1", "ATTN_TEACH_LANG": "en"}
    run = subprocess.run(
        [sys.executable, "-m", "attn_teach", "practice", "check", "5", "--dir", str(served)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0 and "done" in run.stdout, run.stdout + run.stderr
    assert worker.ping(served)["pid"] == pid


def test_a_stale_socket_is_replaced_and_the_worker_ends_when_idle(tmp_path, monkeypatch):
    folder = tmp_path / "attn_practice"
    workspace.init(folder, "en")
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(folder / worker.SOCKET))  # a socket file nobody listens on: a worker that died
    stale.close()
    monkeypatch.setenv("ATTN_TEACH_WORKER_IDLE", "5")
    monkeypatch.setenv("ATTN_TEACH_LANG", "en")
    (folder / get_stage(5).file).write_text(RIGHT_5, encoding="utf-8")
    assert runner.run_stage(5, workspace=folder, worker=True).passed
    info = worker.ping(folder)
    assert info is not None
    assert gone(info["pid"], 60), "the worker did not end when idle"
    assert not (folder / worker.SOCKET).exists()
