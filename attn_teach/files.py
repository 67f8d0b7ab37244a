"""Writing files safely: a temp file in the same folder, then a rename.

A reader never sees a half-written file, a failed write leaves the old file as it
was, and a user's existing file is replaced only when asked (``force``).
"""

from __future__ import annotations

import os
import pathlib
import tempfile
from collections.abc import Callable
from typing import BinaryIO

from attn_teach.errors import AttnTeachError


def atomic_write(path, data: bytes | Callable[[BinaryIO], None], *, force: bool = False) -> pathlib.Path:
    """Write ``data`` (bytes, or a function writing to a binary file) to ``path`` atomically.

    Without ``force`` an existing ``path`` is refused (checked race-free by linking the
    finished temp file into place, which fails if the name was taken meanwhile).
    """
    path = pathlib.Path(path)
    if path.is_dir():
        raise AttnTeachError(f"{path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise AttnTeachError(f"the folder {path.parent} does not exist; create it first")
    if path.exists() and not force:
        raise AttnTeachError(f"{path} already exists; choose another name or add --force to replace it")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            if callable(data):
                data(f)
            else:
                f.write(data)
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the name exists: never replaces a file without force
            except FileExistsError:
                raise AttnTeachError(f"{path} already exists; choose another name or add --force "
                                     "to replace it") from None
            os.unlink(tmp)
    except BaseException:
        pathlib.Path(tmp).unlink(missing_ok=True)
        raise
    return path
