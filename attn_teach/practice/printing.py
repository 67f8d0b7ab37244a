"""What the learner's code prints during a check, passed through up to a limit, then counted.

A ``print`` in a loop can write hundreds of thousands of lines; the learner needs the
first ones (a debugging print) and the verdict, not a terminal scrolled for seconds.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

SHOWN = 200  # lines of the learner's output passed through per check


class CappedStream:
    """A text stream that passes the first ``limit`` lines to ``stream`` and counts the rest."""

    def __init__(self, stream, limit: int = SHOWN) -> None:
        self.stream, self.limit, self.lines, self.hidden = stream, limit, 0, 0
        self.partial = False  # the hidden text ends without a newline: one more line
        self.open = False  # the shown text ends without a newline (an input() prompt): the verdict needs one

    def write(self, text: str) -> int:
        size = len(text)
        if self.lines < self.limit:
            cut, count = 0, 0
            while self.lines + count < self.limit:
                found = text.find("\n", cut)
                if found < 0:
                    cut = len(text)
                    break
                cut, count = found + 1, count + 1
            self.stream.write(text[:cut])
            if cut:
                self.open = not text[:cut].endswith("\n")
            self.lines += count
            text = text[cut:]
        if text:
            self.hidden += text.count("\n")
            self.partial = not text.endswith("\n")
        return size

    def flush(self) -> None:
        self.stream.flush()

    def more(self) -> int:
        """Lines not shown."""
        return self.hidden + (1 if self.partial else 0)

    def __getattr__(self, name):  # encoding, isatty, fileno ...: the stream's own
        return getattr(self.stream, name)


@contextlib.contextmanager
def capped_stdout(limit: int = SHOWN) -> Iterator[CappedStream]:
    """``sys.stdout`` capped to ``limit`` lines inside the block; then one line saying how many more there were."""
    from attn_teach.practice.hints import tr

    real = sys.stdout
    capped = CappedStream(real, limit)
    sys.stdout = capped
    try:
        yield capped
    finally:
        sys.stdout = real
        if capped.open:  # the learner's last line, ended, so the verdict starts a line of its own
            real.write("\n")
            real.flush()
        if capped.more():
            real.write(tr("… {count} more printed lines not shown", count=capped.more()) + "\n")
            real.flush()
