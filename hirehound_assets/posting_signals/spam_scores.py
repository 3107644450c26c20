"""Spam scores: red flags and, when a spam model has been trained, the model's fraud probability per posting.

Red flags (named, with the text that raised them): requests for sensitive data or fees, personal email,
WhatsApp or Telegram contact, an unidentifiable employer, unrealistic pay for the role, a title the description
does not match, unusual payment methods, pressure language. Spam postings never reach the published catalogue.

The stage does not need a trained model: without one (a fresh install) the rules decide and the metadata says
"rules only"; `spam_model` (group models) or `hirehound spam train` adds one, and the next run uses it.
"""

import time

import dagster as dg

from hirehound.pipeline.stage_inputs import spam_scores_inputs
from hirehound.spam.scoring import score_partition
from hirehound_assets import unchanged
from hirehound_assets.checks.specs import daily_check_spec
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.preview_tables import md_table
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource

CHECK = "spam_share"
MAX_SHARE = 0.3  # a day where more than 30% looks like spam means a broken rule or model, not a scam wave


@dg.asset(
    # Not spam_model: a model is optional, read from spam_models when there is one, so a job run never waits on
    # (or warns about) a model nobody has trained.
    deps=[dg.AssetKey("normalized_postings"), dg.AssetKey("organizations")],
    partitions_def=daily_partitions,
    group_name="posting_signals",
    op_tags=queue_tags("posting_signals"),
    kinds={"python", "postgres", "scikitlearn"},
    pool="postgres",
    description=__doc__,
    check_specs=[daily_check_spec(CHECK, asset="spam_scores", description="The spam share stays plausible.")],
)
def spam_scores(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    started = time.perf_counter()
    gate = unchanged.gate(database, spam_scores_inputs(partition_day(context.partition_key)))
    if gate.skip:
        return unchanged.replay(context, gate)
    progress = step_progress(context, database)
    with database.begin() as conn:
        report = score_partition(conn, partition_day(context.partition_key), context.run_id, progress)
    top_reasons = database.record_failures(context, report.failures)
    progress.finish(failed=len(report.failures))
    share = report.spam / report.postings if report.postings else 0.0
    context.log.info(f"{report.spam} of {report.postings} postings scored as spam; scoring: {report.scoring}")
    result: dg.MaterializeResult = dg.MaterializeResult(
        metadata={
            "postings": report.postings,
            "spam": report.spam,
            "spam_share": round(share, 4),
            "model_version": report.model_version or "none (rules only)",
            "scoring": report.scoring,
            "employer_blind_sources": dg.MetadataValue.json(report.employer_blind_sources),
            "decided_by": dg.MetadataValue.json(report.by_decision),
            "flags": dg.MetadataValue.json(report.flags),
            "failures": len(report.failures),
            "failure_reasons": dg.MetadataValue.json(top_reasons),
            "seconds": round(time.perf_counter() - started, 3),
            "spam_preview": dg.MetadataValue.md(md_table(report.preview, "_no spam_")),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=CHECK,
                passed=share <= MAX_SHARE or report.postings < 20,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"spam_share": round(share, 4)},
            )
        ],
    )
    return unchanged.finish(context, database, gate, result, rows=report.postings)
