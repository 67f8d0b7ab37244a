"""Run a function in a fresh forked child that cannot touch the process deciding the verdict.

A :class:`Job` forks once. The child puts itself in its own process group, pins its
working folder, reads nothing from the terminal, runs the target, sends what the target
returned as one :mod:`~attn_teach.practice.wire` frame through a pipe and ends with
``os._exit`` (threads the learner left running end with it). The parent reads the
pipe and watches the child through a pidfd; at the time limit, or as soon as the
child has ended, it kills the child's whole process group with ``SIGKILL`` (nothing
a learner's code catches or ignores stops that) and reaps it. What happened is an
:class:`Ending`: the report (or none), the exit code or signal, whether the time ran
out, whether the learner's code started processes of its own. Temporary files the
check makes (``tempfile``, ``TMPDIR``) go into a folder of its own, removed with it.

The same job runs inside the warm worker (:mod:`.worker`, many at once) and in the
calling process when there is no worker (:func:`run`, one at a time).
"""

from __future__ import annotations

import dataclasses
import faulthandler
import os
import select
import shutil
import signal
import sys
import tempfile
import time
import warnings
from collections.abc import Callable

from attn_teach.practice import beside, wire


@dataclasses.dataclass
class Ending:
    """How a child ended, as plain data (it crosses the worker's socket too)."""

    report: object = None  # what the target returned; None when no complete report arrived
    crash: str | None = None  # the target raised instead of returning (a defect of the kit's own code)
    exit_code: int | None = None
    signal: int | None = None
    timed_out: bool = False
    forked: bool = False  # the learner's code started a process of its own (os.fork)
    seconds: float = 0.0  # wall time from the fork to the end
    cpu: float = 0.0  # CPU seconds (user + system) the child used

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _safe_text(exc: BaseException) -> str:
    try:
        text = str(exc)
    except BaseException:  # noqa: BLE001 - an exception whose __str__ raises
        text = ""
    return f"{type(exc).__name__}: {text}".rstrip(": ")


def _child(write_fd: int, target: Callable[[], object], workspace: str | None, close: list[int], scratch: str) -> None:
    """The child's whole life: never returns."""
    me = os.getpid()
    code = 0
    try:
        os.setpgid(0, 0)
        faulthandler.disable()  # a crash is told in one line by the parent, not as the test runner's dump
        for fd in close:
            try:
                os.close(fd)
            except OSError:
                pass
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)  # input() gets end of file instead of waiting on the terminal
        os.close(null)
        for name in ("SIGINT", "SIGTERM", "SIGALRM", "SIGPIPE"):
            signal.signal(getattr(signal, name), signal.default_int_handler if name == "SIGINT" else signal.SIG_DFL)
        tempfile.tempdir = scratch  # temporary files of this check (the kit's and the learner's) go with it
        os.environ["TMPDIR"] = scratch
        if workspace is not None:
            os.chdir(workspace)
            sys.path.insert(0, workspace)
        torch = sys.modules.get("torch")
        if torch is not None:  # a forked OpenMP pool hangs: run torch on this thread only
            torch.set_num_threads(1)
        envelope: dict = {}
        try:
            envelope["report"] = target()
        except BaseException as exc:  # noqa: BLE001 - whatever escapes, the parent hears of it
            envelope["crash"] = _safe_text(exc)
        if os.getpid() != me:  # a copy made by os.fork() in the learner's code: it sends nothing
            os._exit(0)
        envelope["forked"] = beside.has_children() or beside.forked_beside  # the learner's code in a grandchild too
        try:
            frame = wire.encode(envelope)
        except (TypeError, ValueError) as exc:
            frame = wire.encode({"crash": f"the report could not be sent: {exc}", "forked": envelope["forked"]})
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:  # noqa: BLE001, S110 - a closed or replaced stream
                pass
        view = memoryview(frame)
        while view:
            view = view[os.write(write_fd, view) :]
    except BaseException:  # noqa: BLE001 - the child must never return into the caller's code
        code = 70
    finally:
        os._exit(code) if os.getpid() == me else os._exit(0)


