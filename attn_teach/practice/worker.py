"""The warm worker: imports numpy, matplotlib, torch and transformers once, forks a fresh child per check.

Why one module over 300 lines: the worker's life (start, socket, lock, idle exit) and the
client that finds or starts it share one protocol; split, each half would be unreadable alone.

Started by the first check in a workspace (``python -m attn_teach.practice.worker DIR``,
in its own session), reached through the unix socket ``DIR/.attn_worker.sock``, ended
after :data:`IDLE` seconds without a check (like ``dmypy``). ``watch``, a new
``attn-teach practice check N`` and ``pytest`` in the workspace all use it.

The worker itself never runs the learner's code: each check is an
:class:`~attn_teach.practice.isolate.Job`, a fork of the worker as it was after its
imports, with the client's environment, language, stdout and stderr (passed over the
socket), killed at the time limit. Only the worker's own thread exists when it forks,
and torch has not run a model in it; a probe child runs torch once at start to check
that a fork can (else the worker stops and the client forks the check itself).
One worker per workspace: it holds ``DIR/.attn_worker.lock``; a socket left by a worker
that died is replaced. A client whose kit files changed since the worker started is
told so, and the worker makes way for a new one. A worker that ends (idle, stopped,
or making way) first withdraws: its socket file goes and the lock is let go, the
connections already queued are served, then the checks it runs finish. So a check
never meets a worker that is going away, and the next worker can start at once.
The kit is the same for every name of one interpreter (``python``, ``python3``).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pathlib
import selectors
import socket
import subprocess
import sys
import time

from attn_teach.practice import isolate, wire

SOCKET, LOCK = ".attn_worker.sock", ".attn_worker.lock"
IDLE = float(os.environ.get("ATTN_TEACH_WORKER_IDLE", 600))  # seconds without a check before the worker ends
START_WAIT = 180.0  # seconds a client waits for a worker that is still importing
_spawned: list[subprocess.Popen] = []


def enabled() -> bool:
    """True unless ``ATTN_TEACH_WORKER=0`` or the system has no fork or unix sockets."""
    return (
        os.environ.get("ATTN_TEACH_WORKER", "1") != "0"
        and hasattr(os, "fork")
        and hasattr(socket, "AF_UNIX")
        and hasattr(socket, "send_fds")
    )


def preload() -> None:
    """Import what the checks need, once, without running a model (a fork stays safe)."""
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    import torch  # noqa: F401
    import transformers  # noqa: F401
    from transformers import (  # noqa: F401 - transformers imports these lazily; the stages use them
        AutoModelForCausalLM,
        AutoTokenizer,
        BertModel,
        BertTokenizer,
        GPT2LMHeadModel,
    )

    import attn_teach.extract  # noqa: F401
    import attn_teach.fonts  # noqa: F401
    import attn_teach.views.style  # noqa: F401
    from attn_teach.practice import beside, child, inputs, readback  # noqa: F401


def warm_up() -> None:
    """Do once, in the worker, the work every check would repeat, without running a model.

    Runs once the worker is first idle: after the first check has been answered (that
    check does not wait for it, nor share the processor with it), and only in a worker
    that stays (``ATTN_TEACH_WORKER_IDLE`` above 0).
    Loads the embedded models and tokenizers (transformers' weight-name tables and
    regular expressions, its lazy modules) on this one thread (no loader threads, no
    progress-bar thread, one torch thread), and draws and reads back a small figure
    with the kit's fonts (matplotlib's lazy modules, font files, colormaps). Then
    matplotlib's settings and fonts are put back as installed and transformers'
    logging as it was: a check's child starts from the same state as before, faster.
    """
    import torch
    from transformers.utils import logging as hf_logging

    from attn_teach.practice.child import _fonts_as_installed

    threads, verbosity = torch.get_num_threads(), hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    async_load = os.environ.get("HF_DEACTIVATE_ASYNC_LOAD")
    os.environ["HF_DEACTIVATE_ASYNC_LOAD"] = "1"
    torch.set_num_threads(1)
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        _load_embedded()
        _draw_once()
    finally:
        _fonts_as_installed()
        torch.set_num_threads(threads)
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()
        if async_load is None:
            del os.environ["HF_DEACTIVATE_ASYNC_LOAD"]
        else:
            os.environ["HF_DEACTIVATE_ASYNC_LOAD"] = async_load


def _load_embedded() -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer, BertModel

    from attn_teach.models import embedded_model_path

    for name, model_class in (("tiny-bert-en", BertModel), ("tiny-gpt2-ja", AutoModelForCausalLM)):
        folder = embedded_model_path(name)
        AutoTokenizer.from_pretrained(folder)
        model_class.from_pretrained(folder, attn_implementation="eager")


def _draw_once() -> None:
    import numpy as np
    from matplotlib.figure import Figure

    from attn_teach.practice.readback import describe_figure
    from attn_teach.views.style import style

    tokens = ["[CLS]", "▁今日", "は", "カレー", "</s>"]
    matrix = np.tril(np.full((5, 5), 0.2))  # (query, key)
    with style():
        fig = Figure(figsize=(4, 3))
        ax, lines = fig.subplots(1, 2)
        image = ax.imshow(matrix, cmap="YlGnBu")
        ax.set_xticks(range(5), tokens, rotation=90)
        ax.set_yticks(range(5), tokens)
        for i in range(5):
            ax.text(i, i, f"{matrix[i, i]:.2f}", ha="center", va="center")
        fig.colorbar(image, ax=ax)
        lines.plot(matrix, label=tokens)
        lines.legend()
        fig.add_subplot(2, 2, 4, projection="3d").scatter([0, 1], [0, 1], [0, 1])
    describe_figure(fig)


def fingerprint() -> str:
    """Which kit this process runs: the interpreter and every file of the package, by size and time.

    The interpreter is its environment (``sys.prefix``) and its real file, not the name it
    was started by: ``python -m pytest`` and ``attn-teach`` (``python3``) share one worker.
    """
    root = pathlib.Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{sys.prefix}\0{os.path.realpath(sys.executable)}\0{sys.version}".encode())
    for path in sorted(root.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _address(folder: pathlib.Path) -> tuple[str, int | None]:
    """The socket's path, through ``/proc/self/fd`` when the real one is too long for a unix socket."""
    path = str(folder / SOCKET)
    if len(path.encode()) < 100 or not os.path.isdir("/proc/self/fd"):
        return path, None
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    return f"/proc/self/fd/{fd}/{SOCKET}", fd


