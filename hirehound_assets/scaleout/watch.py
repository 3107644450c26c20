"""The run worker's watch over its Celery steps: a broker restart is ridden out for a bounded time, a step lost
with the broker's data or waiting on a queue no worker takes fails the run saying so, instead of a run that sits
STARTED for ever.

dagster-celery's execution loop polls each step's `AsyncResult` (`ready()`, then `get()`). The submit function
hands it a `WatchedResult` instead, which answers those calls from the broker when it can and from this watch when
it cannot. A step given up on (or whose task raised on the worker) comes back as that step's STEP_FAILURE event:
dagster-celery's own path for a raised `get()` stops submitting steps but waits for all of them, and spins for ever
when an independent branch was still to run; a failed step instead skips its downstream and lets the rest finish.
Thresholds: `HIREHOUND_CELERY_BROKER_OUTAGE_TIMEOUT`, `HIREHOUND_CELERY_NO_WORKER_TIMEOUT` (in scaling.settings).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import dagster as dg
from dagster._core.events import DagsterEvent
from dagster._core.execution.plan.objects import StepFailureData
from dagster._serdes import serialize_value
from dagster._utils.error import serializable_error_info_from_exc_info

from hirehound.scaling.broker import is_broker_error, shown_url, subscribed_queues, task_still_held
from hirehound.scaling.settings import CelerySettings

INSPECT_TIMEOUT_S = 2.0  # how long workers get to say which queues they take
QUEUES_REFRESH_S = 15.0
LOST_CHECK_SPACING_S = 5.0  # a task missing from the broker twice this far apart is gone, not in transit


class BrokerUnavailable(RuntimeError):
    """The Celery broker stayed unreachable past HIREHOUND_CELERY_BROKER_OUTAGE_TIMEOUT."""


class StepLost(RuntimeError):
    """A step's task vanished from the broker (a restart without its data) and no worker ran it to the end."""


class NoWorkerForQueue(RuntimeError):
    """A step waited past HIREHOUND_CELERY_NO_WORKER_TIMEOUT on a queue no worker subscribes to."""


class StepWatch:
    """One run's view of its broker: outages, the queues workers take, and when to give up on a step."""

    def __init__(
        self, app: Any, plan_context: Any, settings: CelerySettings, clock: Callable[[], float] = time.monotonic
    ):
        self.app, self.context, self.settings, self.clock = app, plan_context, settings, clock
        self.broker = shown_url(settings.broker_url)
        self.down_since: float | None = None
        self.outages = 0  # outages ended so far: steps submitted before the last one are checked for loss
        self.back_at = 0.0
        self.queues: set[str] | None = None
        self.queues_at = -QUEUES_REFRESH_S
        self.warned: set[str] = set()
        self.unserved_since: dict[str, float] = {}
        self.gave_up: BrokerUnavailable | None = None

    # The broker's reachability ------------------------------------------------------------------------------------
    def broker_down(self, exc: BaseException) -> None:
        """Note a failed broker call; once the outage outlasts its timeout, `gave_up` says why steps now fail."""
        now = self.clock()
        if self.down_since is None:
            self.down_since = now
            self.context.log.warning(
                f"Celery broker {self.broker} unreachable ({type(exc).__name__}: {exc}); steps already on workers "
                f"go on, and this run waits up to {self.settings.broker_outage_timeout_s} s for the broker to return"
            )
        elif self.gave_up is None and now - self.down_since > self.settings.broker_outage_timeout_s:
            # Every step waited on fails with this (not the run at once): a failed step frees its concurrency
            # pool slot (embedding_model, ...), which a run that raised out of the executor would keep claimed.
            self.gave_up = BrokerUnavailable(
                f"Celery broker {self.broker} unreachable for {now - self.down_since:.0f} s (more than "
                f"HIREHOUND_CELERY_BROKER_OUTAGE_TIMEOUT={self.settings.broker_outage_timeout_s}): last error "
                f"{type(exc).__name__}: {exc}. Bring the broker back, then re-execute this run from failure."
            )
            self.context.log.error(str(self.gave_up))

    def broker_up(self) -> None:
        if self.down_since is None:
            return
        now = self.clock()
        self.context.log.warning(
            f"Celery broker {self.broker} reachable again after {now - self.down_since:.0f} s; checking that the "
            "steps submitted before the outage are still queued or running"
        )
        self.down_since, self.back_at, self.outages, self.gave_up = None, now, self.outages + 1, None

    def call(self, fn: Callable[[], Any]) -> tuple[bool, Any]:
        """(True, fn()) when the broker answered, (False, None) during an outage."""
        try:
            value = fn()
        except Exception as exc:
            if not is_broker_error(exc):
                raise
            self.broker_down(exc)
            return False, None
        self.broker_up()
        return True, value

    # Queues without workers ----------------------------------------------------------------------------------------
    def served(self, queue: str) -> bool:
        now = self.clock()
        if self.queues is None or now - self.queues_at >= QUEUES_REFRESH_S:
            answered, queues = self.call(lambda: subscribed_queues(self.app, INSPECT_TIMEOUT_S))
            if answered:
                self.queues, self.queues_at = queues or set(), now
        if self.queues is None or queue in self.queues:
            self.unserved_since.pop(queue, None)
            return True
        self.unserved_since.setdefault(queue, now)
        return False

    def on_submit(self, step_context: Any, queue: str) -> None:
        if self.served(queue) or queue in self.warned:
            return
        self.warned.add(queue)
        limit = self.settings.no_worker_timeout_s
        then = f"it fails after {limit} s without one" if limit else "it waits for one (no timeout set)"
        step_context.log.warning(
            f"no worker subscribed to queue `{queue}` (asked all workers, {INSPECT_TIMEOUT_S:.0f} s for answers): "
            f"step {step_context.step.key} waits there; start one with `hirehound worker --queues {queue}`; {then}"
        )

    def unserved_failure(self, step_key: str, queue: str) -> NoWorkerForQueue | None:
        limit = self.settings.no_worker_timeout_s
        # Only queues found without a worker are asked about again: a healthy run costs one question per 15 s.
        if not limit or queue not in self.unserved_since or self.served(queue):
            return None
        waited = self.clock() - self.unserved_since[queue]
        if waited < limit:
            return None
        return NoWorkerForQueue(
            f"step {step_key} waited {waited:.0f} s on queue `{queue}`, which no worker subscribes to "
            f"(HIREHOUND_CELERY_NO_WORKER_TIMEOUT={limit}); start one with `hirehound worker --queues {queue}` "
            "and re-execute this run from failure"
        )

    # Steps lost with the broker's data -----------------------------------------------------------------------------
    def step_events(self, step_key: str) -> set[dg.DagsterEventType]:
        kinds = {dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE}
        records = self.context.instance.get_records_for_run(self.context.run_id, of_type=kinds).records
        return {r.event_log_entry.dagster_event_type for r in records if r.event_log_entry.step_key == step_key}


