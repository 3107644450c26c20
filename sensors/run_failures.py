"""Run failures become incidents: a failed run writes one row to `pipeline_incidents` (run, job, partition,
failed steps, error) and the log; a later successful run of the same job and partition closes it."""

from __future__ import annotations

import dagster as dg

from hirehound.maintenance.crash_reasons import CRASH_CLASSES, crash_message
from hirehound.maintenance.incidents import Incident, close_incidents, open_incident
from hirehound.ops import incident_alerts
from resources.database import DatabaseResource

PARTITION_TAG = "dagster/partition"


def incident_from_failure(context: dg.RunFailureSensorContext) -> Incident:
    """What failed, where, and why, from the run and its step failure events."""
    run = context.dagster_run
    steps = tuple(sorted({e.step_key for e in context.get_step_failure_events() if e.step_key}))
    error_class, message = None, context.failure_event.message
    for event in context.get_step_failure_events():
        error = getattr(event.event_specific_data, "error", None)
        if error is not None:
            # Dagster wraps the user's exception (DagsterExecutionStepExecutionError); report the root cause.
            while error.cause is not None:
                error = error.cause
            error_class = error.cls_name
            message = f"{error.cls_name}: {error.message}".strip()
            break
    run_error = getattr(context.failure_event.event_specific_data, "error", None)
    if error_class is None and run_error is not None:
        # No step failed: the executor itself did (on Celery: the broker gone, a step lost, a queue without workers).
        while run_error.cause is not None:
            run_error = run_error.cause
        error_class, message = run_error.cls_name, f"{run_error.cls_name}: {run_error.message}".strip()
    if error_class in CRASH_CLASSES or not (message or "").strip(": "):
        # A dead process leaves a bare exception name; its signal or exit code is in the run's engine events.
        message = crash_message(error_class, message, [context.failure_event.message or "", *_engine_messages(context)])
    return Incident(
        run_id=run.run_id,
        job_name=run.job_name,
        partition_key=run.tags.get(PARTITION_TAG, ""),
        failed_steps=steps,
        error_class=error_class,
        error_message=message,
    )


def _engine_messages(context: dg.RunFailureSensorContext) -> list[str]:
    records = context.instance.get_records_for_run(
        run_id=context.dagster_run.run_id, of_type=dg.DagsterEventType.ENGINE_EVENT
    ).records
    return [r.event_log_entry.dagster_event.message or "" for r in records if r.event_log_entry.dagster_event]


@dg.run_failure_sensor(
    name="pipeline_incident_sensor",
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description=__doc__,
)
def pipeline_incident_sensor(context: dg.RunFailureSensorContext, database: DatabaseResource) -> None:
    incident = incident_from_failure(context)
    with database.begin() as conn:
        opened = open_incident(conn, incident)
    if opened:  # once per incident: a re-evaluation finds it already open
        incident_alerts.announce_opened(incident)
    partition = incident.partition_key or "unpartitioned"
    context.log.error(
        f"incident {'opened' if opened else 'already open'}: run {incident.run_id} of {incident.job_name} "
        f"[{partition}] failed in {', '.join(incident.failed_steps) or 'run setup'}: {incident.error_message}"
    )


@dg.run_status_sensor(
    name="pipeline_incident_resolver",
    run_status=dg.DagsterRunStatus.SUCCESS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description="Close open incidents of a job and partition when a later run of them succeeds.",
)
def pipeline_incident_resolver(context: dg.RunStatusSensorContext, database: DatabaseResource) -> None:
    run = context.dagster_run
    with database.begin() as conn:
        closed = close_incidents(conn, run.job_name, run.tags.get(PARTITION_TAG, ""), run.run_id)
        just_closed = incident_alerts.closed_by(conn, run.run_id) if closed else []
    for incident in just_closed:
        incident_alerts.announce_closed(incident)
    if closed:
        context.log.info(f"run {run.run_id} of {run.job_name} succeeded: closed {closed} incident(s)")