def _connect(folder: pathlib.Path) -> socket.socket:
    path, fd = _address(folder)
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.connect(path)
    except OSError:
        client.close()
        raise
    finally:
        if fd is not None:
            os.close(fd)
    return client


def _read_frame(conn: socket.socket, first: bytes = b""):
    buffer = first
    while True:
        total = wire.frame_length(buffer)
        if total is not None and len(buffer) >= total:
            return wire.decode(buffer[:total])
        chunk = conn.recv(1 << 20)
        if not chunk:
            raise ConnectionError("the other side closed the connection")
        buffer += chunk


# -- the client's side -------------------------------------------------------------------
def _spawn(folder: pathlib.Path) -> subprocess.Popen:
    log = os.environ.get("ATTN_TEACH_WORKER_LOG")
    err = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - handed to the child
    # one BLAS thread: a check's matrices are small, and an idle BLAS thread spinning in each child
    # would take the processor the later inputs are drawn on (:mod:`.beside`); the child's own
    # environment is the client's again (:func:`_in_child`)
    env = {**os.environ, "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "1")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "attn_teach.practice.worker", str(folder)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=err,
        start_new_session=True,
        close_fds=True,
    )
    _spawned.append(proc)
    return proc


def _reach(folder: pathlib.Path) -> socket.socket | None:
    """A connection to the workspace's worker, starting one when none answers; None if none can run."""
    try:
        return _connect(folder)
    except OSError:
        pass
    proc, spawns = _spawn(folder), 1
    end = time.monotonic() + START_WAIT
    while time.monotonic() < end:
        try:
            return _connect(folder)
        except OSError:
            pass
        code = proc.poll()
        if code not in (None, 0):  # it could not start (a read-only workspace, no fork...)
            return None
        if code == 0:  # another worker held the workspace and has ended since: start one again
            if spawns >= 5:
                return None
            proc, spawns = _spawn(folder), spawns + 1
        time.sleep(0.02)
    return None


