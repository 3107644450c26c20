"""Failed ERROR-severity asset checks are told to people: after each finished run, its check evaluations open an
alert (one webhook message) for a failed ERROR check and close it (one message) when the check passes again."""

from __future__ import annotations

import dagster as dg

from hirehound.ops.check_alerts import CheckOutcome, announce, apply_outcomes
from resources.database import DatabaseResource

PARTITION_TAG = "dagster/partition"


def run_check_outcomes(instance: dg.DagsterInstance, run: dg.DagsterRun) -> list[CheckOutcome]:
    """The asset-check evaluations a run recorded."""
    records = instance.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    outcomes = []
    for record in records:
        event = record.event_log_entry.dagster_event
        data = getattr(event, "event_specific_data", None)
        if data is None or not hasattr(data, "check_name"):
            continue
        outcomes.append(
            CheckOutcome(
                asset=data.asset_key.to_user_string(),
                check_name=data.check_name,
                partition_key=data.partition or run.tags.get(PARTITION_TAG, ""),
                passed=bool(data.passed),
                severity=data.severity.value,
                description=data.description,
            )
        )
    return outcomes


def handle_run(context: dg.RunStatusSensorContext, database: DatabaseResource) -> None:
    run = context.dagster_run
    outcomes = run_check_outcomes(context.instance, run)
    with database.begin() as conn:
        changes = apply_outcomes(conn, outcomes, run.run_id)
    for change in changes:
        delivery = announce(change)
        verb = "opened" if change.opened else "closed"
        context.log.info(
            f"check alert {verb}: {change.outcome.check_name} on {change.outcome.asset} "
            f"[{change.outcome.partition_key or '-'}]; webhook {'sent' if delivery.delivered else delivery.error}"
        )


@dg.run_status_sensor(
    name="check_alerts_after_success",
    run_status=dg.DagsterRunStatus.SUCCESS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description=__doc__,
)
def check_alerts_after_success(context: dg.RunStatusSensorContext, database: DatabaseResource) -> None:
    handle_run(context, database)


@dg.run_status_sensor(
    name="check_alerts_after_failure",
    run_status=dg.DagsterRunStatus.FAILURE,
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description="A failed run's blocking ERROR checks are told to people too (the run incident says why it failed).",
)
def check_alerts_after_failure(context: dg.RunStatusSensorContext, database: DatabaseResource) -> None:
    handle_run(context, database)
