"""A job whose only step kills its own process with SIGKILL, as the OOM killer would (for the incident test)."""

import os
import signal

import dagster as dg

from hirehound_assets.partitions import daily_partitions


@dg.asset(partitions_def=daily_partitions)
def oom_stage() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def crash_job() -> dg.JobDefinition:
    """Built in a function so the multiprocess executor can reconstruct it in a child process."""
    defs = dg.Definitions(assets=[oom_stage], jobs=[dg.define_asset_job("oom_job", selection=[oom_stage])])
    return defs.resolve_job_def("oom_job")
