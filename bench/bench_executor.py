"""Which executor the daily job should use: step overhead in-process vs multiprocess (forkserver, preloaded).

Six demo days of the same size on one fresh embedded Postgres, each run by `daily_pipeline_job` with one
executor: in-process; multiprocess started with `forkserver` and the code location preloaded (each step forks
from a process that imported it once); multiprocess with `spawn` (Dagster's default: each step a new interpreter
that imports the code location), in the order in-process, forkserver, spawn, spawn, forkserver, in-process, so
no executor always gets the colder or warmer database. Per run: wall time, the sum of step times, their
difference (with parallel steps it can be negative), and for multiprocess the mean time from a step's process
starting to the step starting (the per-step price of a process).
This runs the job through `execute_job` in this process; a sensor-launched run adds the run launcher's own start
(a new process importing the code location), which this does not measure.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import dagster as dg

from bench.harness import bench_environment
from hirehound_assets.jobs import PRELOAD_MODULES
from hirehound_assets.partitions import add_scrape_dates

PRELOAD = PRELOAD_MODULES  # the daily job's own preload, step guard first
EXECUTION: dict[str, dict[str, Any]] = {
    "in_process": {"execution": {"config": {"in_process": {}}}},
    "forkserver": {
        "execution": {
            "config": {"multiprocess": {"start_method": {"forkserver": {"preload_modules": PRELOAD}}}},
        }
    },
    "spawn": {"execution": {"config": {"multiprocess": {"start_method": {"spawn": {}}}}}},
}


def daily_job() -> dg.JobDefinition:
    """The daily job as the code location defines it, on Dagster's default executor so that each run's config can
    pick in-process or multiprocess (reconstructable: step processes rebuild it from here)."""
    from hirehound_assets.definitions import defs

    return defs.resolve_job_def("daily_pipeline_job").with_executor_def(dg.multi_or_in_process_executor)


def _run(instance: dg.DagsterInstance, executor: str, day: str) -> dict[str, float]:
    recon = dg.build_reconstructable_job("bench.bench_executor", "daily_job")
    started = time.perf_counter()
    with dg.execute_job(
        recon, instance=instance, run_config=EXECUTION[executor], tags={"dagster/partition": day}
    ) as result:
        seconds = time.perf_counter() - started
        stats = [s for s in instance.get_run_step_stats(result.run_id) if s.start_time is not None]
        inside = sum((s.end_time or 0) - (s.start_time or 0) for s in stats)
        success = float(result.success)
        launch = _worker_start_seconds(instance, result.run_id)
    return {"seconds": seconds, "steps": len(stats), "inside": inside, "success": success, "launch": launch}


def _worker_start_seconds(instance: dg.DagsterInstance, run_id: str) -> float:
    """Mean time from the executor starting a step's process to the step starting (multiprocess only)."""
    starting: dict[str, float] = {}
    waits: list[float] = []
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_WORKER_STARTING":
            starting[event.step_key] = record.timestamp
        elif event.event_type_value == "STEP_START" and event.step_key in starting:
            waits.append(record.timestamp - starting[event.step_key])
    return sum(waits) / len(waits) if waits else float("nan")


def run(per_day: int = 60) -> str:
    from hirehound.demo import generate_scrapes

    first = date(2026, 11, 20)
    order = ["in_process", "forkserver", "spawn", "spawn", "forkserver", "in_process"]
    days = [(first + timedelta(days=i)).isoformat() for i in range(len(order))]
    rows = [
        "| day | executor | wall s | steps | sum of step times s | wall minus step times s | step process start "
        "s (mean) | ok |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    with bench_environment("hhexecb") as env, dg.instance_for_test() as instance:
        generate_scrapes(env.landing, days=len(days), per_day=per_day, seed=11, start=first, truth_path=env.truth)
        add_scrape_dates(instance, days)
        for day, executor in zip(days, order, strict=True):
            r = _run(instance, executor, day)
            outside = r["seconds"] - r["inside"]
            rows.append(
                f"| {day} | {executor} | {r['seconds']:.1f} | {r['steps']:.0f} | {r['inside']:.1f} | {outside:.1f} "
                f"| {r['launch']:.2f} | {bool(r['success'])} |"
            )
    with open("/proc/loadavg") as fh:
        load = " ".join(fh.read().split()[:3])
    return "\n".join([f"{per_day} demo postings per day; load average {load} at the end.", "", *rows])


if __name__ == "__main__":
    import sys

    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 60))
