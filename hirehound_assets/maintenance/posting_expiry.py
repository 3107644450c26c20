"""Posting expiry: every 15 minutes, postings past their deadline or not seen by any scrape for 30 days become
expired and leave the published catalogue; duplicate clusters whose members all expired are closed.

Time is the data's own clock by default: the end of the newest scrape date of each posting's board, so a
backfilled historical scrape is judged against the scrapes of its time, not today's date (`clock: wall`, or
HIREHOUND_EXPIRY_CLOCK=wall, judges against now). Past catalogues stay queryable: `catalogue_as_of(date)`."""

import os
import time
from datetime import UTC, datetime

import dagster as dg

from hirehound.maintenance.expiry import (
    CLOCKS,
    DEFAULT_MAX_UNSEEN_DAYS,
    expire_due_postings,
    expired_still_published,
)
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource


class ExpiryConfig(dg.Config):
    max_unseen_days: int = DEFAULT_MAX_UNSEEN_DAYS
    clock: str | None = None  # "data" (default) or "wall"; empty: HIREHOUND_EXPIRY_CLOCK, else "data"

    def resolved_clock(self) -> str:
        clock = (self.clock or os.environ.get("HIREHOUND_EXPIRY_CLOCK") or "data").strip().lower()
        if clock not in CLOCKS:
            raise dg.Failure(f"expiry clock must be one of {CLOCKS} (config or HIREHOUND_EXPIRY_CLOCK), not {clock!r}")
        return clock


@dg.asset(
    group_name="maintenance",
    op_tags=queue_tags("maintenance"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    check_specs=[dg.AssetCheckSpec("no_expired_posting_published", asset="posting_expiry")],
)
def posting_expiry(
    context: dg.AssetExecutionContext, config: ExpiryConfig, database: DatabaseResource
) -> dg.MaterializeResult:
    started = time.perf_counter()
    progress = step_progress(context, database)  # one set-based update: the row shows it ran and what it expired
    clock = config.resolved_clock()
    with database.begin() as conn:
        report = expire_due_postings(conn, datetime.now(UTC), context.run_id, config.max_unseen_days, clock)
        leftovers = expired_still_published(conn)
    progress.advance(report.expired)
    progress.finish()
    context.log.info(f"expired {report.expired} postings {report.by_reason}; closed {report.clusters_closed} clusters")
    return dg.MaterializeResult(
        metadata={
            "postings_expired": report.expired,
            "by_reason": dg.MetadataValue.json(report.by_reason),
            "unpublished": report.unpublished,
            "clusters_closed": report.clusters_closed,
            "max_unseen_days": config.max_unseen_days,
            "clock": clock,
            "clock_by_source": dg.MetadataValue.json(report.clock_by_source),
            "seconds": round(time.perf_counter() - started, 3),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="no_expired_posting_published",
                passed=leftovers == 0,
                metadata={"expired_still_published": leftovers},
                description="After expiry the catalogue holds no posting that is no longer active.",
            )
        ],
    )
