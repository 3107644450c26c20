"""Quality scores of one scrape date's postings, written to `posting_quality` (delete, then insert)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy.engine import Connection

from hirehound.db.failure_ledger import ItemFailure
from hirehound.db.partition_replace import replace_partition
from hirehound.ops.progress import NO_PROGRESS, ProgressReporter, tracked
from hirehound.quality.facts import PostingFacts, load_partition_facts
from hirehound.quality.score import quality_score


@dataclass
class QualityReport:
    postings: int = 0
    mean_score: float = 0.0
    below_floor: int = 0
    buckets: dict[str, int] = field(default_factory=dict)  # "0-19", "20-39", ...
    missing: dict[str, int] = field(default_factory=dict)  # check name -> postings that scored nothing on it
    failures: list[ItemFailure] = field(default_factory=list)


def score_facts(
    facts: list[PostingFacts],
    partition: date,
    run_id: str | None,
    floor: int,
    progress: ProgressReporter = NO_PROGRESS,
) -> tuple[list[dict[str, object]], QualityReport]:
    report = QualityReport(postings=len(facts))
    rows: list[dict[str, object]] = []
    buckets: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    for f in tracked(facts, progress):
        try:
            q = quality_score(f)
        except Exception as exc:  # one odd posting must not cost the partition
            report.failures.append(ItemFailure.from_exception(f.posting_id, "quality", exc))
            continue
        low = min(q.score // 20 * 20, 80)
        buckets[f"{low}-{low + 19 if low < 80 else 100}"] += 1
        missing.update(q.missing)
        report.below_floor += q.score < floor
        rows.append(
            {"p": partition, "pid": f.posting_id, "score": q.score, "missing": list(q.missing), "run": run_id,
             "reasons": json.dumps([asdict(r) for r in q.reasons])}
        )  # fmt: skip
    report.mean_score = round(sum(int(str(r["score"])) for r in rows) / len(rows), 2) if rows else 0.0
    report.buckets = dict(sorted(buckets.items()))
    report.missing = dict(missing.most_common())
    return rows, report


def score_partition(
    conn: Connection, partition: date, run_id: str | None, floor: int, progress: ProgressReporter = NO_PROGRESS
) -> QualityReport:
    rows, report = score_facts(load_partition_facts(conn, partition), partition, run_id, floor, progress)
    replace_partition(
        conn,
        "posting_quality",
        "partition_date",
        [partition],
        rows,
        insert="INSERT INTO posting_quality (partition_date, posting_id, score, reasons, missing, run_id) "
        "VALUES (:p, :pid, :score, CAST(:reasons AS jsonb), :missing, :run)",
    )
    return report
