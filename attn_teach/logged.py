"""What transformers logs, captured so that a lesson can print it (lessons 01 and 07).

transformers writes its notices (the "LOAD REPORT" of unused weights, the ``sdpa``
notice, the generation-flag notice) through :mod:`logging` to standard error, which
sphinx-gallery does not put on the page. The lessons that explain those messages
capture them with :func:`transformers_messages` and print them, so that the reader
sees the very text the lesson talks about.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from collections.abc import Iterator

_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # the LOAD REPORT's bold title


@contextlib.contextmanager
def transformers_messages() -> Iterator[list[str]]:
    """Collect the messages transformers logs inside the ``with`` block, in a list of strings.

    The messages are not shown on standard error while captured; colour codes are removed.
    Notices transformers shows only once per process (``warning_once``) are shown again,
    and warnings are collected even if the verbosity was lowered before (for example by
    ``transformers.logging.set_verbosity_error()``): a lesson that explains one must be
    able to print it, whatever ran before it. The verbosity is restored afterwards.

    >>> with transformers_messages() as messages:
    ...     logging.getLogger("transformers.modeling_utils").warning("a notice")
    >>> messages
    ['a notice']
    """
    root = logging.getLogger("transformers")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s\x00"))
    saved = root.handlers[:], root.propagate, root.level
    root.handlers = [handler]
    root.propagate = False
    if root.getEffectiveLevel() > logging.WARNING:
        root.setLevel(logging.WARNING)
    messages: list[str] = []
    for once in (getattr(logging.Logger, "warning_once", None), getattr(logging.Logger, "info_once", None)):
        if hasattr(once, "cache_clear"):  # transformers' "once" is a cache of what it has already shown
            once.cache_clear()
    try:
        yield messages
    finally:
        root.handlers, root.propagate = saved[:2]
        root.setLevel(saved[2])
        text = _ANSI.sub("", stream.getvalue())
        messages.extend(m.strip("\n") for m in text.split("\x00") if m.strip())
