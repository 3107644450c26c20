"""Daily posting statistics: how much a scrape day brought, how much of it was new, duplicated, spam or expired.

Per scrape date, for all boards together and by board and by country: postings seen, new postings (first seen
that day), unique jobs (distinct duplicate clusters), duplicates (seen minus unique), posting intensity (postings
per unique job), postings that expired that day, and postings scored as spam. The numbers are computed from
plain rows by `compute_stats`, so the rule is testable without a database; `load_day` reads those rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.db.partition_replace import replace_partition

UNKNOWN = "unknown"  # board or country not known (shown as a word; "??" read as a broken character)


@dataclass(frozen=True)
class Sighting:
    """One posting seen on the day."""

    posting_id: str
    board: str
    country: str
    cluster_id: str
    is_new: bool
    is_spam: bool


@dataclass(frozen=True)
class Expiry:
    """One posting that expired on the day, where it was posted."""

    board: str
    country: str


@dataclass(frozen=True)
class StatsRow:
    dimension: str  # all | board | country
    value: str
    postings_seen: int
    new_postings: int
    unique_jobs: int
    duplicates: int
    posting_intensity: float
    expired: int
    spam: int


def compute_stats(sightings: Iterable[Sighting], expiries: Iterable[Expiry]) -> list[StatsRow]:
    """Totals, by board and by country, sorted by dimension and value."""
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    new: dict[tuple[str, str], set[str]] = defaultdict(set)
    spam: dict[tuple[str, str], set[str]] = defaultdict(set)
    clusters: dict[tuple[str, str], set[str]] = defaultdict(set)
    expired: dict[tuple[str, str], int] = defaultdict(int)
    for s in sightings:
        for key in (("all", ""), ("board", s.board or UNKNOWN), ("country", s.country or UNKNOWN)):
            seen[key].add(s.posting_id)
            clusters[key].add(s.cluster_id or s.posting_id)
            if s.is_new:
                new[key].add(s.posting_id)
            if s.is_spam:
                spam[key].add(s.posting_id)
    for e in expiries:
        for key in (("all", ""), ("board", e.board or UNKNOWN), ("country", e.country or UNKNOWN)):
            expired[key] += 1
    keys = set(seen) | set(expired) | {("all", "")}
    rows = []
    for key in sorted(keys):
        n_seen, n_unique = len(seen[key]), len(clusters[key])
        rows.append(
            StatsRow(
                dimension=key[0],
                value=key[1],
                postings_seen=n_seen,
                new_postings=len(new[key]),
                unique_jobs=n_unique,
                duplicates=n_seen - n_unique,
                posting_intensity=round(n_seen / n_unique, 4) if n_unique else 0.0,
                expired=expired[key],
                spam=len(spam[key]),
            )
        )
    return rows


def load_day(conn: Connection, day: date) -> tuple[list[Sighting], list[Expiry]]:
    """The sightings of a scrape date and the postings that expired that day (archived ones included)."""
    sightings = [
        Sighting(r[0], r[1] or UNKNOWN, r[2] or UNKNOWN, r[3] or r[0], bool(r[4]), bool(r[5]))
        for r in conn.execute(
            sa.text(
                """
                WITH ids AS (SELECT posting_id, first_seen FROM postings
                             UNION ALL SELECT posting_id, first_seen FROM postings_archive)
                SELECT n.posting_id, n.source, n.country_code, m.cluster_id,
                       bool_or(ids.first_seen = n.partition_date), bool_or(COALESCE(s.is_spam, false))
                FROM normalized_postings n
                LEFT JOIN ids ON ids.posting_id = n.posting_id
                LEFT JOIN cluster_members m ON m.posting_id = n.posting_id
                -- spam is scored per posting and scrape date
                LEFT JOIN spam_scores s ON s.posting_id = n.posting_id AND s.partition_date = n.partition_date
                WHERE n.partition_date = :day
                GROUP BY 1, 2, 3, 4
                """
            ),
            {"day": day},
        )
    ]
    expiries = [
        Expiry(r[0] or UNKNOWN, r[1] or UNKNOWN)
        for r in conn.execute(
            sa.text(
                """
                WITH gone AS (SELECT posting_id, latest_partition FROM postings
                              WHERE status = 'expired' AND CAST(expired_at AT TIME ZONE 'UTC' AS date) = :day
                              UNION ALL
                              SELECT posting_id, latest_partition FROM postings_archive
                              WHERE status = 'expired' AND CAST(expired_at AT TIME ZONE 'UTC' AS date) = :day)
                SELECT n.source, n.country_code FROM gone g
                LEFT JOIN normalized_postings n
                       ON n.posting_id = g.posting_id AND n.partition_date = g.latest_partition
                """
            ),
            {"day": day},
        )
    ]
    return sightings, expiries


def save_stats(conn: Connection, day: date, rows: list[StatsRow], run_id: str | None) -> None:
    """Replace the day's rows."""
    replace_partition(
        conn,
        "daily_posting_stats",
        "partition_date",
        [day],
        [{"day": day, "run_id": run_id, **r.__dict__} for r in rows],
        insert="""
            INSERT INTO daily_posting_stats (partition_date, dimension, value, postings_seen, new_postings,
                unique_jobs, duplicates, posting_intensity, expired, spam, run_id)
            VALUES (:day, :dimension, :value, :postings_seen, :new_postings, :unique_jobs, :duplicates,
                :posting_intensity, :expired, :spam, :run_id)
            """,
    )


def history(conn: Connection, end: date, days: int = 30) -> list[dict[str, object]]:
    """The daily totals (dimension 'all') of the `days` days ending at `end`, oldest first."""
    result = conn.execute(
        sa.text(
            """
            SELECT partition_date, postings_seen, new_postings, unique_jobs, duplicates, expired, spam
            FROM daily_posting_stats
            WHERE dimension = 'all' AND partition_date > CAST(:end AS date) - CAST(:days AS integer)
              AND partition_date <= :end
            ORDER BY partition_date
            """
        ),
        {"end": end, "days": days},
    )
    return [dict(r._mapping) for r in result]


def _exists(conn: Connection, relation: str) -> bool:
    return bool(conn.execute(sa.text("SELECT to_regclass(:r) IS NOT NULL"), {"r": relation}).scalar_one())
