"""Reading a scrape date's files into raw rows: every row verbatim, every file accounted for in the file ledger.

A file is `ingested` (all rows read), `partial` (some rows could not be parsed; the good ones land),
`quarantined` (not readable at all) or `duplicate` (same sha256 as a file already taken, under another name).
Nothing is dropped silently: unparseable rows and unreadable files become failure-ledger items.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hirehound.db.failure_ledger import ItemFailure
from hirehound.ingestion.decoding import UnreadableFile
from hirehound.ingestion.landing import LandingFile, LandingZone
from hirehound.ingestion.layouts import Layout, LayoutError, layout_by_name
from hirehound.ingestion.readers import RowProblem, read_scrape_file
from hirehound.ingestion.scrape_date import board_from_name
from hirehound.ops.progress import NO_PROGRESS, ProgressReporter, tracked

PARSER_VERSION = "2"  # bump when reading changes, so unchanged partitions are read again (2: per-line decoding)


@dataclass
class FileOutcome:
    path: str
    sha256: str
    size_bytes: int
    status: str  # ingested | partial | quarantined | duplicate
    format: str | None = None
    source: str | None = None
    encoding: str | None = None
    rows_total: int = 0
    rows_ok: int = 0
    rows_failed: int = 0
    error: str | None = None
    duplicate_of: str | None = None


@dataclass
class RawBatch:
    """What one partition's files yielded: file outcomes, raw rows (COPY-ready), failures and notes."""

    files: list[FileOutcome] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    failures: list[ItemFailure] = field(default_factory=list)  # unreadable files and unparseable rows
    notes: list[ItemFailure] = field(default_factory=list)  # rows kept with a change (e.g. truncated field)

    def rows_by(self, attribute: str) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for f in self.files:
            if f.rows_ok:
                counts[str(getattr(f, attribute) or "unknown")] += f.rows_ok
        return dict(counts)


def partition_files(files: Iterable[LandingFile], day: date) -> list[LandingFile]:
    return sorted((f for f in files if f.scrape_date == day), key=lambda f: f.path)


def fingerprint(hashed: Iterable[tuple[str, str]], version: str = PARSER_VERSION) -> str:
    """Identifies a partition's inputs: its files' (path, sha256) and the reader version."""
    body = json.dumps([version, sorted(hashed)])
    return hashlib.sha256(body.encode()).hexdigest()


def _source_of(layout: Layout, payload: dict[str, Any], board: str | None) -> str | None:
    value = layout.to_native(payload).get("source") if layout.name != "native" else payload.get("source")
    text = str(value).strip().lower() if value not in (None, "") else ""
    return text or board


def read_partition(
    zone: LandingZone,
    files: list[tuple[LandingFile, str]],
    day: date,
    layouts: tuple[Layout, ...],
    run_id: str | None = None,
    progress: ProgressReporter = NO_PROGRESS,
) -> RawBatch:
    """Read every (file, sha256) of the partition; a second file with the same sha256 is marked duplicate."""
    batch = RawBatch()
    taken: dict[str, str] = {}
    for landing_file, sha in tracked(sorted(files, key=lambda item: item[0].path), progress):
        outcome = FileOutcome(landing_file.path, sha, landing_file.size, "ingested")
        batch.files.append(outcome)
        if sha in taken:
            outcome.status, outcome.duplicate_of = "duplicate", taken[sha]
            continue
        try:
            rows = read_scrape_file(landing_file.path, zone.read_bytes(landing_file.path), layouts)
        except (UnreadableFile, LayoutError, OSError) as exc:
            outcome.status, outcome.error = "quarantined", str(exc)[:2000]
            batch.failures.append(ItemFailure.from_exception(landing_file.path, "read", exc))
            continue
        except Exception as exc:  # a reader bug or an input nobody foresaw costs this file, not the partition
            outcome.status, outcome.error = "quarantined", f"{type(exc).__name__}: {exc}"[:2000]
            batch.failures.append(ItemFailure.from_exception(landing_file.path, "read", exc))
            continue
        taken[sha] = landing_file.path
        layout = layout_by_name(rows.layout, layouts)
        board = board_from_name(landing_file.path)
        outcome.format, outcome.encoding = rows.format, rows.encoding
        sources: Counter[str] = Counter()
        problems = list(rows.problems)
        kept = 0
        for number, payload in rows.rows:
            try:
                source = _source_of(layout, payload, board)
                body = _json(payload)
            except Exception as exc:  # one row that cannot be serialized must not lose the file's other rows
                problems.append(RowProblem(number, type(exc).__name__, f"row cannot be stored: {exc}"[:500]))
                continue
            sources[source or "unknown"] += 1
            kept += 1
            raw_id = f"{sha[:16]}:{number}"
            batch.rows.append((day, raw_id, landing_file.path, sha, number, rows.format, source, body, run_id))
        for error_class, message in rows.file_notes:
            batch.notes.append(ItemFailure(landing_file.path, "read", error_class, message))
        failed = [p for p in problems if p.failed]
        for problem in problems:
            item = ItemFailure(
                f"{landing_file.path}#{problem.row_number}", "read", problem.error_class, problem.message
            )
            (batch.failures if problem.failed else batch.notes).append(item)
        outcome.source = sources.most_common(1)[0][0] if sources else board
        outcome.rows_ok, outcome.rows_failed = kept, len(failed)
        outcome.rows_total = outcome.rows_ok + outcome.rows_failed
        outcome.status = "partial" if failed else "ingested"
        notes = list(rows.notes)
        if failed:
            notes.insert(0, f"{len(failed)} row(s) unreadable")
        outcome.error = "; ".join(notes) or None
    return batch


def _json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, default=str)


def layouts_for(formats: Iterable[str], layouts: tuple[Layout, ...]) -> dict[str, Layout]:
    """The layout of each stored `layout/container` format string."""
    return {fmt: layout_by_name(fmt.split("/", 1)[0], layouts) for fmt in set(formats)}
