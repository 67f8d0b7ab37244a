"""Benchmark: `attn-teach practice check N` cold and warm, every stage, against the targets.

Run by hand from the repository root (not by the test suite)::

    python benchmarks/bench_practice.py                      # every stage, 5 runs each
    python benchmarks/bench_practice.py --stages 1,4 --repeats 3

A fresh workspace gets every stage's reference solution. Measured in this one run:

* the floor: ``python -c "import torch, transformers, attn_teach; attn_teach.load_model('tiny-bert-en')"``;
* cold: the first check in the workspace, a new process that starts the warm worker
  (the worker is told to end as soon as it is idle, so each run starts cold); floor and
  cold runs alternate and the ratio is taken run by run. Target: at most 1.1x the floor;
* warm, new process: ``attn-teach practice check N`` with the worker running, as a
  learner's next check from the shell (or pytest's, which reaches the same worker);
* warm, in process: :func:`attn_teach.practice.runner.run_stage` called again and
  again in one process, as ``watch`` does. Target for both warm columns: median at
  most 1.0 s for every stage.

Prints ratios measured in this run; it asserts nothing (the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

COLD_RATIO = 1.1  # the first check, against the bare import-and-load floor
WARM_S = 1.0  # median seconds of every later check
FLOOR = [sys.executable, "-c", "import torch, transformers, attn_teach; attn_teach.load_model('tiny-bert-en')"]


def _timed(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    return seconds


def _solve_all(folder: pathlib.Path) -> None:
    from attn_teach.practice import solution_source
    from attn_teach.practice.stages import STAGES

    for stage in STAGES:
        path = folder / stage.file
        starter = path.read_text(encoding="utf-8")
        path.write_text(
            starter[: starter.index(f"def {stage.function}(")] + solution_source(stage.number), encoding="utf-8"
        )


def _wait_no_worker(folder: pathlib.Path) -> None:
    from attn_teach.practice import worker

    end = time.monotonic() + 30
    while worker.ping(folder) is not None and time.monotonic() < end:
        time.sleep(0.1)
    time.sleep(0.3)  # the worker's last steps after it stopped answering


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stages", default=None, help="comma-separated stage numbers (default: all)")
    parser.add_argument("--cold-stages", default="1,4", help="stages timed cold (default: 1,4)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    from attn_teach.practice import runner, worker, workspace
    from attn_teach.practice.stages import NUMBERS

    stages = [int(n) for n in args.stages.split(",")] if args.stages else list(NUMBERS)
    cold_stages = [int(n) for n in args.cold_stages.split(",") if n]
    base = {**os.environ, "MPLBACKEND": "Agg", "HF_HUB_OFFLINE": "1", "ATTN_TEACH_LANG": "en", "ATTN_TEACH_WORKER": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp) / "attn_practice"
        workspace.init(folder, "en")
        _solve_all(folder)
        check = [sys.executable, "-m", "attn_teach", "practice", "check"]

        print(f"{args.repeats} runs each; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print("\ncold: the first check (a new process that starts the worker) against the import-and-load floor")
        cold_env = {**base, "ATTN_TEACH_WORKER_IDLE": "0"}
        for number in cold_stages:
            floors, colds = [], []
            for _ in range(args.repeats):
                _wait_no_worker(folder)
                floors.append(_timed(FLOOR, base))
                colds.append(_timed([*check, str(number), "--dir", str(folder)], cold_env))
            ratios = [c / f for c, f in zip(colds, floors)]
            ratio = statistics.median(ratios)
            met = "met" if ratio <= COLD_RATIO else "NOT met"
            print(
                f"  stage {number:2d}: cold {statistics.median(colds):5.2f} s, floor "
                f"{statistics.median(floors):5.2f} s, ratio {ratio:.2f}x (paired; target <= {COLD_RATIO}x: {met})"
            )
        _wait_no_worker(folder)

        print(f"\nwarm: every later check, median seconds (target <= {WARM_S} s)")
        print("  stage | new process | in process (watch) | met")
        runner.run_stage(stages[0], workspace=folder)  # starts the worker
        for number in stages:
            process = [_timed([*check, str(number), "--dir", str(folder)], base) for _ in range(args.repeats)]
            inside = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                outcome = runner.run_stage(number, workspace=folder)
                inside.append(time.perf_counter() - start)
                if not outcome.passed:
                    raise SystemExit(outcome.text())
            a, b = statistics.median(process), statistics.median(inside)
            print(f"  {number:5d} | {a:9.2f} s | {b:16.2f} s | {'met' if max(a, b) <= WARM_S else 'NOT met'}")
        worker.stop(folder)


if __name__ == "__main__":
    main()
