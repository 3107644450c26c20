"""One day's duplicate detection: candidates by stage, verdicts, then the clusters around the day's postings.

Every posting of the partition ends up in a cluster (a singleton when it has no duplicate). Re-running a day, or
processing days in any order, gives the same pairs and clusters (see `candidates` and `clustering`).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from hirehound.dedup.candidates import (
    STAGES,
    refresh_minhash_bands,
    refresh_window_bands,
    stage_new_table,
    text_candidates,
)
from hirehound.dedup.cluster_store import ClusterStats, recluster
from hirehound.dedup.pairs import existing_pairs, save_pairs, score_pairs
from hirehound.dedup.scoring import DedupSettings
from hirehound.dedup.semantic import semantic_candidates
from hirehound.dedup.store import load_records, partition_posting_ids
from hirehound.ops.progress import NO_PROGRESS, ProgressReporter


@dataclass
class DedupReport:
    postings: int = 0
    bands_refreshed: int = 0
    window_bands_filled: int = 0  # lookback postings that had no bands of the current MinHash scheme
    candidates_by_stage: dict[str, int] = field(default_factory=dict)
    accepted_by_stage: dict[str, int] = field(default_factory=dict)
    accepted_by_type: dict[str, int] = field(default_factory=dict)
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    pairs_scored: int = 0
    clusters: ClusterStats = field(default_factory=ClusterStats)
    seconds: dict[str, float] = field(default_factory=dict)


def run_dedup(
    conn: Connection,
    partition: date,
    settings: DedupSettings | None = None,
    run_id: str | None = None,
    progress: ProgressReporter = NO_PROGRESS,
) -> DedupReport:
    settings = settings or DedupSettings()
    report = DedupReport()
    clock = _Clock(report.seconds)
    ids = partition_posting_ids(conn, partition)
    report.postings = len(ids)
    progress.set_total(len(ids))  # the stages work on the whole day at once: the day counts when clustered
    if not ids:
        return report
    records = load_records(conn, ids)
    clock.lap("load")
    report.bands_refreshed = refresh_minhash_bands(conn, records, run_id)
    clock.lap("minhash_bands")
    report.window_bands_filled = refresh_window_bands(conn, partition, settings.lookback_days, run_id)
    stage_new_table(conn, records)
    clock.lap("window_bands")
    found = text_candidates(conn, partition, settings.lookback_days)
    clock.lap("text_candidates")
    found["semantic"] = semantic_candidates(conn, partition, settings.lookback_days)
    clock.lap("semantic_candidates")
    pairs: dict[tuple[str, str], str] = {}
    for stage in STAGES:  # cheapest stage first: a pair is credited to the first stage that found it
        report.candidates_by_stage[stage] = len(found[stage])
        for key in found[stage]:
            pairs.setdefault(key, stage)
    for key, stage in existing_pairs(conn, records).items():
        if key not in pairs or STAGES.index(stage) < STAGES.index(pairs[key]):
            pairs[key] = stage
    partners = {p for key in pairs for p in key} - set(records)
    records.update(load_records(conn, partners))
    scored = score_pairs(pairs, records, settings)
    clock.lap("score")
    save_pairs(conn, scored, partition, run_id)
    report.pairs_scored = len(scored)
    report.accepted_by_stage = dict(Counter(p.stage for p in scored if p.accepted))
    report.accepted_by_type = dict(Counter(p.duplicate_type for p in scored if p.accepted and p.duplicate_type))
    report.rejected_by_reason = dict(Counter(str(p.reasons.get("verdict")) for p in scored if not p.accepted))
    report.clusters = recluster(conn, ids, partition, run_id)
    clock.lap("cluster")
    progress.advance(len(ids))
    return report


class _Clock:
    def __init__(self, into: dict[str, Any]) -> None:
        self.into = into
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.into[name] = round(now - self.last, 3)
        self.last = now
