"""Reading the demo ground truth (one record per generated row) and folding it to one answer per posting.

Stages score postings, not rows: a posting (`posting_id`, as ingestion derives it) is seen on several days, and
its truth is that of its first row (its job, employer, and duplicate type at first appearance).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class TruthRow:
    scrape_date: str
    file: str
    row: int
    source: str | None
    source_job_id: str | None
    url: str | None
    posting_id: str | None
    job_id: str
    dup_type: str | None  # None (first posting of its job) | FULL | SEMANTIC | TEMPORAL | PARTIAL | RESCRAPE
    org_id: str | None
    org_kind: str | None
    company_spelling: str | None
    title: str | None
    is_spam: bool
    is_malformed: bool
    malformed_kind: str | None
    template_group: str | None
    shared_text_group: str | None


_FIELDS = tuple(TruthRow.__dataclass_fields__)


def _row(record: dict[str, Any]) -> TruthRow:
    values: dict[str, Any] = {name: record.get(name) for name in _FIELDS}
    values["is_spam"] = bool(values["is_spam"])
    values["is_malformed"] = bool(values["is_malformed"])
    return TruthRow(**values)


def load_ground_truth(path: str | Path) -> list[TruthRow]:
    """All records of a ground-truth JSONL file, in file order."""
    with Path(path).open(encoding="utf-8") as f:
        return [_row(json.loads(line)) for line in f if line.strip()]


@dataclass(frozen=True)
class PostingTruth:
    posting_id: str
    job_id: str
    dup_type: str | None  # the type at the posting's first appearance; None for the first posting of a job
    org_id: str | None
    org_kind: str | None
    is_spam: bool
    template_group: str | None
    shared_text_group: str | None
    first_seen: str
    last_seen: str
    rows: int


def postings_truth(rows: list[TruthRow], include_malformed: bool = False) -> dict[str, PostingTruth]:
    """One truth per posting_id; malformed rows (which ingestion may reject) are left out unless asked for."""
    ordered = sorted(
        (r for r in rows if r.posting_id and (include_malformed or not r.is_malformed)),
        key=lambda r: (r.scrape_date, r.file, r.row),
    )
    out: dict[str, PostingTruth] = {}
    for r in ordered:
        assert r.posting_id is not None
        seen = out.get(r.posting_id)
        if seen is None:
            out[r.posting_id] = PostingTruth(
                r.posting_id, r.job_id, None if r.dup_type == "RESCRAPE" else r.dup_type, r.org_id, r.org_kind,
                r.is_spam, r.template_group, r.shared_text_group, r.scrape_date, r.scrape_date, 1,
            )  # fmt: skip
        else:
            out[r.posting_id] = PostingTruth(
                seen.posting_id, seen.job_id, seen.dup_type, seen.org_id, seen.org_kind, seen.is_spam,
                seen.template_group, seen.shared_text_group, seen.first_seen, r.scrape_date, seen.rows + 1,
            )  # fmt: skip
    return out
