"""The daily job's Celery executor, configured from the environment (`hirehound.scaling.settings`).

The broker and backend URLs are read when a run starts, in the run worker, so they never end up in a run's stored
config. Steps go to the queue their asset's `dagster-celery/queue` tag names (`hirehound_assets.queues`).
"""

from __future__ import annotations

import functools
from typing import Any

import dagster as dg
from dagster._core.execution.retries import RetryMode, get_retries_config
from dagster_celery.core_execution_loop import core_celery_execution_loop
from dagster_celery.executor import CeleryExecutor

from hirehound.scaling.settings import CelerySettings, celery_config_source, celery_settings
from hirehound_assets.scaleout.submit import submit_step
from hirehound_assets.scaleout.watch import StepWatch


class HirehoundCeleryExecutor(CeleryExecutor):
    """dagster-celery's executor with Hirehound's submit function (queue routing, Redis priority, code version,
    the run's watch over broker outages and queues without workers)."""

    def __init__(self, settings: CelerySettings, **kwargs: Any):
        super().__init__(**kwargs)
        self.settings = settings

    def execute(self, plan_context: Any, execution_plan: Any) -> Any:
        from dagster_celery.make_app import make_app

        watch = StepWatch(make_app(self.app_args()), plan_context, self.settings)
        submit = functools.partial(submit_step, watch=watch)
        return core_celery_execution_loop(plan_context, execution_plan, step_execution_fn=submit)


def build_executor(settings: CelerySettings, retries: RetryMode, for_worker: bool = False) -> HirehoundCeleryExecutor:
    return HirehoundCeleryExecutor(
        settings,
        retries=retries,
        broker=settings.broker_url,
        backend=settings.backend_url,
        include=[],
        config_source=celery_config_source(settings, for_worker=for_worker),
    )


@dg.executor(
    name="hirehound_celery",
    config_schema={"retries": get_retries_config()},
    requirements=dg.multiple_process_executor_requirements(),
)
def hirehound_celery_executor(init_context: dg.InitExecutorContext) -> dg.Executor:
    """Steps as Celery tasks on `hirehound worker` processes; broker from HIREHOUND_CELERY_BROKER_URL."""
    retries = RetryMode.from_config(init_context.executor_config["retries"])  # type: ignore[arg-type]
    return build_executor(celery_settings(), retries or RetryMode(RetryMode.ENABLED))
