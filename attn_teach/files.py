"""Writing files atomically: a temp file in the same folder, then a rename into place.

A reader never sees a half-written file, and an existing file is replaced only
when asked (``force=True``).
"""

from __future__ import annotations

import os
import pathlib
import tempfile
from collections.abc import Callable
from typing import BinaryIO

from attn_teach.errors import AttnTeachError


def atomic_write(path, data: bytes | Callable[[BinaryIO], None], *, force: bool = False) -> pathlib.Path:
    """Write ``data`` (bytes, or a function that writes to a binary file) to ``path`` atomically.

    Without ``force`` an existing ``path`` is refused (race-free: the final step is a
    hard link, which fails if the name exists). On any failure the temp file is
    removed and the old file is untouched.
    """
    path = pathlib.Path(path)
    if not path.parent.is_dir():
        raise AttnTeachError(f"the folder {path.parent} does not exist; create it first")
    if not force and path.exists():
        raise AttnTeachError(f"{path} already exists; choose another name or add --force to replace it")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a new file gets the usual permissions
        with os.fdopen(fd, "wb") as f:
            if callable(data):
                data(f)
            else:
                f.write(data)
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise AttnTeachError(f"{path} already exists; choose another name or add --force to replace it") \
                    from None
            os.unlink(tmp)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