class WatchedResult:
    """The `AsyncResult` of one step, as dagster-celery's loop polls it, with the watch's verdicts added."""

    def __init__(self, watch: StepWatch, inner: Any, step: Any, queue: str, failure: Exception | None = None):
        self.watch, self.inner, self.step, self.queue = watch, inner, step, queue
        self.step_key: str = step.key
        self.checked_outages = watch.outages
        self.misses: list[float] = []
        self.failure = failure

    def ready(self) -> bool:
        if self.failure is not None:
            return True
        answered, done = self.watch.call(self.inner.ready)
        if not answered:
            self.failure = self.watch.gave_up
            return self.failure is not None
        if done:
            return True
        self.failure = self.lost() or self.watch.unserved_failure(self.step_key, self.queue)
        return self.failure is not None

    def get(self) -> Any:
        while self.failure is None:
            try:
                return self.inner.get()
            except Exception as exc:
                if not is_broker_error(exc):  # the worker's task raised (other code version, a crash outside the step)
                    self.failure = exc
                    break
                self.watch.broker_down(exc)  # the result is there; fetch it when the broker is back, or give up
                self.failure = self.watch.gave_up
                if self.failure is None:
                    time.sleep(1)
        return [serialize_value(self.failure_event(self.failure))]

    def failure_event(self, error: Exception) -> DagsterEvent:
        """This step's STEP_FAILURE, written to the run's log now (as a worker would have written it)."""
        try:  # the watch's own verdicts were never raised: raise once for the traceback Dagster's error info wants
            raise error
        except Exception:
            info = serializable_error_info_from_exc_info(sys.exc_info())
        return DagsterEvent.step_failure_event(
            step_context=self.watch.context.for_step(self.step),
            step_failure_data=StepFailureData(error=info, user_failure_data=None),
            message=f'Execution of step "{self.step_key}" failed: {type(error).__name__}: {error}',
        )

    def revoke(self) -> None:
        if self.inner is not None:
            self.watch.call(self.inner.revoke)

    def lost(self) -> StepLost | None:
        """After an outage: the task is lost when, twice a few seconds apart, the broker holds no message for it and
        the run's log shows no worker running it (a step that finished but whose result is gone counts as lost)."""
        watch = self.watch
        if self.checked_outages == watch.outages or watch.down_since is not None:
            return None
        now = watch.clock()
        if self.misses and now - self.misses[-1] < LOST_CHECK_SPACING_S:
            return None
        answered, held = watch.call(lambda: task_still_held(watch.app, self.inner.id, self.queue))
        if not answered:
            return None
        seen = watch.step_events(self.step_key)
        running = dg.DagsterEventType.STEP_START in seen and not seen & {
            dg.DagsterEventType.STEP_SUCCESS,
            dg.DagsterEventType.STEP_FAILURE,
        }
        if held or running:
            self.checked_outages, self.misses = watch.outages, []
            return None
        self.misses.append(now)
        if len(self.misses) < 2:
            return None
        finished = "finished on a worker but its result" if seen else "never started and its task"
        return StepLost(
            f"step {self.step_key} {finished} was lost when the Celery broker {watch.broker} restarted without "
            "its data (run Redis with appendonly yes); re-execute this run from failure"
        )
