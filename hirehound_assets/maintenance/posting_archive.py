"""Posting archive: once a day, postings inactive for more than 180 days move to `postings_archive` (still
queryable, lineage kept), and failure-ledger rows and incidents resolved long ago are pruned."""

import time
from datetime import UTC, datetime

import dagster as dg

from hirehound.maintenance.archive import DEFAULT_INACTIVE_DAYS, DEFAULT_LEDGER_DAYS, archive_inactive
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource


class ArchiveConfig(dg.Config):
    inactive_days: int = DEFAULT_INACTIVE_DAYS
    ledger_days: int = DEFAULT_LEDGER_DAYS


@dg.asset(
    group_name="maintenance",
    op_tags=queue_tags("maintenance"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
)
def posting_archive(
    context: dg.AssetExecutionContext, config: ArchiveConfig, database: DatabaseResource
) -> dg.MaterializeResult:
    started = time.perf_counter()
    with database.begin() as conn:
        report = archive_inactive(conn, datetime.now(UTC), context.run_id, config.inactive_days, config.ledger_days)
    context.log.info(f"archived {report.archived} postings, pruned {report.failures_pruned} failures")
    return dg.MaterializeResult(
        metadata={
            "postings_archived": report.archived,
            "failures_pruned": report.failures_pruned,
            "incidents_pruned": report.incidents_pruned,
            "seconds": round(time.perf_counter() - started, 3),
        }
    )
