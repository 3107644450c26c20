"""Normalizing a partition's raw rows: one posting per identity, failures and duplicates counted, never raised.

Within one scrape date an identity appears once: the first row in file-path and row order wins (a deterministic
choice that does not depend on run order); the others are counted as in-partition duplicates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hirehound.db.failure_ledger import ItemFailure
from hirehound.ingestion.layouts import Layout, LayoutError, layout_by_name
from hirehound.ingestion.normalize import RowRejected, normalize_record
from hirehound.ingestion.scrape_date import board_from_name
from hirehound.ingestion.store import NORMALIZED_COLUMNS


@dataclass
class NormalizedBatch:
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    failures: list[ItemFailure] = field(default_factory=list)
    notes: list[ItemFailure] = field(default_factory=list)  # rows kept with a field dropped as out of range
    rows_in: int = 0
    duplicates: int = 0
    by_source: Counter[str] = field(default_factory=Counter)
    by_format: Counter[str] = field(default_factory=Counter)
    preview: list[dict[str, Any]] = field(default_factory=list)


def normalize_rows(
    raw_rows: Iterable[tuple[str, str, int, str, dict[str, Any]]],
    day: date,
    layouts: tuple[Layout, ...],
    run_id: str | None = None,
    preview_size: int = 10,
) -> NormalizedBatch:
    """Normalize (raw_id, file_path, row_number, format, payload) rows of one scrape date."""
    batch = NormalizedBatch()
    seen: set[str] = set()
    layout_cache: dict[str, Layout | None] = {}
    board_cache: dict[str, str | None] = {}
    for raw_id, path, _row_number, fmt, payload in raw_rows:
        batch.rows_in += 1
        if fmt not in layout_cache:
            try:
                layout_cache[fmt] = layout_by_name(fmt.split("/", 1)[0], layouts)
            except LayoutError:
                layout_cache[fmt] = None
        layout = layout_cache[fmt]
        if layout is None:
            batch.failures.append(ItemFailure(raw_id, "normalize", "UnknownLayout", f"no mapping for format {fmt}"))
            continue
        if path not in board_cache:
            board_cache[path] = board_from_name(path)
        try:
            record = normalize_record(
                layout.to_native(payload), scrape_date=day, raw_id=raw_id, file_board=board_cache[path]
            )
        except RowRejected as exc:
            batch.failures.append(ItemFailure(raw_id, "normalize", exc.error_class, f"{path}: {exc}"))
            continue
        except Exception as exc:  # a bug or a value nobody foresaw must cost one row, not the partition
            batch.failures.append(ItemFailure.from_exception(raw_id, "normalize", exc))
            continue
        if record["field_notes"]:  # the ledger keeps one row per (item, stage): one note lists every field
            dropped = "; ".join(f"{name} {reason}" for name, reason in record["field_notes"])
            batch.notes.append(ItemFailure(raw_id, "normalize", "FieldOutOfRange", f"{path}: {dropped}"))
        if record["posting_id"] in seen:
            batch.duplicates += 1
            continue
        seen.add(record["posting_id"])
        record["run_id"] = run_id
        batch.rows.append(tuple(record[c] for c in NORMALIZED_COLUMNS))
        batch.by_source[record["source"]] += 1
        batch.by_format[fmt] += 1
        if len(batch.preview) < preview_size:
            batch.preview.append(record)
    return batch


def preview_markdown(records: list[dict[str, Any]]) -> str:
    """A small markdown table of normalized postings for the Dagster UI."""
    header = (
        "| source | title | company | location | remote | salary (annual) | posted |\n|---|---|---|---|---|---|---|"
    )
    lines = [header]
    for r in records:
        place = ", ".join(p for p in (r["city"], r["region"], r["country_code"]) if p)
        pay = ""
        if r["salary_annual_min"] or r["salary_annual_max"]:
            pay = f"{r['salary_annual_min'] or ''}–{r['salary_annual_max'] or ''} {r['salary_currency'] or ''}"
        cells = [
            r["source"],
            r["title_normalized"],
            r["company_raw"] or "",
            place,
            r["remote_type"],
            pay,
            str(r["date_posted"] or ""),
        ]
        lines.append("| " + " | ".join(str(c).replace("|", "/")[:60] for c in cells) + " |")
    return "\n".join(lines)