def request(
    folder: pathlib.Path, number: int, *, limit: float, lang: str, _retry: bool = True
) -> isolate.Ending | None:
    """Run stage ``number``'s check of ``folder`` in the worker; None when there is no worker to run it."""
    conn = _reach(folder)
    if conn is None:
        return None
    message = {
        "op": "check",
        "stage": number,
        "limit": limit,
        "lang": lang,
        "env": dict(os.environ),
        "fingerprint": fingerprint(),
    }
    try:
        with conn:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
            socket.send_fds(conn, [wire.encode(message)], [_fd(sys.stdout, 1), _fd(sys.stderr, 2)])
            conn.settimeout(START_WAIT + limit)
            reply = _read_frame(conn)
    except (ConnectionError, EOFError):  # a worker that was ending closed before answering: reach the next one
        return request(folder, number, limit=limit, lang=lang, _retry=False) if _retry else None
    except (OSError, ValueError):
        return None
    if reply.get("stale"):  # the kit changed since that worker started: it has made way for a new one
        return request(folder, number, limit=limit, lang=lang, _retry=False) if _retry else None
    return isolate.Ending(**reply["ending"])


def _fd(stream, default: int) -> int:
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):  # a notebook's or pytest's stream without a file
        return default


def _ask(folder: pathlib.Path, op: str) -> dict | None:
    try:
        with _connect(pathlib.Path(folder)) as conn:
            conn.sendall(wire.encode({"op": op}))
            conn.settimeout(10)
            return _read_frame(conn)
    except (OSError, ValueError):
        return None


def stop(folder: pathlib.Path) -> bool:
    """Ask the workspace's worker to end now (after the checks it runs); True if one was there."""
    return _ask(folder, "stop") is not None


def ping(folder: pathlib.Path) -> dict | None:
    """The running worker's process id, kit fingerprint and running checks, or None when there is none."""
    return _ask(folder, "ping")


# -- the worker's side -------------------------------------------------------------------
def payload(number: int, function, workspace: pathlib.Path) -> dict:
    """What a check's child runs: the stage's cases on the learner's code, as plain data (in the child only)."""
    import matplotlib.pyplot as plt

    from attn_teach.practice.child import run_case_report

    plt.switch_backend("agg")  # the child draws into files, never windows (a notebook's backend included)
    return run_case_report(number, source=None, function=function, workspace=workspace, beside=True)


def _in_child(message: dict, fds: list[int], folder: pathlib.Path):
    """A check's child in the worker: the client's streams, environment and language, then the stage."""
    from attn_teach.i18n import set_language

    for fd, target in zip(fds, (1, 2)):
        os.dup2(fd, target)
    os.environ.clear()
    os.environ.update({k: v for k, v in message.get("env", {}).items() if isinstance(v, str)})
    os.environ["MPLBACKEND"] = "Agg"
    set_language(message.get("lang"))
    return payload(int(message["stage"]), None, folder)


def _probe() -> bool:
    """A forked child can run torch (no OpenMP pool copied half-alive from this process)."""

    def run():
        import torch

        x = torch.rand(64, 64)
        return float(torch.softmax(x @ x, dim=-1).sum())

    ending = isolate.run(run, limit=30)
    return ending.report is not None


