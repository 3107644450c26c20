"""Alerts to people: a failed run posts exactly one message when its incident opens and one when a later success
closes it; a failed ERROR-severity check likewise; posts are retried; the webhook URL and passwords in error
messages never reach the logs or the message."""

import logging
from typing import Any

import dagster as dg
import pytest

from hirehound.ops.webhook import post_alert
from hirehound_assets.partitions import daily_partitions, instance_with_scrape_dates
from sensors.check_alerts import check_alerts_after_success
from sensors.run_failures import pipeline_incident_resolver, pipeline_incident_sensor
from tests.integration.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.integration
KEY = "2026-11-20"


class Switch(dg.Config):
    fail: bool = False


@dg.asset(partitions_def=daily_partitions)
def fragile_stage(config: Switch) -> None:
    if config.fail:
        raise RuntimeError("cannot reach postgresql://hirehound:hunter2@db.internal/app")


@dg.asset(
    partitions_def=daily_partitions,
    check_specs=[dg.AssetCheckSpec("rows_present", asset="checked_stage")],
)
def checked_stage(config: Switch) -> dg.MaterializeResult:
    return dg.MaterializeResult(
        check_results=[
            dg.AssetCheckResult(
                check_name="rows_present",
                passed=not config.fail,
                severity=dg.AssetCheckSeverity.ERROR,
                description="no rows landed",
            )
        ]
    )


def _run(instance: dg.DagsterInstance, asset: Any, fail: bool) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [asset],
        partition_key=KEY,
        instance=instance,
        raise_on_error=False,
        run_config={"ops": {asset.op.name: {"config": {"fail": fail}}}},
    )


def _status_context(result: dg.ExecuteInProcessResult, instance: dg.DagsterInstance, database: Any, name: str) -> Any:
    event_type = dg.DagsterEventType.RUN_SUCCESS if result.success else dg.DagsterEventType.RUN_FAILURE
    event = next(e for e in result.all_events if e.event_type == event_type)
    return dg.build_run_status_sensor_context(
        sensor_name=name,
        dagster_event=event,
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        resources={"database": database},
    )


def test_one_message_per_incident_open_and_close_without_secrets(
    database: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    instance = instance_with_scrape_dates(KEY)
    with webhook_receiver(fail_first=1) as receiver:  # the first post meets a 503 and is retried
        monkeypatch.setenv("HIREHOUND_ALERT_WEBHOOK_URL", receiver.url)
        failed = _run(instance, fragile_stage, fail=True)
        context = _status_context(failed, instance, database, "pipeline_incident_sensor").for_run_failure()
        pipeline_incident_sensor(context)
        pipeline_incident_sensor(context)  # a re-evaluation: the incident is already open, nothing is posted
        assert len(receiver.messages) == 1 and receiver.requests == 2
        opened = receiver.messages[0]["text"]
        assert "run failed" in opened and KEY in opened and "fragile_stage" in opened and failed.run_id in opened
        assert "hunter2" not in opened and "postgresql://***@db.internal" in opened

        succeeded = _run(instance, fragile_stage, fail=False)
        resolver = _status_context(succeeded, instance, database, "pipeline_incident_resolver")
        pipeline_incident_resolver(resolver)
        pipeline_incident_resolver(resolver)  # nothing left to close: no second message
        assert len(receiver.messages) == 2
        closed = receiver.messages[1]["text"]
        assert "incident closed" in closed and succeeded.run_id in closed and failed.run_id in closed
    assert "s3cr3tT0ken" not in caplog.text and "<webhook>" in caplog.text  # httpx's request log is rewritten


def test_failed_error_check_opens_once_and_closes_once(database: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = instance_with_scrape_dates(KEY)
    with webhook_receiver() as receiver:
        monkeypatch.setenv("HIREHOUND_ALERT_WEBHOOK_URL", receiver.url)
        for _ in range(2):  # failing twice in a row is still one incident
            bad = _run(instance, checked_stage, fail=True)
            assert bad.success  # a non-blocking failed check does not fail the run
            check_alerts_after_success(_status_context(bad, instance, database, "check_alerts_after_success"))
        assert len(receiver.messages) == 1
        assert "rows_present" in receiver.messages[0]["text"] and "no rows landed" in receiver.messages[0]["text"]
        good = _run(instance, checked_stage, fail=False)
        check_alerts_after_success(_status_context(good, instance, database, "check_alerts_after_success"))
        check_alerts_after_success(_status_context(good, instance, database, "check_alerts_after_success"))
        assert len(receiver.messages) == 2 and "passes again" in receiver.messages[1]["text"]


def test_undeliverable_alert_is_retried_then_given_up_quietly(caplog: pytest.LogCaptureFixture) -> None:
    pauses: list[float] = []
    with webhook_receiver(fail_first=10, fail_status=502) as receiver:
        delivery = post_alert("hello", url=receiver.url, attempts=3, sleep=pauses.append)
    assert (delivery.delivered, delivery.attempts, delivery.error) == (False, 3, "HTTP 502")
    assert receiver.requests == 3 and pauses == [1.0, 2.0]
    assert "s3cr3tT0ken" not in caplog.text and "HTTP 502" in caplog.text
    with webhook_receiver(fail_first=10, fail_status=404) as receiver:  # a wrong URL is not retried
        assert post_alert("hello", url=receiver.url, sleep=pauses.append).attempts == 1
    assert post_alert("hello", url=None).error == "no webhook configured"
