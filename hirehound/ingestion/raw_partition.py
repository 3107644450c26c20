"""One scrape date's files into `raw_postings`, unless the same files were already read the same way.

A partition's inputs are identified by a fingerprint: the (path, sha256) of its files, the links refused on that
date, the reader version and the layouts in use. When the fingerprint matches the one stored by the last run, the
stored counts are the answer and no file is read again; otherwise every file is read, unreadable files are
quarantined, and the partition's rows, file ledger, failures and fingerprint are replaced.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from hirehound.db.failure_ledger import ItemFailure
from hirehound.ingestion.landing import LandingFile, LandingZone, RefusedFile
from hirehound.ingestion.layouts import Layout, layouts_digest, load_layouts
from hirehound.ingestion.raw_files import PARSER_VERSION, FileOutcome, fingerprint, partition_files, read_partition
from hirehound.ingestion.refused import STATUS, as_failure, refused_day
from hirehound.ingestion.store import replace_raw_partition, save_state, stored_state
from hirehound.ops.progress import NO_PROGRESS, ProgressReporter

ASSET = "raw_postings"
PREVIEW_FILES = 30

RecordFailures = Callable[[list[ItemFailure]], dict[str, int]]  # writes the ledger, returns the top reasons


@dataclass
class RawPlan:
    """What a run of the partition would read, and what the last run stored for the same inputs (if any)."""

    day: date
    files: list[tuple[LandingFile, str]]  # (file, sha256)
    refused: list[RefusedFile]
    layouts: tuple[Layout, ...]
    fingerprint: str
    previous: dict[str, Any] | None  # the stored details when the fingerprint is unchanged

    @property
    def unchanged(self) -> bool:
        return self.previous is not None


@dataclass
class RawResult:
    """The partition's counts (the same dict is stored, so an unchanged re-run reports the same figures)."""

    details: dict[str, Any]
    skipped: bool

    def count(self, key: str) -> int:
        return int(self.details.get(key, 0))

    @property
    def failed(self) -> int:
        """Rows that could not be parsed plus files that could not be read at all: the failure-rate numerator."""
        return self.count("rows_failed") + self.count("quarantined_files")

    @property
    def total(self) -> int:
        return self.count("rows_in") + self.count("quarantined_files")


def plan_raw_partition(engine: Engine, zone: LandingZone, day: date) -> RawPlan:
    """Hash the day's files and compare the inputs with the last run's."""
    files = partition_files(zone.list_files(), day)
    refused = [r for r in zone.refused if refused_day(r) == day]  # links out of the zone: reported, never read
    hashed = [(f, zone.sha256(f.path)) for f in files]
    layouts = load_layouts()
    inputs = fingerprint(
        [(f.path, sha) for f, sha in hashed] + [(r.path, f"refused:{r.reason}") for r in refused],
        f"{PARSER_VERSION}:{layouts_digest(layouts)}",
    )
    with engine.begin() as conn:
        state = stored_state(conn, ASSET, day)
    previous = dict(state["details"]) if state is not None and state["fingerprint"] == inputs else None
    return RawPlan(day, hashed, refused, layouts, inputs, previous)


def unchanged_result(plan: RawPlan) -> RawResult:
    return RawResult(dict(plan.previous or {}), skipped=True)


def ingest_raw_partition(
    engine: Engine,
    zone: LandingZone,
    plan: RawPlan,
    run_id: str | None,
    record_failures: RecordFailures,
    log: logging.Logger,
    progress: ProgressReporter = NO_PROGRESS,
) -> RawResult:
    """Read every file of the plan, quarantine the unreadable ones, and replace the partition's rows and state."""
    # Copies are looked for within the scrape date only: the same bytes under another date's folder are a
    # re-scrape that saw the same jobs again, and must move their last_seen.
    batch = read_partition(zone, plan.files, plan.day, plan.layouts, run_id, progress)
    for item in plan.refused:
        batch.files.append(FileOutcome(item.path, "", 0, STATUS, error=item.reason))
        batch.failures.append(as_failure(item))
        log.warning(f"refused {item.path}: {item.reason}")
    for outcome in batch.files:
        if outcome.status == "quarantined":
            try:
                where = zone.quarantine(outcome.path, outcome.error or "unreadable", outcome.sha256)
                log.warning(f"quarantined {outcome.path}: {outcome.error} ({where})")
            except OSError as exc:  # a read-only landing zone must not stop ingestion
                log.warning(f"could not quarantine {outcome.path}: {exc}")
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
        "file_table": file_table(batch.files),
    }
    with engine.begin() as conn:
        replace_raw_partition(conn, plan.day, batch.files, batch.rows, run_id)
    details["top_failure_reasons"] = record_failures(batch.failures + batch.notes)
    with engine.begin() as conn:
        counts = {"rows_in": int(details["rows_in"]), "rows_out": len(batch.rows), "rows_failed": rows_failed}
        save_state(conn, ASSET, plan.day, plan.fingerprint, counts, details, run_id)
    log.info(f"{len(batch.rows)} raw rows from {len(batch.files)} file(s) of {plan.day}")
    return RawResult(details, skipped=False)


def file_table(files: list[FileOutcome]) -> str:
    """A markdown table of the partition's files (the first 30) for the run's metadata."""
    lines = ["| file | status | format | rows ok | rows failed | note |", "|---|---|---|---|---|---|"]
    for f in files[:PREVIEW_FILES]:
        note = (f.error or (f"duplicate of {f.duplicate_of}" if f.duplicate_of else "")).replace("|", "/")[:80]
        lines.append(f"| {f.path} | {f.status} | {f.format or ''} | {f.rows_ok} | {f.rows_failed} | {note} |")
    if len(files) > PREVIEW_FILES:
        lines.append(f"| … {len(files) - PREVIEW_FILES} more | | | | | |")
    return "\n".join(lines)