class Job:
    """One forked child running ``target``, with its pipe, its pidfd and its time limit."""

    def __init__(
        self, target: Callable[[], object], *, limit: float, workspace: str | None = None, close: tuple[int, ...] = ()
    ):
        self.scratch = tempfile.mkdtemp(prefix="attn-check-")  # removed with the child
        read_fd, write_fd = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # what was printed before must not be printed twice
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork of a threaded process (notebooks)
            pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _child(write_fd, target, workspace, [*close], self.scratch)
        os.close(write_fd)
        try:
            os.setpgid(pid, pid)
        except OSError:  # the child did it already, or has ended
            pass
        self.pid, self.read_fd = pid, read_fd
        self.pidfd = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None
        self.started = time.monotonic()
        self.deadline = self.started + limit
        self.buffer = b""
        self.frames: list = []
        self.exited_at: float | None = None
        self.timed_out = False
        self.ending: Ending | None = None
        self.fds_registered: list[int] = []  # the fds a caller's selector watches for this job

    # -- the parent's side -------------------------------------------------------------
    def fds(self) -> list[int]:
        return [fd for fd in (self.read_fd, self.pidfd) if fd is not None and self.ending is None]

    def wake_at(self) -> float:
        return self.deadline if self.pidfd is not None else min(self.deadline, time.monotonic() + 0.05)

    def on_ready(self, fd: int) -> None:
        if self.ending is not None:
            return
        if fd == self.read_fd:
            self._read()
        self._poll()

    def _read(self) -> None:
        try:
            data = os.read(self.read_fd, 1 << 20)
        except (BlockingIOError, InterruptedError):
            return
        if not data:
            self._exited()
            return
        self.buffer += data
        try:
            frames, self.buffer = wire.split(self.buffer)
        except ValueError:
            self.buffer, frames = b"", []
        self.frames += frames

    def _exited(self) -> None:
        if self.exited_at is None:
            self.exited_at = time.monotonic()

    def _poll(self) -> None:
        if self.frames:  # the report is in: nothing the child does from now on counts
            self._exited()
            return
        if self.pidfd is not None:
            if select.select([self.pidfd], [], [], 0)[0]:
                self._exited()
        elif os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            self._exited()

    def tick(self, now: float) -> bool:
        """Advance on the clock; True once the job has ended (``self.ending`` is set)."""
        if self.ending is not None:
            return True
        self._poll()
        if self.exited_at is not None:  # all it wrote is in the pipe now
            self._finish()
        elif now >= self.deadline:
            self.timed_out = True
            self._finish()
        return self.ending is not None

    def _finish(self) -> None:
        try:
            os.killpg(self.pid, signal.SIGKILL)  # the child, and whatever it started, all at once
        except (ProcessLookupError, PermissionError):
            pass
        _, status, usage = os.wait4(self.pid, 0)
        while not self.frames and select.select([self.read_fd], [], [], 0)[0]:
            before = len(self.buffer)
            self._read()
            if len(self.buffer) == before and not self.frames:
                break
        for fd in (self.read_fd, self.pidfd):
            if fd is not None:
                os.close(fd)
        shutil.rmtree(self.scratch, ignore_errors=True)
        envelope = self.frames[0] if self.frames and isinstance(self.frames[0], dict) else {}
        self.ending = Ending(
            report=envelope.get("report"),
            crash=envelope.get("crash"),
            exit_code=os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            signal=os.WTERMSIG(status) if os.WIFSIGNALED(status) and not (self.timed_out or envelope) else None,
            timed_out=self.timed_out,
            forked=bool(envelope.get("forked")),
            seconds=time.monotonic() - self.started,
            cpu=usage.ru_utime + usage.ru_stime,
        )

    def kill(self) -> None:
        """End the job now (the caller went away)."""
        if self.ending is None:
            self._finish()


def run(target: Callable[[], object], *, limit: float, workspace: str | None = None) -> Ending:
    """Run ``target`` in a fresh child of this process and wait for it (at most ``limit`` seconds)."""
    job = Job(target, limit=limit, workspace=workspace)
    try:
        while not job.tick(time.monotonic()):
            timeout = max(0.0, job.wake_at() - time.monotonic())
            ready, _, _ = select.select(job.fds(), [], [], timeout)
            for fd in ready:
                job.on_ready(fd)
    except BaseException:  # Ctrl-C in the caller: the child goes too
        job.kill()
        raise
    assert job.ending is not None
    return job.ending
