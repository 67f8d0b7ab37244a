"""atomic_write: all or nothing, race-free refusal, no temporary file left, whatever happens."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

from attn_teach import Attention
from attn_teach.errors import AttnTeachError
from attn_teach.files import atomic_write

OLD = b"the good old file\n" * 100


def _only(folder, *names):
    assert sorted(os.listdir(folder)) == sorted(names)


def test_writes_and_refuses_an_existing_file(tmp_path):
    target = tmp_path / "out.bin"
    assert atomic_write(target, b"new") == target
    assert target.read_bytes() == b"new"
    with pytest.raises(AttnTeachError, match=r"out\.bin already exists"):
        atomic_write(target, b"other")
    assert target.read_bytes() == b"new"
    atomic_write(target, lambda f: f.write(b"forced"), force=True)
    assert target.read_bytes() == b"forced"
    _only(tmp_path, "out.bin")


def test_new_file_gets_the_umask_permissions(tmp_path):
    target = atomic_write(tmp_path / "out.bin", b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize("force", [False, True])
def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path, force):
    target = tmp_path / "out.bin"
    target.write_bytes(OLD)

    def writer(f):
        f.write(b"half")
        raise KeyboardInterrupt

    with pytest.raises((KeyboardInterrupt, AttnTeachError)):
        atomic_write(target, writer, force=force)
    assert target.read_bytes() == OLD
    _only(tmp_path, "out.bin")


def test_a_254_byte_name_is_written(tmp_path):
    name = "a" * 250 + ".npz"  # 254 bytes: valid, one below the usual limit of 255
    target = atomic_write(tmp_path / name, b"x")
    assert target.read_bytes() == b"x"
    atomic_write(target, b"y", force=True)
    assert target.read_bytes() == b"y"
    _only(tmp_path, name)


def test_a_dangling_symlink_is_refused_or_replaced_never_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "created-through-the-link.png"
    link = tmp_path / "out.png"
    link.symlink_to(victim)
    with pytest.raises(AttnTeachError, match=r"out\.png is a symbolic link"):
        atomic_write(link, b"x")
    assert not victim.exists()
    atomic_write(link, b"x", force=True)
    assert not victim.exists() and not link.is_symlink() and link.read_bytes() == b"x"


def test_errors_name_the_users_path(tmp_path):
    with pytest.raises(AttnTeachError, match="the folder .*missing does not exist"):
        atomic_write(tmp_path / "missing" / "out.bin", b"x")
    (tmp_path / "ro").mkdir()
    os.chmod(tmp_path / "ro", 0o500)
    try:
        if os.access(tmp_path / "ro", os.W_OK):  # root ignores permissions
            pytest.skip("running as root: a read-only folder is still writable")
        with pytest.raises(AttnTeachError, match=r"could not write .*ro/out\.bin: Permission denied"):
            atomic_write(tmp_path / "ro" / "out.bin", b"x")
    finally:
        os.chmod(tmp_path / "ro", 0o700)


def test_concurrent_writers_one_wins_the_other_is_told(tmp_path):
    target = tmp_path / "out.bin"
    barrier = threading.Barrier(8)
    outcomes = []

    def writer(i):
        def slow(f):
            barrier.wait()  # everyone has a temporary file: all race for the name now
            f.write(bytes([i]) * 100_000)

        try:
            atomic_write(target, slow)
            outcomes.append(("ok", i))
        except AttnTeachError as exc:
            outcomes.append(("exists", str(exc)))

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [i for kind, i in outcomes if kind == "ok"]
    assert len(winners) == 1, outcomes
    assert all("already exists" in m for kind, m in outcomes if kind == "exists")
    assert target.read_bytes() == bytes([winners[0]]) * 100_000  # one writer's bytes, never a mix
    _only(tmp_path, "out.bin")


def test_concurrent_cli_plots_one_succeeds_the_other_says_exists(tmp_path):
    target = tmp_path / "fig.png"
    command = [sys.executable, "-m", "attn_teach", "plot", "I love natural language processing!", "-o", str(target)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "MPLBACKEND": "Agg"}
    procs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _ in results)
    if codes == [0, 0]:  # the two runs did not overlap at the rename (one machine was slow): no race to judge
        pytest.skip("the two processes did not overlap")
    assert codes == [0, 2], results
    assert "already exists" in [err for code, err in results if code == 2][0]
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    _only(tmp_path, "fig.png")


BLOCKING_WRITER = textwrap.dedent("""
    import signal, sys, time
    import numpy as np
    from attn_teach.files import atomic_write

    # a child started from a shell script's background job (nohup pytest &) inherits SIGINT
    # ignored; this test is about what Ctrl-C does, so give SIGINT its usual meaning here
    signal.signal(signal.SIGINT, signal.default_int_handler)

    def writer(f):
        f.write(b"partial data " * 1000)
        f.flush()
        print("writing", flush=True)
        time.sleep(60)  # the signal arrives here, in the middle of the write

    atomic_write(sys.argv[1], writer, force=True)
