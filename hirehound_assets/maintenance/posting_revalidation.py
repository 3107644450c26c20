"""Posting revalidation: once a day, ask the job boards whether active postings still exist (HTTP, SSRF-guarded,
paced per host); 404/410 answers and "job closed" pages expire the posting, errors go to the failure ledger."""

import time
from datetime import UTC, datetime

import dagster as dg
import httpx

from hirehound.db.failure_ledger import summarize
from hirehound.maintenance.http_check import CheckSettings, HostRateLimiter, UrlCheck, check_posting_url
from hirehound.maintenance.revalidation import check_failures, postings_to_check, run_checks, save_checks
from hirehound.ops.counters import record_revalidation_outcomes
from hirehound_assets.checks.failure_rate import failure_rate_check
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource

# Unpartitioned: revalidation checks whatever postings are due, not one scrape date's.
ERROR_RATE = failure_rate_check(
    "posting_revalidation",
    name="revalidation_error_rate",
    items="URLs that were blocked or gave no answer about the job",
    warn_above=0.2,
    partitioned=False,
)


class RevalidationConfig(dg.Config):
    max_urls: int = 2000
    per_host_interval_s: float = 2.0
    timeout_s: float = 10.0
    use_head: bool = False


@dg.asset(
    group_name="maintenance",
    op_tags=queue_tags("maintenance"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    check_specs=[ERROR_RATE.spec],
)
def posting_revalidation(
    context: dg.AssetExecutionContext, config: RevalidationConfig, database: DatabaseResource
) -> dg.MaterializeResult:
    started = time.perf_counter()
    with database.begin() as conn:
        items = postings_to_check(conn, config.max_urls)
    context.log.info(f"checking {len(items)} posting URLs")
    progress = step_progress(context, database, total=len(items))
    limiter = HostRateLimiter(config.per_host_interval_s)
    settings = CheckSettings(use_head=config.use_head)
    with httpx.Client(timeout=config.timeout_s) as client:

        def check(pid: str, url: str) -> UrlCheck:
            result = check_posting_url(client, pid, url, limiter, settings)
            progress.advance(failed=len(check_failures([result])))
            return result

        checks = run_checks(items, check)
    now = datetime.now(UTC)
    with database.begin() as conn:
        report = save_checks(conn, checks, now, context.run_id)
    failures = check_failures(checks)
    reasons = database.record_failures(context, failures)
    progress.finish(failed=len(failures))
    outcomes: dict[str, int] = {}
    for c in checks:
        outcomes[c.outcome] = outcomes.get(c.outcome, 0) + 1
    with database.begin() as conn:
        record_revalidation_outcomes(conn, outcomes)
    return dg.MaterializeResult(
        metadata={
            "urls_checked": len(checks),
            "outcomes": dg.MetadataValue.json(outcomes),
            "postings_expired": report.expired,
            "clusters_closed": report.clusters_closed,
            "failures": len(failures),
            "top_failure_reasons": dg.MetadataValue.json(reasons),
            "seconds": round(time.perf_counter() - started, 3),
        },
        check_results=[ERROR_RATE.result(len(failures), len(checks), summarize(failures))],
    )
