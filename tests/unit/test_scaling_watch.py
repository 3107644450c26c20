"""The run worker's watch over Celery steps (issue 17): bounded broker outages, queues without workers, and the
settings that bound them. The broker and the Dagster run are stand-ins; the integration tests use real ones."""

from __future__ import annotations

from typing import Any

import pytest
import redis.exceptions

from hirehound.scaling.broker import is_broker_error, shown_url
from hirehound.scaling.settings import CelerySettings, ScalingConfigError, celery_config_source, celery_settings
from hirehound_assets.scaleout import watch as watch_module
from hirehound_assets.scaleout.watch import BrokerUnavailable, StepWatch

BROKER = "redis://127.0.0.1:6390/0"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Log:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warning(self, message: str) -> None:
        self.warnings.append(message)

    def error(self, message: str) -> None:
        self.warnings.append(message)


class Context:
    def __init__(self) -> None:
        self.log = Log()


def a_watch(outage_s: int = 60, no_worker_s: int = 30) -> tuple[StepWatch, Clock, Context]:
    clock, context = Clock(), Context()
    settings = CelerySettings(BROKER, BROKER, 3600, broker_outage_timeout_s=outage_s, no_worker_timeout_s=no_worker_s)
    return StepWatch(app=None, plan_context=context, settings=settings, clock=clock), clock, context


def refused() -> Any:
    raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")


def test_an_outage_is_waited_out_then_fails_the_run_naming_the_broker() -> None:
    watch, clock, context = a_watch(outage_s=60)
    assert watch.call(refused) == (False, None)
    clock.now += 59
    assert watch.call(refused) == (False, None)
    assert len(context.log.warnings) == 1 and f"Celery broker {BROKER} unreachable" in context.log.warnings[0]
    assert watch.gave_up is None
    clock.now += 2
    assert watch.call(refused) == (False, None)
    assert isinstance(watch.gave_up, BrokerUnavailable)
    assert "redis://127.0.0.1:6390/0 unreachable for 61 s" in str(watch.gave_up)


def test_a_broker_back_in_time_is_said_and_resets_the_clock() -> None:
    watch, clock, context = a_watch(outage_s=60)
    watch.call(refused)
    clock.now += 50
    assert watch.call(lambda: "PENDING") == (True, "PENDING")
    assert "reachable again after 50 s" in context.log.warnings[-1] and watch.outages == 1
    clock.now += 50
    assert watch.call(refused) == (False, None)  # a new outage, a new 60 s


def test_other_errors_are_not_taken_for_an_outage() -> None:
    watch, _, _ = a_watch()
    with pytest.raises(ZeroDivisionError):
        watch.call(lambda: 1 / 0)
    assert not is_broker_error(ValueError("x")) and is_broker_error(ConnectionRefusedError())
    try:  # what Celery's Redis result consumer raises when it cannot resubscribe
        try:
            refused()
        except redis.exceptions.ConnectionError as exc:
            raise RuntimeError("Retry limit exceeded ... must be restarted.") from exc
    except RuntimeError as wrapped:
        assert is_broker_error(wrapped)


class Step:
    key = "enriched_organizations"


class StepContext(Context):
    step = Step()


def test_a_queue_without_workers_is_reported_at_once_and_fails_after_its_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers: list[set[str] | None] = [{"ingestion", "embeddings"}]
    monkeypatch.setattr(watch_module, "subscribed_queues", lambda app, timeout_s: answers[-1])
    watch, clock, _ = a_watch(no_worker_s=30)
    step_context = StepContext()
    watch.on_submit(step_context, "ingestion")
    assert step_context.log.warnings == []
    watch.on_submit(step_context, "enrichment")
    (warning,) = step_context.log.warnings
    assert "no worker subscribed to queue `enrichment`" in warning
    assert "hirehound worker --queues enrichment" in warning and "fails after 30 s" in warning
    assert watch.unserved_failure("enriched_organizations", "ingestion") is None
    clock.now += 20
    assert watch.unserved_failure("enriched_organizations", "enrichment") is None
    clock.now += 15
    failure = watch.unserved_failure("enriched_organizations", "enrichment")
    assert failure is not None and "waited 35 s on queue `enrichment`" in str(failure)


def test_a_worker_arriving_in_time_saves_the_step(monkeypatch: pytest.MonkeyPatch) -> None:
    answers: list[set[str] | None] = [None]  # no worker answered at all
    monkeypatch.setattr(watch_module, "subscribed_queues", lambda app, timeout_s: answers[-1])
    watch, clock, _ = a_watch(no_worker_s=30)
    watch.on_submit(StepContext(), "enrichment")
    answers.append({"enrichment"})
    clock.now += 40
    assert watch.unserved_failure("enriched_organizations", "enrichment") is None


def test_no_worker_timeout_zero_only_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch_module, "subscribed_queues", lambda app, timeout_s: set())
    watch, clock, _ = a_watch(no_worker_s=0)
    step_context = StepContext()
    watch.on_submit(step_context, "embeddings")
    assert "waits for one (no timeout set)" in step_context.log.warnings[0]
    clock.now += 10_000
    assert watch.unserved_failure("posting_embeddings", "embeddings") is None


def test_outage_and_no_worker_timeouts_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIREHOUND_CELERY_BROKER_URL", BROKER)
    monkeypatch.delenv("HIREHOUND_CELERY_BROKER_OUTAGE_TIMEOUT", raising=False)
    monkeypatch.setenv("HIREHOUND_CELERY_NO_WORKER_TIMEOUT", "0")
    settings = celery_settings()
    assert (settings.broker_outage_timeout_s, settings.no_worker_timeout_s) == (120, 0)
    monkeypatch.setenv("HIREHOUND_CELERY_BROKER_OUTAGE_TIMEOUT", "0")
    with pytest.raises(ScalingConfigError, match="BROKER_OUTAGE_TIMEOUT must be positive"):
        celery_settings()
    monkeypatch.setenv("HIREHOUND_CELERY_BROKER_OUTAGE_TIMEOUT", "2m")
    with pytest.raises(ScalingConfigError, match="whole seconds"):
        celery_settings()


def test_only_workers_retry_storing_results_for_the_outage_window() -> None:
    settings = CelerySettings(BROKER, BROKER, 3600, broker_outage_timeout_s=120)
    worker, run_worker = celery_config_source(settings, for_worker=True), celery_config_source(settings)
    assert worker["result_backend_always_retry"] is True
    assert worker["result_backend_max_retries"] == 130  # about 1 s apart: longer than the run worker waits
    assert "result_backend_always_retry" not in run_worker  # it must come back at once to watch its deadline
    assert run_worker["redis_socket_connect_timeout"] == 5


def test_broker_urls_in_messages_hide_the_password() -> None:
    assert shown_url("redis://:s3cret@broker.internal:6379/0") == "redis://:***@broker.internal:6379/0"
    assert shown_url(BROKER) == BROKER
