"""Process shapes of a Dagster run, for the step-guard test: a run worker (a multiprocessing child) that starts a
step process (its multiprocessing child) which installs the guard, as the code location does at import."""

import multiprocessing
import sys
import time

from hirehound.lifecycle.step_guard import guard_step_process


def step(report: str) -> None:
    guarded = guard_step_process()
    with open(report, "a") as fh:
        fh.write(f"step {multiprocessing.current_process().pid} guarded={guarded}\n")
    time.sleep(120)


def worker(report: str) -> None:
    guarded = guard_step_process()
    ctx = multiprocessing.get_context("spawn")
    child = ctx.Process(target=step, args=(report,))
    child.start()
    with open(report, "a") as fh:
        fh.write(f"worker {multiprocessing.current_process().pid} guarded={guarded}\n")
    child.join()


if __name__ == "__main__":
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=worker, args=(sys.argv[1],))
    proc.start()
    proc.join()