def serve(folder: pathlib.Path) -> int:
    """Run the worker for ``folder`` until it has been idle :data:`IDLE` seconds; the exit code."""
    folder = folder.resolve()
    lock = open(folder / LOCK, "a+b")  # noqa: SIM115 - held until the worker withdraws
    end = time.monotonic() + 3.0  # a worker that is making way lets go within that
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError:
            if time.monotonic() > end:
                return 0  # another worker serves this workspace
            time.sleep(0.05)
    path, dirfd = _address(folder)
    try:
        os.unlink(path)  # a socket left by a worker that died
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    if dirfd is not None:
        os.close(dirfd)
    listener.listen(32)  # clients queue here while the imports run
    identity = os.stat(folder / SOCKET).st_ino
    preload()
    if not _probe():
        _withdraw(folder, identity, listener, lock)
        return 3
    mine = fingerprint()
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "accept")
    jobs: dict[isolate.Job, socket.socket] = {}
    state = {"last": time.monotonic(), "listening": True, "warm": False}

    def take(conn: socket.socket) -> None:
        """Serve one connection; a request to stop or a changed kit makes the worker withdraw at once."""
        if not _accept(conn, folder, mine, jobs, selector, listener, lock, before_reply=withdraw):
            withdraw()
        if jobs:
            state["last"] = time.monotonic()

    def withdraw() -> None:
        """No new client can reach this worker from now on; the ones already queued are served."""
        if not state["listening"]:
            return
        state["listening"] = False
        selector.unregister(listener)
        _withdraw(folder, identity, None, lock)  # the socket file goes, the lock is free for the next worker
        listener.setblocking(False)
        while True:  # connections that arrived before the socket file went
            try:
                conn, _ = listener.accept()
            except OSError:
                break
            conn.setblocking(True)
            take(conn)
        listener.close()

    while state["listening"] or jobs:
        now = time.monotonic()
        wake = min([j.wake_at() for j in jobs] + [state["last"] + IDLE, now + 5.0])
        if not state["warm"] and not jobs:
            wake = now  # the first client, if one waits, before the warm-up
        for key, _ in selector.select(max(0.0, wake - now)):
            tag = key.data
            if tag == "accept":
                try:
                    conn, _ = listener.accept()
                except OSError:
                    continue
                take(conn)
            elif isinstance(tag, isolate.Job):
                tag.on_ready(key.fd)
            else:  # a client's socket: it went away, so its check goes too
                job = tag[1]
                job.kill()
        now = time.monotonic()
        for job in [j for j in jobs if j.tick(now)]:
            conn = jobs.pop(job)
            for fd in job.fds_registered:
                selector.unregister(fd)
            selector.unregister(conn)
            try:
                conn.settimeout(10)
                conn.sendall(wire.encode({"ending": job.ending.as_dict()}))
            except OSError:
                pass
            conn.close()
            state["last"] = time.monotonic()
        if not state["warm"] and not jobs and IDLE > 0:  # once idle (the first check answered), if it stays
            state["warm"] = True
            try:
                warm_up()
            except Exception:  # noqa: BLE001, S110 - only speed is lost: each check does the work itself
                pass
        if state["listening"] and not jobs:
            if time.monotonic() - state["last"] > IDLE or not _still_mine(folder, identity):
                withdraw()
    return 0


def _withdraw(folder: pathlib.Path, identity: int, listener: socket.socket | None, lock) -> None:
    """Remove this worker's socket file (not a newer worker's) and let go of the workspace's lock."""
    if _still_mine(folder, identity):
        try:
            os.unlink(folder / SOCKET)
        except OSError:
            pass
    if listener is not None:
        listener.close()
    lock.close()


def _still_mine(folder: pathlib.Path, identity: int) -> bool:
    try:
        return os.stat(folder / SOCKET).st_ino == identity
    except OSError:
        return False


def _accept(conn, folder, mine, jobs, selector, listener, lock, before_reply=None) -> bool:
    """Read one request and start its job; False when the worker should end.

    ``before_reply`` runs before a "stale" or "stopped" answer: the client that hears it
    can then start the next worker at once.
    """
    fds: list[int] = []
    try:
        conn.settimeout(10)
        data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 2)
        message = _read_frame(conn, data)
    except (OSError, ValueError):
        for fd in fds:
            os.close(fd)
        conn.close()
        return True
    op = message.get("op") if isinstance(message, dict) else None
    if op == "ping":  # who serves here (for tests and tools)
        try:
            conn.sendall(wire.encode({"pid": os.getpid(), "fingerprint": mine, "jobs": len(jobs)}))
        except OSError:
            pass
        conn.close()
        return True
    if op != "check" or message.get("fingerprint") != mine or len(fds) != 2:
        stale = op == "check" and message.get("fingerprint") != mine
        ends = not (op == "check" and not stale and len(fds) == 2)
        if ends and before_reply is not None:
            before_reply()
        try:
            conn.sendall(wire.encode({"stale": stale, "stopped": True}))
        except OSError:
            pass
        for fd in fds:
            os.close(fd)
        conn.close()
        return op == "check" and not stale and len(fds) == 2
    close = [conn.fileno()]  # the worker's own files are no business of the child
    if listener.fileno() >= 0:
        close.append(listener.fileno())
    if not lock.closed:
        close.append(lock.fileno())
    for other, other_conn in jobs.items():
        close += [*other.fds(), other_conn.fileno()]
    job = isolate.Job(
        lambda: _in_child(message, fds, folder),
        limit=float(message["limit"]),
        workspace=str(folder),
        close=tuple(close),
    )
    for fd in fds:
        os.close(fd)
    job.fds_registered = job.fds()
    for fd in job.fds_registered:
        selector.register(fd, selectors.EVENT_READ, job)
    selector.register(conn, selectors.EVENT_READ, ("client", job))
    jobs[job] = conn
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    os.environ["MPLBACKEND"] = "Agg"  # the worker's own process: its children draw into files
    return serve(pathlib.Path(args[0] if args else "."))


if __name__ == "__main__":
    sys.exit(main())
