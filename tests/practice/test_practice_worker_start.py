"""How a check reaches a worker: never a direct fork because a worker was changing hands.

A check falls back to a fork of its own process only where no worker can run. These
tests hold the two ways a running worker used to push a check there: another name
for the same interpreter (``python`` and ``python3`` in one venv: ``python -m pytest``
after ``attn-teach practice check``) looked like another kit, and a check that arrived
while a worker made way for a changed kit was answered "stale" again by the old one.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import threading
import time

import pytest
from practice_driver import gone

import attn_teach
from attn_teach.practice import runner, worker, workspace
from attn_teach.practice.stages import get_stage

RIGHT_5 = "def head_mean(weights):\n    return weights[0].mean(axis=0)\n"
SLOW_5 = "import time\n\ndef head_mean(weights):\n    time.sleep(6)\n    return weights[0].mean(axis=0)\n"
PROBE = "from attn_teach.practice import worker; print(worker.fingerprint())"


def _other_name_of_this_interpreter() -> str | None:
    here = pathlib.Path(sys.executable)
    for name in ("python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}"):
        other = here.with_name(name)
        if other != here and other.exists() and os.path.realpath(other) == os.path.realpath(here):
            return str(other)
    return None


def test_one_interpreter_under_two_names_is_one_kit():
    other = _other_name_of_this_interpreter()
    if other is None:
        pytest.skip("this interpreter has no second name in its folder")
    prints = [
        subprocess.run([exe, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120).stdout.strip()
        for exe in (sys.executable, other)
    ]
    assert prints[0] == prints[1], f"{sys.executable} and {other} would each start their own worker"


@pytest.mark.heavy
def test_a_check_while_the_worker_makes_way_for_a_changed_kit_reaches_the_new_worker(tmp_path, monkeypatch):
    package = pathlib.Path(attn_teach.__file__).parent / "practice" / "outcome.py"
    if not os.access(package, os.W_OK):
        pytest.skip("the kit's files cannot be touched here")
    folder = tmp_path / "attn_practice"
    workspace.init(folder, "en")
    monkeypatch.setenv("ATTN_TEACH_WORKER", "1")
    monkeypatch.setenv("ATTN_TEACH_LANG", "en")
    (folder / get_stage(5).file).write_text(SLOW_5, encoding="utf-8")
    (folder / get_stage(2).file).write_text("def attention_shape(attentions):\n    return None\n", encoding="utf-8")
    assert worker.request(folder, 2, limit=60, lang="en") is not None  # starts the worker
    old = worker.ping(folder)["pid"]
    slow: dict = {}
    thread = threading.Thread(target=lambda: slow.update(outcome=runner.run_stage(5, workspace=folder, worker=True)))
    thread.start()
    end = time.monotonic() + 30
    while worker.ping(folder)["jobs"] == 0 and time.monotonic() < end:  # the old worker is busy with stage 5
        time.sleep(0.05)
    info = package.stat()
    try:
        os.utime(package, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))  # the kit changed on disk
        ending = worker.request(folder, 2, limit=60, lang="en")
    finally:
        os.utime(package, ns=(info.st_atime_ns, info.st_mtime_ns))
        thread.join(120)
    try:
        assert ending is not None, "the check fell back to a direct fork"
        assert ending.report is not None and worker.ping(folder)["pid"] != old
        assert slow["outcome"].passed, slow["outcome"].text()  # the old worker finished what it had started
        new = worker.ping(folder)["pid"]
        (folder / worker.SOCKET).unlink()  # how docs/practice.rst says to stop a worker now
        assert gone(new, 30), "the worker did not end when its socket file was deleted"
    finally:
        worker.stop(folder)
