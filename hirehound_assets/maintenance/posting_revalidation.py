"""Posting revalidation: once a day, ask the job boards whether active postings still exist (HTTP, SSRF-guarded,
paced per host); 404/410 answers and "job closed" pages expire the posting, errors go to the failure ledger."""

import time
from datetime import UTC, datetime

import dagster as dg
import httpx

from hirehound.maintenance.http_check import CheckSettings, HostRateLimiter, UrlCheck, check_posting_url
from hirehound.maintenance.revalidation import check_failures, postings_to_check, run_checks, save_checks
from hirehound.ops.counters import record_revalidation_outcomes
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource


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
    check_specs=[dg.AssetCheckSpec("revalidation_error_rate", asset="posting_revalidation")],
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
    error_rate = len(failures) / len(checks) if checks else 0.0
    return dg.MaterializeResult(
        metadata={
            "urls_checked": dg.MetadataValue.int(len(checks)),
            "outcomes": dg.MetadataValue.json(outcomes),
            "postings_expired": dg.MetadataValue.int(report.expired),
            "clusters_closed": dg.MetadataValue.int(report.clusters_closed),
            "failures": dg.MetadataValue.int(len(failures)),
            "top_failure_reasons": dg.MetadataValue.json(reasons),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="revalidation_error_rate",
                passed=error_rate <= 0.2,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"error_rate": dg.MetadataValue.float(round(error_rate, 4))},
                description="Share of URLs that were blocked or gave no answer about the job (WARN above 20%).",
            )
        ],
    )
