"""An offline refusal that comes at once: run a snippet in a fresh interpreter and report whether it
slept (a retry's back-off) or imported torch or transformers (seconds of start-up) on its way to the
refusal. Tests state this as behaviour instead of timing it: a timed assertion fails on a busy machine.
"""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys, time
def _no_sleep(seconds):
    raise SystemExit(f"slept {{seconds}} s")
time.sleep = _no_sleep
{snippet}
print("heavy imports:", sorted(m for m in ("torch", "transformers") if m in sys.modules))
"""


def slow_paths(snippet: str) -> str:
    """The probe's last line: ``heavy imports: []`` when ``snippet`` neither slept nor imported either."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(snippet=snippet)],
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        timeout=120,
    )
    slept = [line for line in result.stderr.splitlines() if line.startswith("slept ")]
    lines = result.stdout.strip().splitlines()
    return (slept or lines or [f"no output (exit {result.returncode}): {result.stderr[-300:]}"])[-1]
