"""Writing files safely: every file the kit writes goes through :func:`atomic_write`.

The bytes go to a temporary file with a short unique name in the target's own folder,
are flushed to disk, and only then take the target's name, in one step. So an
interrupted or failed write (Ctrl-C, ``kill``, a full disk) leaves the old file
byte-identical and no partial file behind, not even a hidden one.

Only ``kill -9`` (or a power cut) can stop a writer before it removes its temporary
file. The name therefore says whose it is: ``.~attn-<host>-<pid>-XXXXXXXX.tmp``, with
a short hash of the machine's name and the writing process's id. The next write into
the same folder removes the temporary files of this machine whose process is gone
(:func:`remove_stale`); a live writer's file, another machine's (a shared folder), or
any other name is never touched. A process id reused since keeps its old file until
that process ends too: the rule errs on the side of keeping.

Without ``force`` the final step is a hard link, which the operating system refuses
when the name exists: of two processes writing the same new file, one succeeds and
the other is told that the file exists, race-free. With ``force`` it is a rename
(``os.replace``), which swaps the name in one step. A symbolic link at the target,
dangling or not, is refused without ``force`` and replaced (never followed) with it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import pathlib
import re
import signal
import socket
import stat
import tempfile
import threading
from collections.abc import Callable
from typing import BinaryIO

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _

TEMP_PREFIX, TEMP_SUFFIX = ".~attn-", ".tmp"  # the temporary name does not grow with the target's
HOST = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]  # this machine, briefly
# .~attn-<host>-<pid>-<8 characters of tempfile's alphabet>.tmp
_TEMP_NAME = re.compile(r"\.~attn-(?P<host>[0-9a-f]{6})-(?P<pid>[0-9]{1,10})-[a-z0-9_]{8}\.tmp")


def _temp_prefix() -> str:
    return f"{TEMP_PREFIX}{HOST}-{os.getpid()}-"


def _process_gone(pid: int) -> bool:
    """True only when no process ``pid`` exists (one we may not signal exists, and is kept)."""
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, only the existence is checked
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def remove_stale(folder: str | os.PathLike) -> list[str]:
    """Remove the temporary files in ``folder`` left by writers of this machine that no longer run.

    A name must match ``.~attn-<host>-<pid>-XXXXXXXX.tmp`` with this machine's host hash,
    be a regular file (not a link), and its process must be gone. Returns the names removed.
    Errors are ignored: cleaning up must never stop a write. POSIX only (elsewhere,
    signal 0 would not be a harmless check).
    """
    removed: list[str] = []
    if os.name != "posix":
        return removed
    with contextlib.suppress(OSError), os.scandir(os.fspath(folder)) as entries:
        for entry in entries:
            found = _TEMP_NAME.fullmatch(entry.name)
            if found is None or found["host"] != HOST or not _process_gone(int(found["pid"])):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return removed


def _umask() -> int:
    """The process umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)  # elsewhere: read by setting, then put back at once
    os.umask(mask)
    return mask


class _Terminated(SystemExit):
    """SIGTERM arrived during a write: unwind (removing the temporary file), then exit 143."""


def _raise_terminated(signum, frame):
    raise _Terminated(128 + signum)


@contextlib.contextmanager
def _terminate_cleanly():
    """Turn SIGTERM into an exception while writing, so the temporary file is removed.

    Only in the main thread and only when SIGTERM has its default action (which would
    kill the process without running any cleanup); a program's own handler is kept.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _exists_error(path: pathlib.Path) -> AttnTeachError:
    if path.is_symlink() and not path.exists():
        message = _("{path} is a symbolic link; choose another name or add --force (force=True) to replace it")
    else:
        message = _("{path} already exists; choose another name or add --force (force=True) to replace it")
    return AttnTeachError(message.format(path=path))


def _os_error(path: pathlib.Path, exc: OSError) -> AttnTeachError:
    reason = exc.strerror or type(exc).__name__
    if exc.errno == errno.ENOSPC:
        reason = _("no space left on the device")
    return AttnTeachError(_("could not write {path}: {reason}; nothing was changed").format(path=path, reason=reason))


def atomic_write(
    path: str | os.PathLike, data: bytes | Callable[[BinaryIO], None], *, force: bool = False
) -> pathlib.Path:
    """Write ``data`` to ``path`` all at once, or not at all.

    Parameters
    ----------
    path : str or path
        The file to create (or replace, with ``force``). Its folder must exist.
    data : bytes or callable
        The content, or a function that writes it into the binary file object it is given
        (e.g. ``lambda f: fig.savefig(f, format="png")``).
    force : bool
        Replace an existing file (or symbolic link: the link itself, never its target).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    AttnTeachError
        The file exists (without ``force``), the folder does not exist, or the write failed
        (disk full, no permission); the message names ``path``. The old file, if any, is
        unchanged, and no temporary file is left, whatever the failure (also Ctrl-C or SIGTERM).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "hello.txt"
    >>> atomic_write(target, b"hello").read_bytes()
    b'hello'
    """
    path = pathlib.Path(path)
    folder = path.parent
    if path.is_dir() and not path.is_symlink():
        raise AttnTeachError(_("{path} is a folder; give a file name").format(path=path))
    if not force and os.path.lexists(path):
        raise _exists_error(path)
    if not folder.is_dir():
        raise AttnTeachError(_("the folder {folder} does not exist; create it first").format(folder=folder))
    remove_stale(folder)  # temporary files of writers killed with -9 earlier
    with _terminate_cleanly():
        try:
            fd, temp = tempfile.mkstemp(prefix=_temp_prefix(), suffix=TEMP_SUFFIX, dir=folder)
        except OSError as exc:
            raise _os_error(path, exc) from None
        try:
            with os.fdopen(fd, "wb") as f:
                os.fchmod(f.fileno(), _mode_for(path, force))
                if callable(data):
                    data(f)
                else:
                    f.write(data)
                f.flush()
                os.fsync(f.fileno())
            _publish(temp, path, force)
        except OSError as exc:
            raise _os_error(path, exc) from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)  # published (linked or renamed) or failed: the temporary name goes
    _sync_folder(folder)
    return path


def _mode_for(path: pathlib.Path, force: bool) -> int:
    """The new file's permissions: those of the file it replaces (``force``), else as ``open()`` makes them."""
    if force:
        with contextlib.suppress(OSError):
            existing = os.stat(path, follow_symlinks=False)
            if stat.S_ISREG(existing.st_mode):
                return stat.S_IMODE(existing.st_mode)
    return 0o666 & ~_umask()


def _publish(temp: str, path: pathlib.Path, force: bool) -> None:
    """Give ``temp`` its final name: a rename with ``force``; else a link that refuses an existing name."""
    if force:
        os.replace(temp, path)
        return
    try:
        os.link(temp, path, follow_symlinks=False)
    except FileExistsError:
        raise _exists_error(path) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
            raise
        # a file system without hard links: check, then rename (not race-free, but never clobbers silently
        # unless another writer slips in between these two lines)
        if os.path.lexists(path):
            raise _exists_error(path) from None
        os.rename(temp, path)


def _sync_folder(folder: pathlib.Path) -> None:
    """Make the new name durable (best effort: not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
