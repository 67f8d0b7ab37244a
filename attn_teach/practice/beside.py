"""A figure stage's later inputs judged in a grandchild, beside the first, on the other core.

Every figure stage draws two sentences (:mod:`attn_teach.practice.inputs`). The
first figure is the costly one: the article's sentence, drawn, read back and encoded
as the PNG compared with the baseline (stage 9 writes 400 numbers into it). The
later inputs do not need it, so the check's child forks a grandchild as soon as the
learner's function has returned on the first input, and the grandchild runs the
later inputs while the child draws the first figure: on two cores, the check takes
about the time of the first input alone.

Nothing about the verdict changes. The grandchild starts from the child's state just
after the first call, closes that call's figures as the child does after a case, and
runs the later cases exactly as the child would; it sends back their plain-data
descriptions, matplotlib's settings and fonts after them, what the learner printed
(replayed by the child in order, through the same line cap) and whether the
learner's code started a process. When the grandchild ends without a report (the
learner's ``os._exit`` or a signal on a later input), the child ends the same way, so
the parent hears what it hears from one process. The grandchild is in the child's
process group: the runner's time limit ends both at once.

Only the isolated child splits (:func:`attn_teach.practice.worker.payload`); a test
calling :func:`attn_teach.practice.child.run_case_report` in its own process runs the
cases one after the other. A learner's thread still running after the first call
keeps the cases in one process too (a fork would copy it without its state), and so does a
machine with no idle processor (:func:`core_free`): there the fork would only cost time.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from attn_teach.practice import wire

_fork, _exit = os.fork, os._exit  # as imported: a learner's module cannot swap them before the check uses them
forked_beside = False  # set in the child when the learner's code started a process in the grandchild


@dataclass
class Beside:
    """The running grandchild: its process id and the read end of its pipe."""

    pid: int
    read_fd: int


def _flush() -> None:
    """What was printed so far, written out before a fork or an exit: never printed twice, never lost."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(BaseException):
            stream.flush()  # type: ignore[union-attr]  # a missing stream (None) raises, passed over


def has_children() -> bool:
    """True when this process has a child (running or ended and not yet reaped): the learner's code
    started a process (the isolated child asks it of itself, and the grandchild of itself)."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return False
    return True  # (0, 0): one is running; (pid, status): one ended


def core_free() -> bool:
    """True when a processor is idle right now (``/proc/loadavg``: fewer runnable tasks than processors, this
    one included). On a busy machine the grandchild would only share a processor, at the cost of a fork."""
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            runnable = int(f.read().split()[3].split("/")[0])
        processors = len(os.sched_getaffinity(0))
    except (OSError, ValueError, IndexError, AttributeError):
        return False
    return runnable < processors


def start(target: Callable[[], dict], capped) -> Beside | None:
    """Fork a grandchild that runs ``target`` (the later cases) and sends its result; None when the
    cases stay in this process (a learner's thread is running, no processor is idle, the fork failed).

    ``capped`` is the child's :class:`~attn_teach.practice.printing.CappedStream`: in the
    grandchild it collects what the learner prints, to be replayed by :func:`finish`.
    """
    if threading.active_count() > 1 or not core_free():
        return None
    _flush()
    read_fd, write_fd = os.pipe()
    try:
        pid = _fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the grandchild: never returns
        me, code = os.getpid(), 0
        try:
            os.close(read_fd)
            capped.stream, capped.lines, capped.hidden, capped.partial, capped.open = io.StringIO(), 0, 0, False, False
            result = target()
            if os.getpid() != me:  # a copy made by the learner's os.fork(): it sends nothing
                _exit(0)
            printed = {"text": capped.stream.getvalue(), "hidden": capped.hidden, "partial": capped.partial}
            frame = wire.encode({"rest": result, "printed": printed, "forked": has_children()})
            view = memoryview(frame)
            while view:
                view = view[os.write(write_fd, view) :]
        except BaseException:  # noqa: BLE001 - the child hears of it (no report) and runs the cases itself
            code = 70
        finally:
            _exit(code) if os.getpid() == me else _exit(0)
    os.close(write_fd)
    return Beside(pid, read_fd)


def finish(beside: Beside, capped) -> dict | None:
    """Wait for the grandchild; its result, after replaying what it printed through ``capped``.

    None when the kit's side of the grandchild failed (the caller runs the cases itself).
    When the learner's code ended the grandchild (``os._exit``, a signal), this process ends
    the same way: the parent gets the verdict one process would have given.
    """
    global forked_beside

    chunks = []
    with os.fdopen(beside.read_fd, "rb", buffering=0) as pipe:
        while chunk := pipe.read(1 << 20):
            chunks.append(chunk)
    _, status = os.waitpid(beside.pid, 0)
    data = b"".join(chunks)
    try:
        envelope = wire.decode(data) if data else None
    except ValueError:
        envelope = None
    if not isinstance(envelope, dict):
        if os.WIFSIGNALED(status):
            _flush()
            number = os.WTERMSIG(status)
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70
        if code == 70:
            return None
        _flush()
        _exit(code)
    printed = envelope.get("printed", {})
    capped.write(printed.get("text", ""))
    if printed.get("hidden") or printed.get("partial"):
        capped.hidden += int(printed.get("hidden", 0))
        capped.partial = bool(printed.get("partial"))
    forked_beside = forked_beside or bool(envelope.get("forked"))
    return envelope.get("rest")
