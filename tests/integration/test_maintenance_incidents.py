"""The run-failure sensor opens an incident for a failed partitioned run; a later success of it closes it."""

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound.maintenance.incidents import close_incidents, list_open
from hirehound_assets.partitions import daily_partitions, instance_with_scrape_dates
from sensors.run_failures import pipeline_incident_resolver, pipeline_incident_sensor

pytestmark = pytest.mark.integration


class FlakyConfig(dg.Config):
    fail: bool = False


@dg.asset(partitions_def=daily_partitions)
def flaky_stage(config: FlakyConfig) -> None:
    if config.fail:
        raise RuntimeError("upstream file is truncated")


def _run(instance: dg.DagsterInstance, fail: bool) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [flaky_stage],
        partition_key="2026-11-20",
        instance=instance_with_scrape_dates("2026-11-20", instance=instance),
        raise_on_error=False,
        run_config={"ops": {"flaky_stage": {"config": {"fail": fail}}}},
    )


def test_failed_run_opens_an_incident_and_a_later_success_closes_it(database, engine: sa.Engine) -> None:  # type: ignore[no-untyped-def]
    instance = dg.DagsterInstance.ephemeral()
    failed = _run(instance, fail=True)
    assert not failed.success
    failure_event = next(e for e in failed.all_events if e.event_type == dg.DagsterEventType.RUN_FAILURE)
    context = dg.build_run_status_sensor_context(
        sensor_name="pipeline_incident_sensor",
        dagster_event=failure_event,
        dagster_instance=instance,
        dagster_run=failed.dagster_run,
        resources={"database": database},
    ).for_run_failure()
    pipeline_incident_sensor(context)
    pipeline_incident_sensor(context)  # a re-evaluation must not duplicate the incident

    with engine.begin() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT run_id, job_name, partition_key, failed_steps, error_class, error_message, status "
                "FROM pipeline_incidents"
            )
        ).all()
    assert len(rows) == 1
    run_id, job, partition, steps, error_class, message, status = rows[0]
    assert (run_id, partition, steps, status) == (failed.run_id, "2026-11-20", ["flaky_stage"], "open")
    assert job == failed.dagster_run.job_name
    assert error_class == "RuntimeError" and "upstream file is truncated" in message

    succeeded = _run(instance, fail=False)
    assert succeeded.success
    success_event = next(e for e in succeeded.all_events if e.event_type == dg.DagsterEventType.RUN_SUCCESS)
    resolver_context = dg.build_run_status_sensor_context(
        sensor_name="pipeline_incident_resolver",
        dagster_event=success_event,
        dagster_instance=instance,
        dagster_run=succeeded.dagster_run,
        resources={"database": database},
    )
    pipeline_incident_resolver(resolver_context)
    with engine.begin() as conn:
        closed = conn.execute(sa.text("SELECT status, closed_by_run_id FROM pipeline_incidents")).all()
    assert closed == [("closed", succeeded.run_id)]


def test_success_of_another_partition_or_job_leaves_the_incident_open(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO pipeline_incidents (run_id, job_name, partition_key) VALUES ('r1', 'j', '2026-11-20')")
        )
        assert close_incidents(conn, "j", "2026-11-21", "r2") == 0
        assert close_incidents(conn, "other_job", "2026-11-20", "r2") == 0
        assert [r["run_id"] for r in list_open(conn)] == ["r1"]
        assert close_incidents(conn, "j", "2026-11-20", "r2") == 1


def test_a_step_killed_by_sigkill_is_reported_with_its_signal(database, engine: sa.Engine) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.crash_target import crash_job

    with (
        dg.instance_for_test() as instance,
        dg.execute_job(
            dg.reconstructable(crash_job), instance=instance, tags={"dagster/partition": "2026-11-21"}
        ) as result,
    ):
        assert not result.success
        failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_FAILURE)
        context = dg.build_run_status_sensor_context(
            sensor_name="pipeline_incident_sensor",
            dagster_event=failure,
            dagster_instance=instance,
            dagster_run=result.dagster_run,
            resources={"database": database},
        ).for_run_failure()
        pipeline_incident_sensor(context)
    with engine.begin() as conn:
        error_class, message = conn.execute(
            sa.text("SELECT error_class, error_message FROM pipeline_incidents WHERE partition_key = '2026-11-21'")
        ).one()
    assert error_class == "ChildProcessCrashException"
    assert "signal 9 (SIGKILL)" in message and "oom_stage" in message
