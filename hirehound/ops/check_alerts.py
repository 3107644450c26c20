"""Failed ERROR-severity asset checks as incidents for people: open while the check fails for its asset and
partition, closed by the next evaluation that passes. WARN checks only show in the UI and the metrics."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.lineage.trace import run_link
from hirehound.ops.webhook import Delivery, post_alert


@dataclass(frozen=True)
class CheckOutcome:
    asset: str
    check_name: str
    partition_key: str
    passed: bool
    severity: str  # ERROR | WARN
    description: str | None = None


@dataclass(frozen=True)
class CheckChange:
    outcome: CheckOutcome
    run_id: str
    opened: bool  # False: closed


def apply_outcomes(conn: Connection, outcomes: Iterable[CheckOutcome], run_id: str) -> list[CheckChange]:
    """Open an alert for each failed ERROR check not already open; close the open ones that now pass."""
    changes = []
    for o in outcomes:
        key = {"asset": o.asset, "check": o.check_name, "partition": o.partition_key, "run_id": run_id}
        if not o.passed and o.severity == "ERROR":
            result = conn.execute(
                sa.text(
                    """
                    INSERT INTO check_alerts (asset, check_name, partition_key, run_id, description)
                    VALUES (:asset, :check, :partition, :run_id, :description)
                    ON CONFLICT (asset, check_name, partition_key) WHERE status = 'open' DO NOTHING
                    """
                ),
                {**key, "description": o.description},
            )
            if result.rowcount:
                changes.append(CheckChange(o, run_id, opened=True))
        elif o.passed:
            result = conn.execute(
                sa.text(
                    """
                    UPDATE check_alerts SET status = 'closed', closed_at = now(), closed_by_run_id = :run_id
                    WHERE status = 'open' AND asset = :asset AND check_name = :check AND partition_key = :partition
                    """
                ),
                key,
            )
            if result.rowcount:
                changes.append(CheckChange(o, run_id, opened=False))
    return changes


def announce(change: CheckChange) -> Delivery:
    o = change.outcome
    where = f"{o.asset} [{o.partition_key or 'unpartitioned'}]"
    if change.opened:
        text = f":rotating_light: Hirehound check failed (ERROR): {o.check_name} on {where}"
        text += f"\n{o.description}" if o.description else ""
    else:
        text = f":white_check_mark: Hirehound check passes again: {o.check_name} on {where}"
    return post_alert(f"{text}\n{run_link(change.run_id)}")
