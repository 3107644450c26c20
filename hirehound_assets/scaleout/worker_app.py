"""The Celery app every `hirehound worker` runs: dagster-celery's step task, refused on a code-version mismatch.

A worker must agree with the executor on the broker, the backend and the delivery settings, so both build the app
from the same settings (`hirehound.scaling.settings`). The step task is dagster-celery's; its base class first
compares the code version the run's planner stamped on the task with this worker's, and fails the task (so the
run's step fails and says why) rather than running other code than the run was planned with. It then drops a task
that comes too late: its run has already ended (failed on a broker outage, say, while the step waited in a queue),
or its step already finished in that run (a task redelivered because its acknowledgement was lost with the broker
connection). Running either again would write into a finished run, beside the re-execution an operator started.
"""

from __future__ import annotations

import os
import socket
from typing import Any

import celery
import dagster as dg
from celery.utils.log import get_task_logger
from dagster._core.execution.retries import RetryMode
from dagster._grpc.types import ExecuteStepArgs
from dagster._serdes import unpack_value
from dagster_celery.make_app import make_app
from dagster_celery.tasks import create_task

from hirehound.pipeline.code_version import code_version
from hirehound.scaling.settings import celery_settings
from hirehound_assets.scaleout.executor import build_executor
from hirehound_assets.scaleout.submit import CODE_VERSION_HEADER


class CodeVersionMismatch(RuntimeError):
    """The task was planned with other code than this worker has."""


class CodeVersionCheckedTask(celery.Task):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        expected = getattr(self.request, CODE_VERSION_HEADER, None)
        if expected is None:
            expected = (self.request.headers or {}).get(CODE_VERSION_HEADER)
        mine = code_version()
        if expected != mine:
            raise CodeVersionMismatch(
                f"worker {self.request.hostname} (pid {os.getpid()} on {socket.gethostname()}) runs code version "
                f"{mine}, but this step was planned with {expected or 'no version'}: deploy the same code to every "
                "worker (or set HIREHOUND_CODE_VERSION alike) and re-execute the run"
            )
        late = why_too_late(kwargs.get("execute_step_args_packed"))
        if late is not None:
            get_task_logger(__name__).warning("dropped task %s: %s", self.request.id, late)
            return []
        return super().__call__(*args, **kwargs)


FINISHED_RUN = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}
STEP_ENDS = {dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE}


def why_too_late(packed: Any) -> str | None:
    """Why this step task must not run any more (its run ended, or its step already finished), or None."""
    if not isinstance(packed, dict):
        return None
    args = unpack_value(packed, as_type=ExecuteStepArgs)
    if args.instance_ref is None:
        return None
    with dg.DagsterInstance.from_ref(args.instance_ref) as instance:
        run = instance.get_run_by_id(args.run_id)
        if run is not None and run.status in FINISHED_RUN:
            return f"run {args.run_id} already ended ({run.status.value}); re-execute it to run its steps again"
        keys = set(args.step_keys_to_execute or [])
        records = instance.get_records_for_run(args.run_id, of_type=STEP_ENDS).records
        ended = {r.event_log_entry.step_key for r in records if r.event_log_entry.step_key is not None}
        done = sorted(ended & keys)
    if done and set(done) == keys:
        return f"step {', '.join(done)} of run {args.run_id} already finished (a redelivered task)"
    return None


def build_app() -> celery.Celery:
    executor = build_executor(celery_settings(), RetryMode(RetryMode.DISABLED), for_worker=True)
    return make_app(executor.app_args())


app = build_app()
execute_plan = create_task(app, base=CodeVersionCheckedTask)
