"""What a practice check found: one :class:`Outcome` per stage, the only thing a check hands back.

The runner (which runs the learner's code in a child process) and the checks
(:func:`attn_teach.practice.checks.judge`, in the parent) meet here: the parent
turns the child's plain-data report into an Outcome, and every caller (pytest,
``attn-teach practice check``, :func:`attn_teach.practice.check`) prints it.
"""

from __future__ import annotations

import dataclasses

STATUSES = ("done", "todo", "wrong", "error")


@dataclasses.dataclass
class Outcome:
    """What a check found. ``status``: ``done``, ``todo`` (not done yet), ``wrong`` or ``error``.

    Parameters
    ----------
    stage : int
        The stage's number.
    status : str
        One of :data:`STATUSES`.
    message : str
        One message in the learner's language, never a traceback.
    hint : str or None
        The named hint (a key of :data:`attn_teach.practice.hints.HINTS`) for ``wrong``.
    notes : list of str
        Extra lines: figures left open, the pixel comparison, noise explained.
    """

    stage: int
    status: str
    message: str
    hint: str | None = None
    notes: list[str] = dataclasses.field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status == "done"

    def __repr__(self) -> str:
        """Short, so that a notebook, which shows the returned Outcome, does not say the message twice."""
        return f"<stage {self.stage}: {self.status}>"

    def text(self) -> str:
        return "\n".join([self.message, *("  " + n for n in self.notes)])


__all__ = ["STATUSES", "Outcome"]
