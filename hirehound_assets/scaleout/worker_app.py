"""The Celery app every `hirehound worker` runs: dagster-celery's step task, refused on a code-version mismatch.

A worker must agree with the executor on the broker, the backend and the delivery settings, so both build the app
from the same settings (`hirehound.scaling.settings`). The step task is dagster-celery's; its base class first
compares the code version the run's planner stamped on the task with this worker's, and fails the task (so the
run's step fails and says why) rather than running other code than the run was planned with.
"""

from __future__ import annotations

import os
import socket
from typing import Any

import celery
from dagster._core.execution.retries import RetryMode
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
        return super().__call__(*args, **kwargs)


def build_app() -> celery.Celery:
    executor = build_executor(celery_settings(), RetryMode(RetryMode.DISABLED))
    return make_app(executor.app_args())


app = build_app()
execute_plan = create_task(app, base=CodeVersionCheckedTask)
