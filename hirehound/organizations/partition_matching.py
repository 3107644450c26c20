"""Linking one scrape date's postings to their employers, batch by batch, without losing a batch to one bad row.

Postings are matched in batches, one transaction each, so a large day never holds one huge transaction; the
organizations a batch shows to be one employer are merged right after it, before embeddings and dedup read the
links. A batch that fails on bad data is retried posting by posting, so only the postings that really fail land
in the failure ledger and the rest of the batch is linked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hirehound.db.failure_ledger import ItemFailure
from hirehound.ops.progress import NO_PROGRESS, ProgressReporter
from hirehound.organizations.merges import Refusal, apply_merges, find_merges
from hirehound.organizations.resolver import PostingInput, resolve
from hirehound.organizations.store import PostgresIndex, load_postings, write_resolution

BATCH = 5_000


@dataclass
class BatchStats:
    """What matching one batch did: postings per match method and per kind, organizations created and merged."""

    methods: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    created: int = 0
    merged: int = 0
    contested: int = 0  # identifiers ignored where the posting's name contradicts their owner's name
    refused: list[Refusal] = field(default_factory=list)  # merges kept apart for want of proof

    def __iadd__(self, other: BatchStats) -> BatchStats:
        self.methods.update(other.methods)
        self.kinds.update(other.kinds)
        self.created += other.created
        self.merged += other.merged
        self.contested += other.contested
        self.refused += other.refused
        return self


@dataclass
class MatchReport:
    """The partition's matching: how many postings, what the batches did, and the postings that failed."""

    postings: int = 0
    stats: BatchStats = field(default_factory=BatchStats)
    failures: list[ItemFailure] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return self.postings - len(self.failures)


def match_partition(
    engine: Engine, partition: str, run_id: str, progress: ProgressReporter = NO_PROGRESS, batch_size: int = BATCH
) -> MatchReport:
    """Link every posting of the partition to an organization; failures are collected, never raised."""
    with engine.begin() as conn:
        postings = load_postings(conn, partition)
    progress.set_total(len(postings))
    report = MatchReport(postings=len(postings))
    for start in range(0, len(postings), batch_size):
        batch = postings[start : start + batch_size]
        try:
            report.stats += match_batch(engine, batch, partition, run_id)
        except Exception:  # a bad row must not sink its batch: isolate it
            report.stats += _match_one_by_one(engine, batch, partition, run_id, report.failures)
        progress.advance(len(batch))
    return report


def match_batch(engine: Engine, batch: list[PostingInput], partition: str, run_id: str) -> BatchStats:
    """Resolve, write and merge one batch in one transaction (all or nothing)."""
    with engine.begin() as conn:
        resolution = resolve(batch, PostgresIndex(conn))
        created = write_resolution(conn, resolution, partition=partition, run_id=run_id)
        # Merge what this batch showed to be one employer now, before embeddings and dedup read the links.
        touched = sorted({a.organization_id for a in resolution.assignments})
        refused: list[Refusal] = []
        merges = find_merges(conn, touched, resolution.linked, refused)
        apply_merges(conn, merges, run_id)
    kinds = Counter(a.kind for a in resolution.assignments)
    return BatchStats(Counter(resolution.method_counts), kinds, created, len(merges), resolution.contested, refused)


def _match_one_by_one(
    engine: Engine, batch: list[PostingInput], partition: str, run_id: str, failures: list[ItemFailure]
) -> BatchStats:
    totals = BatchStats()
    for posting in batch:
        try:
            totals += match_batch(engine, [posting], partition, run_id)
        except Exception as exc:
            failures.append(ItemFailure.from_exception(posting.posting_id, "match", exc))
    return totals


def organizations_preview(conn: Connection, partition: str, limit: int = 10) -> str:
    """A markdown table of the partition's organizations with the most postings, for the run's metadata."""
    rows = conn.execute(
        sa.text(
            """
            SELECT o.name, o.kind, count(*) AS postings
            FROM posting_organizations p JOIN organizations o ON o.organization_id = p.organization_id
            WHERE p.partition_date = :p GROUP BY o.name, o.kind ORDER BY postings DESC, o.name LIMIT :limit
            """
        ),
        {"p": partition, "limit": limit},
    ).all()
    return "| organization | kind | postings |\n|---|---|---|\n" + "\n".join(
        f"| {r.name} | {r.kind} | {r.postings} |" for r in rows
    )


def refusals_preview(refused: list[Refusal], limit: int = 20) -> list[dict[str, Any]]:
    return [{"a": r.name_a, "b": r.name_b, "evidence": list(r.evidence)} for r in refused[:limit]]
