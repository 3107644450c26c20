"""Raw postings: every row of every scrape file of the day, stored verbatim (JSONB) with the file it came from.

Files are found in the landing zone by scrape date (folder `YYYY-MM-DD/`, a date in the name, else mtime).
Each file gets a row in `scrape_files` (ingested, partial, quarantined, duplicate, or refused: a symlink leading
out of the landing zone, never read; with counts and errors);
unreadable files are quarantined, unparseable rows go to the failure ledger, and the good rows land. A partition
whose files are unchanged (same paths and sha256) is not read again.
"""

import time
import warnings
from collections import Counter
from typing import Any

import dagster as dg

from hirehound.ingest.layouts import layouts_digest, load_layouts
from hirehound.ingest.raw_files import PARSER_VERSION, FileOutcome, fingerprint, partition_files, read_partition
from hirehound.ingest.refused import STATUS, as_failure, refused_day
from hirehound.ingest.store import replace_raw_partition, save_state, stored_state
from hirehound_assets.ingestion.checks import failure_rate_check, failure_rate_spec
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource
from resources.landing_zone import LandingZoneResource

# BackfillPolicy is a beta parameter in Dagster 1.13; the behaviour we rely on (one run per day) is stable.
warnings.filterwarnings("ignore", message=".*backfill_policy.*")

ASSET = "raw_postings"


@dg.asset(
    partitions_def=daily_partitions,
    group_name="ingestion",
    op_tags=queue_tags("ingestion"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    # one run per scrape date: a backfill of N days launches N runs (the daily job's other stages are per day too)
    backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run=1),
    check_specs=[failure_rate_spec(ASSET)],
)
def raw_postings(
    context: dg.AssetExecutionContext, database: DatabaseResource, landing_zone: LandingZoneResource
) -> dg.MaterializeResult:
    started = time.perf_counter()
    day = partition_day(context.partition_key)
    zone = landing_zone.zone()
    files = partition_files(zone.list_files(), day)
    refused = [r for r in zone.refused if refused_day(r) == day]  # links out of the zone: reported, never read
    hashed = [(f, zone.sha256(f.path)) for f in files]
    layouts = load_layouts()
    inputs = fingerprint(
        [(f.path, sha) for f, sha in hashed] + [(r.path, f"refused:{r.reason}") for r in refused],
        f"{PARSER_VERSION}:{layouts_digest(layouts)}",
    )
    with database.begin() as conn:
        state = stored_state(conn, ASSET, day)
    if state is not None and state["fingerprint"] == inputs:
        context.log.info(f"{len(files)} file(s) of {day} unchanged (sha256): nothing to read")
        return _result(state["details"], skipped=True, seconds=time.perf_counter() - started)

    # Copies are looked for within the scrape date only: the same bytes under another date's folder are a
    # re-scrape that saw the same jobs again, and must move their last_seen.
    progress = step_progress(context, database)
    batch = read_partition(zone, hashed, day, layouts, context.run_id, progress)
    for item in refused:
        batch.files.append(FileOutcome(item.path, "", 0, STATUS, error=item.reason))
        batch.failures.append(as_failure(item))
        context.log.warning(f"refused {item.path}: {item.reason}")
    for outcome in batch.files:
        if outcome.status == "quarantined":
            try:
                where = zone.quarantine(outcome.path, outcome.error or "unreadable", outcome.sha256)
                context.log.warning(f"quarantined {outcome.path}: {outcome.error} ({where})")
            except OSError as exc:  # a read-only landing zone must not stop ingestion
                context.log.warning(f"could not quarantine {outcome.path}: {exc}")
    statuses = Counter(f.status for f in batch.files)
    rows_failed = sum(f.rows_failed for f in batch.files)
    details: dict[str, Any] = {
        "files": len(batch.files),
        "file_status": dict(statuses),
        "rows_in": sum(f.rows_total for f in batch.files),
        "rows_out": len(batch.rows),
        "rows_failed": rows_failed,
        "quarantined_files": statuses.get("quarantined", 0),
        "notes": len(batch.notes),
        "rows_by_source": batch.rows_by("source"),
        "rows_by_format": batch.rows_by("format"),
        "file_table": _file_table(batch.files),
    }
    with database.begin() as conn:
        replace_raw_partition(conn, day, batch.files, batch.rows, context.run_id)
    details["top_failure_reasons"] = database.record_failures(context, batch.failures + batch.notes)
    with database.begin() as conn:
        counts = {"rows_in": int(details["rows_in"]), "rows_out": len(batch.rows), "rows_failed": rows_failed}
        save_state(conn, ASSET, day, inputs, counts, details, context.run_id)
    progress.finish(failed=statuses.get("quarantined", 0))
    context.log.info(f"{len(batch.rows)} raw rows from {len(batch.files)} file(s) of {day}")
    return _result(details, skipped=False, seconds=time.perf_counter() - started)


def _file_table(files: list[FileOutcome]) -> str:
    lines = ["| file | status | format | rows ok | rows failed | note |", "|---|---|---|---|---|---|"]
    for f in files[:30]:
        note = (f.error or (f"duplicate of {f.duplicate_of}" if f.duplicate_of else "")).replace("|", "/")[:80]
        lines.append(f"| {f.path} | {f.status} | {f.format or ''} | {f.rows_ok} | {f.rows_failed} | {note} |")
    if len(files) > 30:
        lines.append(f"| … {len(files) - 30} more | | | | | |")
    return "\n".join(lines)


def _result(details: dict[str, Any], *, skipped: bool, seconds: float) -> dg.MaterializeResult:
    failed = int(details.get("rows_failed", 0)) + int(details.get("quarantined_files", 0))
    total = int(details.get("rows_in", 0)) + int(details.get("quarantined_files", 0))
    return dg.MaterializeResult(
        metadata={
            "skipped_unchanged": dg.MetadataValue.bool(skipped),
            "files": dg.MetadataValue.int(int(details.get("files", 0))),
            "file_status": dg.MetadataValue.json(details.get("file_status", {})),
            "rows_in": dg.MetadataValue.int(int(details.get("rows_in", 0))),
            "rows_out": dg.MetadataValue.int(int(details.get("rows_out", 0))),
            "rows_failed": dg.MetadataValue.int(int(details.get("rows_failed", 0))),
            "quarantined_files": dg.MetadataValue.int(int(details.get("quarantined_files", 0))),
            "ledger_notes": dg.MetadataValue.int(int(details.get("notes", 0))),
            "rows_by_source": dg.MetadataValue.json(details.get("rows_by_source", {})),
            "rows_by_format": dg.MetadataValue.json(details.get("rows_by_format", {})),
            "top_failure_reasons": dg.MetadataValue.json(details.get("top_failure_reasons", {})),
            "seconds": dg.MetadataValue.float(round(seconds, 3)),
            "files_preview": dg.MetadataValue.md(details.get("file_table", "")),
        },
        check_results=[failure_rate_check(ASSET, failed, total)],
    )
