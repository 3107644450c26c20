"""Scoring candidate pairs and keeping every verdict in `duplicate_pairs` (accepted or not, with its reasons).

A pair is re-scored whenever either posting is processed again, always from the latest values, so the stored
verdict is the same whichever order the days were processed in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from hirehound.db.driver import driver_connection
from hirehound.dedup.clustering import Edge
from hirehound.dedup.records import PostingRecord
from hirehound.dedup.scoring import DedupSettings, decide
from hirehound.dedup.signals import compute_signals


@dataclass
class ScoredPair:
    a: str
    b: str
    stage: str
    accepted: bool
    duplicate_type: str | None
    score: float
    reasons: dict[str, Any]

    def edge(self) -> Edge:
        return Edge(self.duplicate_type or "", self.score, self.reasons)


def score_pairs(
    pairs: dict[tuple[str, str], str], records: dict[str, PostingRecord], settings: DedupSettings
) -> list[ScoredPair]:
    """Verdicts for pairs (key a < b -> the stage that found it); pairs with an unknown posting are skipped."""
    out = []
    for (a, b), stage in sorted(pairs.items()):
        ra, rb = records.get(a), records.get(b)
        if ra is None or rb is None:
            continue
        signals = compute_signals(ra, rb)
        verdict = decide(signals, settings)
        reasons = {"verdict": verdict.reason, **signals.as_reasons()}
        out.append(ScoredPair(a, b, stage, verdict.accepted, verdict.duplicate_type, verdict.score, reasons))
    return out


def existing_pairs(conn: Connection, posting_ids: Iterable[str]) -> dict[tuple[str, str], str]:
    """Pairs already stored for these postings (so they are re-scored with the latest values)."""
    raw: Any = driver_connection(conn)
    ids = list(posting_ids)
    with raw.cursor() as cur:
        cur.execute(
            "SELECT posting_a, posting_b, stage FROM duplicate_pairs WHERE posting_a = ANY(%(ids)s) "
            "UNION SELECT posting_a, posting_b, stage FROM duplicate_pairs WHERE posting_b = ANY(%(ids)s)",
            {"ids": ids},
        )
        return {(a, b): stage for a, b, stage in cur.fetchall()}


def save_pairs(conn: Connection, scored: list[ScoredPair], partition: date | None, run_id: str | None) -> None:
    if not scored:
        return
    written_for = partition or date.today()  # revalidation has no partition: stamp the day it ran
    raw: Any = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _dd_pairs (LIKE duplicate_pairs INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        cur.execute("TRUNCATE _dd_pairs")
        cols = "posting_a, posting_b, stage, accepted, duplicate_type, score, reasons, partition_date, run_id"
        with cur.copy(f"COPY _dd_pairs ({cols}) FROM STDIN") as cp:
            for p in scored:
                cp.write_row(
                    (
                        p.a,
                        p.b,
                        p.stage,
                        p.accepted,
                        p.duplicate_type,
                        p.score,
                        json.dumps(p.reasons),
                        written_for,
                        run_id,
                    )
                )
        cur.execute(
            f"INSERT INTO duplicate_pairs ({cols}) SELECT {cols} FROM _dd_pairs "
            "ON CONFLICT (posting_a, posting_b) DO UPDATE SET stage = EXCLUDED.stage, accepted = EXCLUDED.accepted, "
            "duplicate_type = EXCLUDED.duplicate_type, score = EXCLUDED.score, reasons = EXCLUDED.reasons, "
            "partition_date = EXCLUDED.partition_date, run_id = EXCLUDED.run_id"
        )


def accepted_edges(conn: Connection, posting_ids: Iterable[str]) -> dict[tuple[str, str], Edge]:
    raw: Any = driver_connection(conn)
    ids = list(posting_ids)
    with raw.cursor() as cur:
        cur.execute(
            "SELECT posting_a, posting_b, duplicate_type, score, reasons FROM duplicate_pairs "
            "WHERE accepted AND posting_a = ANY(%(ids)s) AND posting_b = ANY(%(ids)s)",
            {"ids": ids},
        )
        return {(a, b): Edge(t or "", float(s), r or {}) for a, b, t, s, r in cur.fetchall()}
