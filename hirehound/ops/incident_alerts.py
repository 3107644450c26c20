"""What people are told about incidents: one webhook message when an incident opens, one when it closes.

Incidents are failed runs (`pipeline_incidents`) and failed ERROR-severity asset checks (`check_alerts`). The
callers post only for rows they themselves opened or closed, so each incident is announced once each way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.lineage.trace import run_link
from hirehound.maintenance.incidents import Incident
from hirehound.ops.webhook import Delivery, post_alert


def _where(job: str, partition: str) -> str:
    return f"{job} [{partition or 'unpartitioned'}]"


def incident_opened_text(incident: Incident) -> str:
    steps = ", ".join(incident.failed_steps) or "run setup"
    error = (incident.error_message or "no error message")[:600]
    return (
        f":rotating_light: Hirehound run failed: {_where(incident.job_name, incident.partition_key)} "
        f"in {steps}\n{error}\n{run_link(incident.run_id)}"
    )


def announce_opened(incident: Incident) -> Delivery:
    return post_alert(incident_opened_text(incident))


@dataclass(frozen=True)
class ClosedIncident:
    run_id: str
    job_name: str
    partition_key: str
    closed_by_run_id: str


def closed_by(conn: Connection, run_id: str) -> Sequence[ClosedIncident]:
    """The incidents the run `run_id` closed (it succeeded where they had failed)."""
    rows = conn.execute(
        sa.text(
            "SELECT run_id, job_name, partition_key, closed_by_run_id FROM pipeline_incidents "
            "WHERE status = 'closed' AND closed_by_run_id = :run_id ORDER BY incident_id"
        ),
        {"run_id": run_id},
    )
    return [ClosedIncident(*r) for r in rows]


def announce_closed(incident: ClosedIncident) -> Delivery:
    return post_alert(
        f":white_check_mark: Hirehound incident closed: {_where(incident.job_name, incident.partition_key)} "
        f"(failed run {incident.run_id}) succeeded in run {incident.closed_by_run_id}\n"
        f"{run_link(incident.closed_by_run_id)}"
    )
