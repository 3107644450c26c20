"""`hirehound status`: per asset the latest partition materialized, open failures by reason, open incidents."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import cast

import typer

from hirehound.cli.errors import friendly_errors
from hirehound.maintenance.status import AssetStatus
from hirehound.ops.progress_store import StepProgress, recent_progress


def _dagster_statuses() -> list[AssetStatus]:
    """Per asset, the newest partition materialized (not merely the latest event: backfills run old days last),
    with the run that materialized it, from the Dagster instance at DAGSTER_HOME."""
    import dagster as dg

    instance = dg.DagsterInstance.get()
    statuses = []
    for key in sorted(instance.get_asset_keys(), key=lambda k: k.to_user_string()):
        partitions = instance.get_materialized_partitions(key)
        if partitions:
            newest = max(partitions)
            records = instance.fetch_materializations(
                dg.AssetRecordsFilter(asset_key=key, asset_partitions=[newest]), limit=1
            ).records
            run_id = records[0].run_id if records else None
            statuses.append(AssetStatus(key.to_user_string(), newest, run_id, "dagster"))
            continue
        event = instance.get_latest_materialization_event(key)
        if event is not None:
            statuses.append(AssetStatus(key.to_user_string(), None, event.run_id, "dagster"))
    return statuses


def _use_hirehound_instance() -> None:
    """Read partitions and runs from the Dagster instance `hirehound dev` uses, even from a plain shell: the tables
    alone cannot always tell which run materialized a partition."""
    from hirehound import config

    if os.environ.get("DAGSTER_HOME") or not (config.dagster_home_dir() / "dagster.yaml").exists():
        return
    from hirehound.cli.dev_cmd import prepare_environment

    with friendly_errors():
        os.environ.update(prepare_environment())


def status() -> None:
    """Show the latest partition of each asset, unresolved failures by reason, and open incidents."""
    from hirehound.db.engine import get_engine
    from hirehound.lineage.trace import run_link
    from hirehound.maintenance.incidents import list_open
    from hirehound.maintenance.status import failures_by_reason, table_statuses

    with friendly_errors():
        engine = get_engine()
        with engine.begin() as conn:
            assets = table_statuses(conn)
            failures = failures_by_reason(conn)
            incidents = list_open(conn)
            progress = recent_progress(conn, limit=12)
    _use_hirehound_instance()
    if os.environ.get("DAGSTER_HOME"):
        from_dagster = _dagster_statuses()
        known = {s.asset for s in from_dagster}
        assets = from_dagster + [s for s in assets if s.asset not in known]
    typer.secho("Assets (latest partition materialized)", bold=True)
    for s in assets:
        typer.echo(f"  {s.asset:<26} {s.latest_partition or '-':<12} run {s.run_id or '-'}  [{s.source}]")
    if not assets:
        typer.echo("  nothing materialized yet")
    typer.secho("Open failures by reason", bold=True)
    for f in failures:
        typer.echo(
            f"  {f['asset']:<26} {f['stage']}: {f['error_class']:<28} {f['failures']:>6} item(s) "
            f"in {f['partitions']} partition(s)"
        )
    if not failures:
        typer.echo("  none")
    typer.secho("Open incidents", bold=True)
    for i in incidents:
        steps = ", ".join(cast(list[str], i["failed_steps"] or [])) or "run"
        typer.echo(f"  {i['opened_at']!s:.16} {i['job_name']} [{i['partition_key'] or '-'}] {steps}")
        typer.echo(f"      {str(i['error_message'] or '')[:160]}")
        typer.echo(f"      {run_link(str(i['run_id']))}")
    if not incidents:
        typer.echo("  none")
    _show_progress(progress)


def _show_progress(steps: Sequence[StepProgress]) -> None:
    """The latest steps' progress; a `running` step whose run finished in Dagster stopped where it shows."""
    from datetime import UTC, datetime

    from hirehound.ops.progress_view import describe

    typer.secho("Step progress (latest first)", bold=True)
    statuses: dict[str, str] = {}
    if os.environ.get("DAGSTER_HOME") and any(s.state == "running" for s in steps):
        import dagster as dg

        instance = dg.DagsterInstance.get()
        for s in steps:
            run = instance.get_run_by_id(s.run_id) if s.state == "running" else None
            if run is not None:
                statuses[s.run_id] = run.status.value
    now = datetime.now(UTC)
    for s in steps:
        typer.echo(f"  {describe(s, statuses.get(s.run_id), now)}")
    if not steps:
        typer.echo("  no step has reported progress yet")