""")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_a_write_keeps_the_old_file(tmp_path, signum):
    target = tmp_path / "attention.npz"
    target.write_bytes(OLD)
    proc = subprocess.Popen(
        [sys.executable, "-c", BLOCKING_WRITER, str(target)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "writing"
    assert len(os.listdir(tmp_path)) == 2  # the old file and the temporary one
    proc.send_signal(signum)
    proc.wait(timeout=30)
    assert proc.returncode != 0
    assert target.read_bytes() == OLD
    _only(tmp_path, "attention.npz")


def _attention(n=200):
    w = np.full((2, 4, n, n), 1.0 / n, dtype=np.float32)
    return Attention("x " * n, "hand-made", [f"t{i}" for i in range(n)], np.zeros(n, bool), w)


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KiB tmpfs (needs root and mount rights; skipped otherwise)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs for the full-disk case")
    folder = tmp_path / "disk"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize("force", [False, True])
def test_a_full_disk_keeps_the_old_file(small_disk, force):
    good = small_disk / "good.npz"
    _attention(4).save(good)
    before = good.read_bytes()
    big = np.random.default_rng(0).random((2, 4, 200, 200)).astype(np.float32)  # does not compress: > 64 KiB
    big /= big.sum(-1, keepdims=True)
    a = Attention("x", "m", [f"t{i}" for i in range(200)], np.zeros(200, bool), big)
    target = good if force else small_disk / "new.npz"
    with pytest.raises(AttnTeachError, match=rf"could not write .*{target.name}: no space left"):
        a.save(target, overwrite=force)
    assert good.read_bytes() == before
    _only(small_disk, "good.npz")


def test_reproduce_interrupted_while_saving_leaves_no_broken_png(tmp_path, monkeypatch):
    import matplotlib.figure

    from attn_teach.reproduce import reproduce

    def interrupted_savefig(self, f, **kwargs):
        with contextlib.ExitStack() as stack:
            if isinstance(f, (str, os.PathLike)):  # saved straight to a file name
                f = stack.enter_context(open(f, "wb"))
            f.write(b"\x89PNG half an image")
            raise KeyboardInterrupt

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", interrupted_savefig)
    with pytest.raises(KeyboardInterrupt):
        reproduce(tmp_path, lessons=[0])
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("force", [False, True])
def test_plot_and_reproduce_saving_refuses_or_replaces_only_with_force(tmp_path, force):
    import matplotlib.pyplot as plt

    from attn_teach.views.style import save_figure

    target = tmp_path / "fig.PNG"
    target.write_bytes(OLD)
    fig = plt.figure(figsize=(1, 1))
    try:
        if force:
            save_figure(fig, target, force=True)
            assert target.read_bytes()[:4] == b"\x89PNG"
        else:
            with pytest.raises(AttnTeachError, match="already exists"):
                save_figure(fig, target)
            assert target.read_bytes() == OLD
    finally:
        plt.close(fig)
    _only(tmp_path, "fig.PNG")


def _blocked_writer(target) -> subprocess.Popen:
    """A process stopped in the middle of ``atomic_write(target)``, its temporary file on disk."""
    proc = subprocess.Popen(
        [sys.executable, "-c", BLOCKING_WRITER, str(target)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "writing"
    return proc


def _temporaries(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(".~attn-"))


def test_a_writer_killed_with_9_leaves_a_temporary_file_the_next_write_removes(tmp_path):
    """Before: ``kill -9`` during a write left ``.~attn-*.tmp`` for ever; now the next write into the
    folder removes it, and keeps a live writer's file, another machine's and any other name."""
    from attn_teach import files

    killed = _blocked_writer(tmp_path / "a.npz")
    stale = _temporaries(tmp_path)
    killed.kill()  # SIGKILL: nothing in the writer can run
    killed.wait(timeout=30)
    assert len(stale) == 1 and _temporaries(tmp_path) == stale
    atomic_write(tmp_path / "next.txt", b"next write")
    assert _temporaries(tmp_path) == [], "the dead writer's temporary file is still there"
    assert f"-{killed.pid}-" in stale[0]  # the name says whose it was

    other_host = f".~attn-{'0' if files.HOST[0] != '0' else '1'}{files.HOST[1:]}-{killed.pid}-abcdefgh.tmp"
    others = [other_host, ".~attn-abcdefgh.tmp", f".~attn-{files.HOST}-{killed.pid}-abc.tmp"]
    for name in others:
        (tmp_path / name).write_bytes(b"not ours to remove")
    os.symlink(tmp_path / "next.txt", tmp_path / f".~attn-{files.HOST}-{killed.pid}-linklink.tmp")
    others.append(f".~attn-{files.HOST}-{killed.pid}-linklink.tmp")
    alive = _blocked_writer(tmp_path / "b.npz")
    try:
        live = sorted(set(_temporaries(tmp_path)) - set(others))
        assert len(live) == 1
        atomic_write(tmp_path / "c.txt", b"next write")  # from this process
        assert _temporaries(tmp_path) == sorted(others + live)
        assert (tmp_path / "c.txt").read_bytes() == b"next write"
    finally:
        alive.kill()
        alive.wait(timeout=30)
    assert files.remove_stale(tmp_path) == live  # its writer is gone now
    assert _temporaries(tmp_path) == sorted(others)
