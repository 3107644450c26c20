"""How one step becomes a Celery task: on its concern's queue, at its run's priority, stamped with the code version.

dagster-celery's own submit function is followed, with four changes. Redis pops priority 0 first, the opposite of
AMQP (and of dagster-celery's arithmetic, where a higher run priority is more urgent), so the priority is turned
around. The routing key is the queue's own name: Redis's direct exchange drops a message whose key
(`<queue>.execute_plan`) no queue is bound to. And the task carries the planner's code version in a header, which
the worker compares with its own (`worker_app.CodeVersionCheckedTask`). And the result handed back to the loop is
watched (`watch.WatchedResult`): a broker outage is waited out for a bounded time, a queue without workers is
reported in the run at once and fails the step after a while, a task lost in a broker restart fails the run.
"""

from __future__ import annotations

import time
from typing import Any

from celery.result import AsyncResult
from dagster._grpc.types import ExecuteStepArgs
from dagster._serdes import pack_value
from dagster_celery.tasks import create_task

from hirehound.pipeline.code_version import code_version
from hirehound_assets.scaleout.watch import StepWatch, WatchedResult

CODE_VERSION_HEADER = "hirehound_code_version"
MAX_PRIORITY = 9


def broker_priority(priority: int) -> int:
    """dagster-celery's priority (higher first, 0-9 after clamping) as Redis's (0 first)."""
    return MAX_PRIORITY - max(0, min(MAX_PRIORITY, priority))


def submit_step(
    app: Any, plan_context: Any, step: Any, queue: str, priority: int, known_state: Any, *, watch: StepWatch
) -> WatchedResult:
    execute_step_args = ExecuteStepArgs(
        job_origin=plan_context.reconstructable_job.get_python_origin(),
        run_id=plan_context.dagster_run.run_id,
        step_keys_to_execute=[step.key],
        instance_ref=plan_context.instance.get_ref(),
        retry_mode=plan_context.executor.retries.for_inner_plan(),
        known_state=known_state,
        print_serialized_events=True,
    )
    task = create_task(app)
    signature = task.si(
        execute_step_args_packed=pack_value(execute_step_args),
        executable_dict=plan_context.reconstructable_job.to_dict(),
    )
    watch.on_submit(plan_context.for_step(step), queue)

    def publish() -> AsyncResult:
        return signature.apply_async(
            priority=broker_priority(priority),
            queue=queue,
            routing_key=queue,
            headers={CODE_VERSION_HEADER: code_version()},
        )

    while True:  # a step that becomes ready during a broker outage is submitted when the broker is back
        published, result = watch.call(publish)
        if published or watch.gave_up is not None:  # never published: the step fails with the outage's message
            return WatchedResult(watch, result, step, queue, failure=watch.gave_up)
        time.sleep(1)
