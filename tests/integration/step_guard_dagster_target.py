"""A Dagster run on the daily job's executor (fork server, code location preloaded), for the step-guard test: this
process is the run worker; its two steps report their pids and wait, so the test can kill the worker under them.

Usage: python -m tests.integration.step_guard_dagster_target REPORT
"""

import os
import signal
import sys
import time

import dagster as dg

from hirehound.lifecycle.step_guard import parent_death_signal
from hirehound_assets.jobs import daily_executor


@dg.op(config_schema={"report": str})
def wait_in_step(context: dg.OpExecutionContext) -> None:
    guarded = parent_death_signal() == signal.SIGKILL
    with open(context.op_config["report"], "a") as fh:
        fh.write(f"step {os.getpid()} guarded={guarded} parent={os.getppid()}\n")
    time.sleep(120)


@dg.job(executor_def=daily_executor)
def waiting_job() -> None:
    wait_in_step.alias("first")()
    wait_in_step.alias("second")()


def build_waiting_job() -> dg.JobDefinition:
    """What the step processes rebuild the job from (they import this module, not `__main__`)."""
    return waiting_job


if __name__ == "__main__":
    report = sys.argv[1]
    with open(report, "a") as fh:
        fh.write(f"worker {os.getpid()}\n")
    recon = dg.build_reconstructable_job("tests.integration.step_guard_dagster_target", "build_waiting_job")
    ops = {name: {"config": {"report": report}} for name in ("first", "second")}
    with dg.instance_for_test() as instance:
        dg.execute_job(recon, instance=instance, run_config={"ops": ops})  # killed by the test before it ends
