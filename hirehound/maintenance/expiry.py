"""Expiry: postings that are past their deadline or have not been seen for a while leave the catalogue.

A posting expires when its latest `expires_at` has passed, or when no scrape has seen it for `max_unseen_days`
(default 30). "Passed" and "for N days" are measured on the data's own clock by default (`clock="data"`): the end
of the newest scrape date seen for the posting's source (board), never later than now. A historical scrape
backfilled today is therefore judged against the scrapes of its own time, and only expires when newer scrapes of
the same board stop listing it (or a newer scrape date passes its deadline). `clock="wall"` measures against now,
for catalogues that must drop postings whose boards stopped sending scrapes. The expiry time recorded is derived
from the data (the deadline, or last sighting plus the grace period), not from when the job happened to run, so
running expiry late or twice gives the same table.
Revalidation expires postings through `expire_postings` too, with its own reasons. Expired postings are removed
from `published_postings`, and a duplicate cluster whose members have all expired is closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

DEFAULT_MAX_UNSEEN_DAYS = 30
REASON_DEADLINE = "past_expires_at"
REASON_UNSEEN = "not_seen"
CLOCK_DATA = "data"
CLOCK_WALL = "wall"
CLOCKS = (CLOCK_DATA, CLOCK_WALL)


@dataclass
class ExpiryReport:
    clock: str = CLOCK_DATA
    clock_by_source: dict[str, str] = field(default_factory=dict)  # source -> the instant expiry measured against
    expired: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)
    unpublished: int = 0
    clusters_closed: int = 0
    expired_ids: list[str] = field(default_factory=list)


def data_clock(newest_scrape: date | None, now: datetime) -> datetime:
    """The instant a source's postings are judged at: the end of its newest scrape date, never later than now."""
    if newest_scrape is None:
        return now
    end = datetime.combine(newest_scrape + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    return min(end, now)


def expiry_reason(
    expires_at: datetime | None, last_seen: date, now: datetime, max_unseen_days: int = DEFAULT_MAX_UNSEEN_DAYS
) -> str | None:
    """Why an active posting should expire at `now` (its source's clock), or None. The deadline wins."""
    if expires_at is not None and expires_at <= now:
        return REASON_DEADLINE
    if last_seen < now.date() - timedelta(days=max_unseen_days):
        return REASON_UNSEEN
    return None


# The same rule as expiry_reason, set-based, each posting judged at its clock (see data_clock). The latest values of
# a posting are its normalized row at latest_partition; expired_at is the deadline or last sighting + grace,
# whichever made it expire first.
_EXPIRE_SQL = """
WITH clock AS (
    SELECT source, least(CAST(:now AS timestamptz),
                         CAST(max(partition_date) + 1 AS timestamp) AT TIME ZONE 'UTC') AS at
    FROM normalized_postings GROUP BY source
), judged AS (
    SELECT p.posting_id, n.expires_at, p.last_seen,
           CASE WHEN :wall THEN CAST(:now AS timestamptz) ELSE coalesce(c.at, CAST(:now AS timestamptz)) END AS at
    FROM postings p
    LEFT JOIN normalized_postings n ON n.posting_id = p.posting_id AND n.partition_date = p.latest_partition
    LEFT JOIN clock c ON c.source IS NOT DISTINCT FROM n.source
    WHERE p.status = 'active'
), due AS (
    SELECT posting_id, expires_at, last_seen, expires_at <= at AS past_deadline FROM judged
    WHERE expires_at <= at OR last_seen < CAST(at AT TIME ZONE 'UTC' AS date) - CAST(:max_unseen AS integer)
)
UPDATE postings p SET
    status = 'expired',
    expiry_reason = CASE WHEN d.past_deadline THEN :deadline ELSE :unseen END,
    expired_at = CASE WHEN d.past_deadline THEN d.expires_at
                      ELSE CAST(d.last_seen + CAST(:grace AS integer) AS timestamp) AT TIME ZONE 'UTC' END,
    updated_at = now(),
    run_id = :run_id
FROM due d
WHERE p.posting_id = d.posting_id
RETURNING p.posting_id, p.expiry_reason
"""


def source_clocks(conn: Connection, now: datetime) -> dict[str, datetime]:
    """Each source's data clock (see data_clock), for the report and the UI."""
    rows = conn.execute(
        sa.text("SELECT coalesce(source, ''), max(partition_date) FROM normalized_postings GROUP BY 1")
    ).all()
    return {source: data_clock(newest, now) for source, newest in rows}


def expire_due_postings(
    conn: Connection,
    now: datetime,
    run_id: str | None,
    max_unseen_days: int = DEFAULT_MAX_UNSEEN_DAYS,
    clock: str = CLOCK_DATA,
) -> ExpiryReport:
    """Expire every active posting that is past its deadline or unseen for too long, then tidy the catalogue."""
    if clock not in CLOCKS:
        raise ValueError(f"expiry clock must be one of {CLOCKS}, not {clock!r}")
    rows = conn.execute(
        sa.text(_EXPIRE_SQL),
        {
            "now": now,
            "wall": clock == CLOCK_WALL,
            "max_unseen": max_unseen_days,
            "grace": max_unseen_days + 1,  # the first day it counts as unseen for too long
            "deadline": REASON_DEADLINE,
            "unseen": REASON_UNSEEN,
            "run_id": run_id,
        },
    ).all()
    report = ExpiryReport(clock=clock, expired=len(rows), expired_ids=sorted(r[0] for r in rows))
    if clock == CLOCK_DATA:
        report.clock_by_source = {s: at.isoformat() for s, at in sorted(source_clocks(conn, now).items())}
    for _, reason in rows:
        report.by_reason[reason] = report.by_reason.get(reason, 0) + 1
    _leave_catalogue(conn, report, run_id)
    return report


def expire_postings(conn: Connection, reasons: Mapping[str, str], now: datetime, run_id: str | None) -> ExpiryReport:
    """Expire the given active postings (posting_id -> reason), e.g. those revalidation found gone."""
    report = ExpiryReport()
    if reasons:
        rows = conn.execute(
            sa.text(
                """
                UPDATE postings p SET status = 'expired', expiry_reason = r.reason, expired_at = :now,
                       updated_at = now(), run_id = :run_id
                FROM jsonb_each_text(CAST(:reasons AS jsonb)) AS r(posting_id, reason)
                WHERE p.posting_id = r.posting_id AND p.status = 'active'
                RETURNING p.posting_id, p.expiry_reason
                """
            ),
            {"reasons": _json(dict(reasons)), "now": now, "run_id": run_id},
        ).all()
        report.expired = len(rows)
        report.expired_ids = sorted(r[0] for r in rows)
        for _, reason in rows:
            report.by_reason[reason] = report.by_reason.get(reason, 0) + 1
    _leave_catalogue(conn, report, run_id)
    return report


def _leave_catalogue(conn: Connection, report: ExpiryReport, run_id: str | None) -> None:
    """Close clusters with no active member left and drop catalogue rows of expired postings or closed clusters.

    Runs over all open clusters, not only this run's postings, so a cluster missed by an earlier run is caught.
    """
    closed = conn.execute(
        sa.text(
            """
            UPDATE duplicate_clusters c SET status = 'closed', updated_at = now(), run_id = :run_id
            WHERE c.status = 'open'
              AND NOT EXISTS (
                  SELECT 1 FROM cluster_members m JOIN postings p ON p.posting_id = m.posting_id
                  WHERE m.cluster_id = c.cluster_id AND p.status = 'active')
            RETURNING c.cluster_id
            """
        ),
        {"run_id": run_id},
    ).all()
    report.clusters_closed = len(closed)
    deleted = conn.execute(
        sa.text(
            """
            DELETE FROM published_postings
            WHERE posting_id IN (SELECT posting_id FROM postings WHERE status <> 'active')
               OR cluster_id IN (SELECT cluster_id FROM duplicate_clusters WHERE status <> 'open')
            """
        )
    )
    report.unpublished = deleted.rowcount or 0


def expired_still_published(conn: Connection) -> int:
    """Catalogue rows whose posting is no longer active (should be 0 right after expiry)."""
    return int(
        conn.execute(
            sa.text(
                "SELECT count(*) FROM published_postings pp JOIN postings p ON p.posting_id = pp.posting_id "
                "WHERE p.status <> 'active'"
            )
        ).scalar_one()
    )


def _json(value: object) -> str:
    import json

    return json.dumps(value)
