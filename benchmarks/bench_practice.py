"""Benchmark: `attn-teach practice check N` on a passing stage, as a learner runs it.

Run by hand from the repository root (not by the test suite)::

    python benchmarks/bench_practice.py            # stage 4, 7 runs
    python benchmarks/bench_practice.py --stage 9 --repeats 5

A fresh workspace gets the stage's reference solution; each run is a new process
(interpreter start, imports, the check's three tiers, the pixel comparison), the
way a learner meets it. Prints the median wall time and its ratio to the target, and
the median CPU time, which says what the check costs when the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_S = 2.5  # median seconds for `practice check N` on a passing stage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    from attn_teach.practice import solution_source, workspace
    from attn_teach.practice.stages import get_stage

    stage = get_stage(args.stage)
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp) / "attn_practice"
        workspace.init(folder, "en")
        path = folder / stage.file
        starter = path.read_text(encoding="utf-8")
        path.write_text(starter[: starter.index(f"def {stage.function}(")] + solution_source(stage.number),
                        encoding="utf-8")
        env = {**os.environ, "MPLBACKEND": "Agg", "HF_HUB_OFFLINE": "1"}
        command = [sys.executable, "-m", "attn_teach", "practice", "check", str(stage.number), "--dir", str(folder)]
        times, cpu = [], []
        for _ in range(args.repeats):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            run = subprocess.run(command, capture_output=True, text=True, env=env)
            times.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if run.returncode != 0:
                raise SystemExit(f"the check did not pass:\n{run.stdout}{run.stderr}")
    median = statistics.median(times)
    print(f"attn-teach practice check {stage.number} (passing): median {median:.2f} s over {len(times)} runs "
          f"(min {min(times):.2f}, max {max(times):.2f}); target <= {TARGET_S} s: "
          f"{median / TARGET_S:.2f}x of the budget, {'met' if median <= TARGET_S else 'NOT met'}")
    # CPU time is what the check costs; wall time adds waiting when the machine is busy
    print(f"  CPU time (user + system): median {statistics.median(cpu):.2f} s; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
