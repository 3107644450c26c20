"""Step 8: one vector per organization, in the same space as posting embeddings, for "similar employers" and
for dedup to compare employers whose names differ.

The text says who the employer is and what it hires for: name, NAICS sector, the start of its description and
its most frequent job titles. Vectors come from the shared embedding cache, so an organization whose text did not
change costs no model call; they are stored in `organization_embeddings` (pgvector).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.embeddings.cache import TextEncoder, embed_texts_cached_with_stats, text_hash

DESCRIPTION_CHARS = 400
TOP_TITLES = 5


def organization_text(name: str, industry_name: str | None, description: str | None, titles: list[str]) -> str:
    counts = Counter(t.strip() for t in titles if t and t.strip())
    top = [t for t, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_TITLES]]
    parts = [name.strip()]
    if industry_name:
        parts.append(industry_name)
    if description:
        parts.append(description.strip()[:DESCRIPTION_CHARS])
    if top:
        parts.append("Hiring: " + "; ".join(top))
    return ". ".join(parts)


@dataclass(frozen=True)
class EmbeddingStats:
    organizations: int
    reused: int
    embedded: int
    failed: dict[str, str]  # organization id -> error


def embed_organizations(conn: Connection, encoder: TextEncoder, texts: dict[str, str], run_id: str) -> EmbeddingStats:
    """Embed (through the cache) and upsert the vectors of the given organizations."""
    ids = sorted(texts)
    vectors, stats = embed_texts_cached_with_stats(conn, encoder, [texts[i] for i in ids])
    rows = []
    failed: dict[str, str] = {}
    for org_id, vector in zip(ids, vectors, strict=True):
        if vector is None:
            failed[org_id] = stats.failed.get(text_hash(texts[org_id]), "embedding failed")
            continue
        rows.append(
            {
                "org": org_id,
                "model": encoder.model_id,
                "hash": text_hash(texts[org_id]),
                "vec": _literal(vector),
                "run_id": run_id,
            }
        )
    if rows:
        conn.execute(
            sa.text(
                """
                INSERT INTO organization_embeddings (organization_id, model_id, text_hash, embedding, run_id)
                VALUES (:org, :model, :hash, CAST(:vec AS vector), :run_id)
                ON CONFLICT (organization_id) DO UPDATE SET model_id = EXCLUDED.model_id,
                    text_hash = EXCLUDED.text_hash, embedding = EXCLUDED.embedding, run_id = EXCLUDED.run_id
                """
            ),
            rows,
        )
    return EmbeddingStats(len(ids), stats.reused, stats.embedded, failed)


def _literal(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{float(x):.7g}" for x in np.asarray(vector, dtype=np.float32)) + "]"
