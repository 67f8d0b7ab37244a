"""Plain data across a process boundary: JSON for the structure, ``.npy`` for arrays, never pickle.

The child process that ran the learner's code sends its report to the parent (or
the worker relays it) as one *frame*::

    b"ATTNW1" + length (8 bytes, big-endian) + body

and the body is a JSON header of 8-byte length followed by blobs: each NumPy array
saved with ``np.save(allow_pickle=False)`` and each ``bytes`` value as it is. In the
JSON, an array is ``{"\\u0000nd": i}``, bytes ``{"\\u0000by": i}``, a tuple
``{"\\u0000tu": [...]}`` (``i``: the blob's index). Only ``None``, ``bool``, ``int``,
``float``, ``str``, ``bytes``, lists, tuples, dicts with ``str`` keys and arrays of a
plain dtype pass; anything else is refused with :class:`TypeError` when encoding, so a
report can never carry an object that runs code when it is read.
"""

from __future__ import annotations

import io
import json
import struct

import numpy as np

MAGIC = b"ATTNW1"
_LEN = struct.Struct(">Q")
HEAD = len(MAGIC) + _LEN.size  # bytes before a frame's body
MAX_FRAME = 256 * 1024 * 1024  # a report is a few hundred kilobytes; refuse anything absurd
_ND, _BY, _TU = "\x00nd", "\x00by", "\x00tu"


def _plain(value, blobs: list[bytes]):
    """``value`` as JSON-ready data, arrays and bytes moved to ``blobs``."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, np.generic):
        if value.dtype.kind in "biuf":
            return value.item()
        raise TypeError(f"a NumPy scalar of dtype {value.dtype} cannot be sent")
    if isinstance(value, (bytes, bytearray, memoryview)):
        blobs.append(bytes(value))
        return {_BY: len(blobs) - 1}
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            raise TypeError("an array of Python objects cannot be sent")
        buffer = io.BytesIO()
        np.save(buffer, value, allow_pickle=False)
        blobs.append(buffer.getvalue())
        return {_ND: len(blobs) - 1}
    if isinstance(value, tuple):
        return {_TU: [_plain(v, blobs) for v in value]}
    if isinstance(value, list):
        return [_plain(v, blobs) for v in value]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str) or key.startswith("\x00"):
                raise TypeError(f"a dict key must be a plain str, not {key!r}")
            out[key] = _plain(item, blobs)
        return out
    raise TypeError(f"a {type(value).__name__} cannot be sent; send plain data")


def _restore(value, blobs: list[bytes]):
    if isinstance(value, list):
        return [_restore(v, blobs) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, item),) = value.items()
            if key == _ND:
                return np.load(io.BytesIO(blobs[item]), allow_pickle=False)
            if key == _BY:
                return blobs[item]
            if key == _TU:
                return tuple(_restore(v, blobs) for v in item)
        return {k: _restore(v, blobs) for k, v in value.items()}
    return value


def encode(value) -> bytes:
    """One frame holding ``value`` (plain data only, else :class:`TypeError`)."""
    blobs: list[bytes] = []
    header = json.dumps(_plain(value, blobs), ensure_ascii=True).encode("ascii")
    parts = [_LEN.pack(len(header)), header]
    for blob in blobs:
        parts += [_LEN.pack(len(blob)), blob]
    body = b"".join(parts)
    return MAGIC + _LEN.pack(len(body)) + body


def frame_length(buffer: bytes) -> int | None:
    """The length of the whole frame at the start of ``buffer`` once its head is there, else None.

    Raises :class:`ValueError` when the bytes are not a frame.
    """
    if len(buffer) < HEAD:
        return None
    if buffer[: len(MAGIC)] != MAGIC:
        raise ValueError("not a frame")
    (length,) = _LEN.unpack_from(buffer, len(MAGIC))
    if length > MAX_FRAME:
        raise ValueError("frame too long")
    return HEAD + length


def split(buffer: bytes) -> tuple[list, bytes]:
    """The complete frames at the start of ``buffer``, decoded, and the bytes left over."""
    values = []
    while True:
        total = frame_length(buffer)
        if total is None or len(buffer) < total:
            return values, buffer
        values.append(decode(buffer[:total]))
        buffer = buffer[total:]


def decode(frame: bytes):
    """The value in one frame (:class:`ValueError` if it is damaged)."""
    total = frame_length(frame)
    if total is None or total != len(frame):
        raise ValueError("incomplete frame")
    body, at, blobs = memoryview(frame)[HEAD:], 0, []
    try:
        (size,) = _LEN.unpack_from(body, at)
        header = bytes(body[at + _LEN.size : at + _LEN.size + size])
        at += _LEN.size + size
        while at < len(body):
            (size,) = _LEN.unpack_from(body, at)
            blobs.append(bytes(body[at + _LEN.size : at + _LEN.size + size]))
            at += _LEN.size + size
        return _restore(json.loads(header.decode("ascii")), blobs)
    except (struct.error, IndexError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise ValueError(f"damaged frame: {exc}") from None
