"""One scrape date's raw rows into `normalized_postings` and `postings`, unless nothing they depend on changed.

The inputs are the raw partition's fingerprint, the normalizer version and the layouts in use; when they match
what the last run stored, the stored counts stand and no row is normalized again. Otherwise every raw row is
normalized and the partition replaced in one transaction, with `postings` recomputed for every identity touched.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from hirehound.db.failure_ledger import ItemFailure
from hirehound.ingestion.layouts import Layout, layouts_digest, load_layouts
from hirehound.ingestion.normalize import NORMALIZER_VERSION
from hirehound.ingestion.normalized_rows import normalize_rows, preview_markdown
from hirehound.ingestion.store import iter_raw_rows, replace_normalized_partition, save_state, stored_state
from hirehound.ops.progress import NO_PROGRESS, ProgressReporter, tracked

ASSET = "normalized_postings"
RAW_ASSET = "raw_postings"

RecordFailures = Callable[[list[ItemFailure]], dict[str, int]]  # writes the ledger, returns the top reasons


@dataclass
class NormalizePlan:
    day: date
    layouts: tuple[Layout, ...]
    fingerprint: str
    raw_rows: int  # rows the raw partition holds: the progress total
    previous: dict[str, Any] | None  # the stored details when the inputs are unchanged

    @property
    def unchanged(self) -> bool:
        return self.previous is not None


def inputs_fingerprint(raw_fingerprint: str | None, layouts: tuple[Layout, ...]) -> str:
    """Changes when the raw rows, the normalizer or a mapping changes."""
    raw = raw_fingerprint or "no-raw-rows"
    return hashlib.sha256(f"{raw}:{NORMALIZER_VERSION}:{layouts_digest(layouts)}".encode()).hexdigest()


def plan_normalized_partition(engine: Engine, day: date) -> NormalizePlan:
    layouts = load_layouts()
    with engine.begin() as conn:
        raw_state = stored_state(conn, RAW_ASSET, day)
        own_state = stored_state(conn, ASSET, day)
    inputs = inputs_fingerprint(raw_state["fingerprint"] if raw_state else None, layouts)
    previous = dict(own_state["details"]) if own_state is not None and own_state["fingerprint"] == inputs else None
    return NormalizePlan(day, layouts, inputs, int(raw_state["rows_out"]) if raw_state else 0, previous)


def normalize_partition(
    engine: Engine,
    plan: NormalizePlan,
    run_id: str | None,
    record_failures: RecordFailures,
    log: logging.Logger,
    progress: ProgressReporter = NO_PROGRESS,
) -> dict[str, Any]:
    """Normalize the day's raw rows, replace the partition, record failures and the inputs; returns the counts."""
    with engine.begin() as conn:
        raw = tracked(iter_raw_rows(conn, plan.day), progress, total=plan.raw_rows)
        batch = normalize_rows(raw, plan.day, plan.layouts, run_id)
        log.info(f"normalized {len(batch.rows)} of {batch.rows_in} raw rows of {plan.day}")
        stats = replace_normalized_partition(conn, plan.day, batch.rows, run_id)
    details: dict[str, Any] = {
        "rows_in": batch.rows_in,
        "rows_out": len(batch.rows),
        "rows_failed": len(batch.failures),
        "fields_dropped": len(batch.notes),
        "duplicates_in_partition": batch.duplicates,
        "rows_by_source": dict(batch.by_source),
        "rows_by_format": dict(batch.by_format),
        "preview": preview_markdown(batch.preview),
        **stats,
    }
    details["top_failure_reasons"] = record_failures(batch.failures + batch.notes)
    with engine.begin() as conn:
        counts = {k: int(details[k]) for k in ("rows_in", "rows_out", "rows_failed")}
        save_state(conn, ASSET, plan.day, plan.fingerprint, counts, details, run_id)
    return details
