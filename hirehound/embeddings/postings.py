"""Embedding a day's postings: choose each posting's text, embed only texts never seen, link posting to vector.

The organization comes from the organizations stage (following merges); agencies and confidential employers
count as unknown, and the employer is copied onto `posting_embeddings` so dedup's same-employer comparisons need
no join. The embedded text itself does not name the employer (see `posting_text`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from hirehound.db.driver import driver_connection
from hirehound.db.failure_ledger import ItemFailure
from hirehound.embeddings.cache import CacheStats, TextEncoder, embed_texts_cached_with_stats, text_hash
from hirehound.embeddings.posting_text import embedding_text
from hirehound.ops.progress import NO_PROGRESS, ProgressReporter

STAGE = "embed"
# Texts per encoder call: small enough that progress moves every few seconds at CPU speed (about 30 texts/s),
# large enough that the model's own batches (32) stay full.
PROGRESS_CHUNK = 128

POSTINGS_SQL = """
SELECT n.posting_id, n.title, n.location_raw, n.description_text
FROM normalized_postings d
JOIN postings p ON p.posting_id = d.posting_id
JOIN normalized_postings n ON n.posting_id = p.posting_id AND n.partition_date = p.latest_partition
WHERE d.partition_date = %s
ORDER BY n.posting_id
"""

ORG_SQL = "SELECT posting_id, organization_id, kind FROM posting_organization_current WHERE posting_id = ANY(%s)"


@dataclass
class EmbedReport:
    postings: int = 0
    cache: CacheStats = field(default_factory=CacheStats)
    failures: list[ItemFailure] = field(default_factory=list)
    with_organization: int = 0


def employers_of(conn: Connection, posting_ids: list[str]) -> dict[str, str]:
    """posting_id -> current employer organization id, for postings matched to an employer (not an agency or a
    confidential record)."""
    raw: Any = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute(ORG_SQL, (posting_ids,))
        return {pid: org for pid, org, kind in cur.fetchall() if kind == "employer"}


def day_texts(conn: Connection, partition: date) -> list[tuple[str, str]]:
    """(posting_id, text to embed) for every posting seen on this scrape date, by posting id; '' for no text."""
    raw: Any = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute(POSTINGS_SQL, (partition,))
        return [(pid, embedding_text(title, location, desc)) for pid, title, location, desc in cur.fetchall()]


def empty_text_failure(posting_id: str) -> ItemFailure:
    return ItemFailure(posting_id, STAGE, "EmptyText", "posting has neither title nor description")


def embed_partition(
    conn: Connection,
    encoder: TextEncoder,
    partition: date,
    run_id: str | None,
    progress: ProgressReporter = NO_PROGRESS,
) -> EmbedReport:
    """Link every posting of the day to its text's vector, embedding the texts not in the cache yet.

    After the day's chunks ran (`day_chunks`), every text is in the cache and this only writes the rows; a text a
    chunk could not embed is tried again here, so its failure reaches the ledger with the model's message."""
    rows = day_texts(conn, partition)
    report = EmbedReport(postings=len(rows))
    progress.set_total(len(rows))
    employers = employers_of(conn, [pid for pid, _ in rows])
    todo: list[tuple[str, str, str | None]] = []
    for pid, text in rows:
        if not text:
            report.failures.append(empty_text_failure(pid))
            continue
        todo.append((pid, text, employers.get(pid)))
    report.with_organization = sum(1 for _, _, org in todo if org)
    progress.advance(len(rows) - len(todo), failed=len(rows) - len(todo))
    # progress counts postings; the cache settles distinct texts, each standing for one or more postings
    per_text = Counter(text_hash(t) for _, t, _ in todo)
    vectors, report.cache = embed_texts_cached_with_stats(
        conn,
        encoder,
        [t for _, t, _ in todo],
        chunk_size=PROGRESS_CHUNK,
        on_done=lambda hashes: progress.advance(sum(per_text[h] for h in hashes)),
    )
    out = []
    for (pid, text, org), vec in zip(todo, vectors, strict=True):
        if vec is None:
            message = report.cache.failed.get(text_hash(text), "model error")
            report.failures.append(ItemFailure(pid, STAGE, "ModelError", message))
            continue
        out.append((pid, partition, encoder.model_id, text_hash(text), len(text), org, run_id))
    raw: Any = driver_connection(conn)
    with raw.cursor() as cur:
        cur.executemany(
            "INSERT INTO posting_embeddings (posting_id, partition_date, model_id, text_hash, text_chars, "
            "organization_id, run_id) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (posting_id) DO UPDATE SET "
            "partition_date = GREATEST(posting_embeddings.partition_date, EXCLUDED.partition_date), "
            "model_id = EXCLUDED.model_id, text_hash = EXCLUDED.text_hash, text_chars = EXCLUDED.text_chars, "
            "organization_id = EXCLUDED.organization_id, run_id = EXCLUDED.run_id "
            # A re-run that finds the same vector leaves the row alone: the stages that read it (dedup) see an
            # unchanged input and skip (hirehound/pipeline/input_fingerprint.py).
            "WHERE (posting_embeddings.partition_date, posting_embeddings.model_id, posting_embeddings.text_hash, "
            "posting_embeddings.text_chars, posting_embeddings.organization_id) IS DISTINCT FROM "
            "(GREATEST(posting_embeddings.partition_date, EXCLUDED.partition_date), EXCLUDED.model_id, "
            "EXCLUDED.text_hash, EXCLUDED.text_chars, EXCLUDED.organization_id)",
            out,
        )
    return report
