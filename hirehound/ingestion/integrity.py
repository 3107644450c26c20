"""Integrity of a scrape date's normalized postings: what every later stage assumes of them.

Each posting of a date has its identity, source, title and content hash, and no identity appears twice in one
date; organizations, embeddings and dedup key their rows on these and would silently merge or drop postings
otherwise. The answers are counts, for the ingestion checks to judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

REQUIRED_FIELDS = ("posting_key", "source", "title", "title_normalized", "content_hash", "raw_id")


@dataclass(frozen=True)
class IdentityCounts:
    """Postings of a date and how many of them repeat an identity (posting key or posting id) already seen."""

    postings: int
    duplicates: int


def rows_missing_required_fields(conn: Connection, day: date) -> int:
    """Normalized postings of `day` with a required field null or empty."""
    # The column names are this module's constants, never input: the f-string only spells the condition out.
    missing = " OR ".join(f"{c} IS NULL OR {c} = ''" for c in REQUIRED_FIELDS)
    sql = f"SELECT count(*) FROM normalized_postings WHERE partition_date = :day AND ({missing})"
    return int(conn.execute(sa.text(sql), {"day": day}).scalar_one())


def identity_counts(conn: Connection, day: date) -> IdentityCounts:
    """How many of `day`'s normalized postings share a posting key or a posting id with another."""
    row = conn.execute(
        sa.text(
            "SELECT count(*) AS n, count(DISTINCT posting_key) AS keys, count(DISTINCT posting_id) AS ids "
            "FROM normalized_postings WHERE partition_date = :day"
        ),
        {"day": day},
    ).one()
    return IdentityCounts(postings=int(row.n), duplicates=int(row.n) - min(int(row.keys), int(row.ids)))
