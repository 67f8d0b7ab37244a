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

Beside each wall time it prints CPU seconds (user + system), which a shared machine
disturbs far less: the check's process (the client) and the check's child in the
worker. The kit's modules are byte-compiled first, as an install does (a machine that
sets ``PYTHONDONTWRITEBYTECODE`` would otherwise compile them on every run, floor
included). Prints ratios measured in this run and the load average at the start and
the end; it asserts nothing (the machine may be shared).
"""

from __future__ import annotations

import argparse
import compileall
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time

COLD_RATIO = 1.1  # the first check, against the bare import-and-load floor
WARM_S = 1.0  # median seconds of every later check
FELL_BACK_CPU = 3.0  # a client that used this much CPU imported torch itself: it forked the check without the worker
FLOOR = [sys.executable, "-c", "import torch, transformers, attn_teach; attn_teach.load_model('tiny-bert-en')"]


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of ``command``'s own process."""
    cpu = _cpu_of_children()
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    return seconds, _cpu_of_children() - cpu


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


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

    compileall.compile_dir(pathlib.Path(runner.__file__).parents[1], quiet=1)
    stages = [int(n) for n in args.stages.split(",")] if args.stages else list(NUMBERS)
    cold_stages = [int(n) for n in args.cold_stages.split(",") if n]
    base = {**os.environ, "MPLBACKEND": "Agg", "HF_HUB_OFFLINE": "1", "ATTN_TEACH_LANG": "en", "ATTN_TEACH_WORKER": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp) / "attn_practice"
        workspace.init(folder, "en")
        _solve_all(folder)
        check = [sys.executable, "-m", "attn_teach", "practice", "check"]

        print(f"{args.repeats} runs each; load average {_load()} at the start, {os.cpu_count()} cores")
        print("\ncold: the first check (a new process that starts the worker) against the import-and-load floor")
        cold_env = {**base, "ATTN_TEACH_WORKER_IDLE": "0"}
        for number in cold_stages:
            floors, colds, fell_back = [], [], 0
            for _ in range(args.repeats):
                _wait_no_worker(folder)
                floors.append(_timed(FLOOR, base)[0])
                seconds, cpu = _timed([*check, str(number), "--dir", str(folder)], cold_env)
                colds.append(seconds)
                fell_back += cpu > FELL_BACK_CPU
            ratios = [c / f for c, f in zip(colds, floors)]
            ratio = statistics.median(ratios)
            met = "met" if ratio <= COLD_RATIO else "NOT met"
            print(
                f"  stage {number:2d}: cold {statistics.median(colds):5.2f} s, floor "
                f"{statistics.median(floors):5.2f} s, ratio {ratio:.2f}x (paired, {min(ratios):.2f}-{max(ratios):.2f}; "
                f"target <= {COLD_RATIO}x: {met})"
                + (f"; {fell_back} run(s) checked without the worker" if fell_back else "")
            )
        _wait_no_worker(folder)

        print(f"\nwarm: every later check, median seconds (target <= {WARM_S} s wall); CPU in brackets")
        print("  stage | new process: wall [client CPU] | in process (watch): wall | child CPU | met")
        runner.run_stage(stages[0], workspace=folder)  # starts the worker
        pid = worker.ping(folder)["pid"]
        for number in stages:
            process = [_timed([*check, str(number), "--dir", str(folder)], base) for _ in range(args.repeats)]
            inside, child = [], []
            for _ in range(args.repeats):
                start = time.perf_counter()
                outcome = runner.run_stage(number, workspace=folder)
                inside.append(time.perf_counter() - start)
                if not outcome.passed:
                    raise SystemExit(outcome.text())
                ending = worker.request(folder, number, limit=runner.time_limit(runner.get_stage(number)), lang="en")
                if ending is None:
                    raise SystemExit(f"stage {number}: the check did not reach the worker")
                child.append(ending.cpu)
            a, b = statistics.median(s for s, _ in process), statistics.median(inside)
            cpu = statistics.median(c for _, c in process)
            print(
                f"  {number:5d} | {a:9.2f} s [{cpu:4.2f} s] | {b:16.2f} s | {statistics.median(child):7.2f} s | "
                f"{'met' if max(a, b) <= WARM_S else 'NOT met'}"
            )
        if worker.ping(folder)["pid"] != pid:
            print("  (the worker was restarted during the warm runs)")
        worker.stop(folder)
    print(f"\nload average {_load()} at the end")


if __name__ == "__main__":
    main()
