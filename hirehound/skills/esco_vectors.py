"""ESCO skill vectors in pgvector: built once per database and model, then read into memory for linking.

Each ESCO skill has two vectors: its preferred label (a phrase in an ad that *is* the skill lands next to it) and
its labels with ESCO's definition (a phrase that *describes* the skill lands next to that). They are embedded
through the embedding cache's phrase table (`phrase_embeddings`), so a text is never embedded twice, and kept in
`esco_skill_vectors` under the hash of the text, so only a skill whose text changed is embedded again. A first build
embeds about 28,000 texts (minutes on two cores); every later run finds them and embeds nothing. Neither table has
a vector index: linking compares in memory, and an HNSW index made the first build's writes cost minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.db.driver import as_array, driver_connection
from hirehound.embeddings.cache import PHRASES, TextEncoder, embed_texts_cached, text_hash
from hirehound.embeddings.encoder import EMBEDDING_DIM
from hirehound.skills.taxonomy import Taxonomy

KINDS = ("label", "text")
_LOCK_KEY = 720_931_512  # one builder at a time per database: a second run waits, then finds the vectors


@dataclass(frozen=True)
class EscoConcept:
    uuid: str
    skill_id: str  # the taxonomy entry the concept belongs to (a curated entry when one names it)
    label: str  # ESCO's preferred label (or the wheel's guessed one)
    texts: tuple[str, str]  # (label text, full text), as embedded


@dataclass
class EscoVectors:
    """The in-memory index: one row per concept, label vectors and text vectors as unit rows."""

    concepts: list[EscoConcept]
    labels: np.ndarray  # (n, 384)
    texts: np.ndarray  # (n, 384)
    embedded: int = 0  # texts this build had to embed (0 when the database already had them all)


def concepts(taxonomy: Taxonomy) -> list[EscoConcept]:
    """Every ESCO concept the taxonomy links by meaning, in uuid order."""
    out = []
    for skill in taxonomy.skills.values():
        if not (skill.esco_uri and skill.text):
            continue
        uuid = skill.esco_uri.rsplit("/", 1)[-1]
        label = taxonomy.esco_labels.get(uuid, skill.preferred_label)
        out.append(EscoConcept(uuid, skill.skill_id, label, (label, skill.text)))
    return sorted(out, key=lambda c: c.uuid)


def ensure(
    conn: Connection, encoder: TextEncoder, wanted: Sequence[EscoConcept], say: Callable[[str], None] | None = None
) -> int:
    """Store the vectors of `wanted` that the database lacks (or holds for another text); returns texts embedded.

    A first build takes minutes, so `say` (a run's log) hears how far it is at most every ~10 s."""
    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    model_id = encoder.model_id
    stored = {
        tuple(row)
        for row in conn.execute(
            sa.text("SELECT esco_uuid, kind, text_hash FROM esco_skill_vectors WHERE model_id = :m"), {"m": model_id}
        ).all()
    }
    todo = [
        (c.uuid, kind, text)
        for c in wanted
        for kind, text in zip(KINDS, c.texts, strict=True)
        if (c.uuid, kind, text_hash(text)) not in stored
    ]
    if not todo:
        return 0
    texts = [t for _, _, t in todo]
    vectors = embed_texts_cached(conn, encoder, texts, on_done=_reporter(len(todo), say), table=PHRASES)
    raw = driver_connection(conn)
    with raw.cursor() as cur:
        # Binary COPY into a temp table, then one INSERT: 28,000 rows in one round trip instead of 28,000.
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _new_esco_vectors "
            "(esco_uuid text, kind text, text_hash text, embedding vector(384)) ON COMMIT DROP"
        )
        with cur.copy("COPY _new_esco_vectors FROM STDIN WITH (FORMAT BINARY)") as cp:
            cp.set_types(["text", "text", "text", "vector"])
            for (uuid, kind, text), vector in zip(todo, vectors, strict=True):
                cp.write_row((uuid, kind, text_hash(text), np.asarray(vector, dtype=np.float32)))
        cur.execute(
            "INSERT INTO esco_skill_vectors (model_id, esco_uuid, kind, text_hash, embedding) "
            "SELECT %s, esco_uuid, kind, text_hash, embedding FROM _new_esco_vectors ON CONFLICT DO NOTHING",
            (model_id,),
        )
        cur.execute("DROP TABLE _new_esco_vectors")
    return len(todo)


def _reporter(total: int, say: Callable[[str], None] | None) -> Callable[[list[str]], None] | None:
    if say is None:
        return None
    done, last = [0], [time.monotonic()]

    def heard(hashes: list[str]) -> None:
        done[0] += len(hashes)
        if time.monotonic() - last[0] >= 10 or done[0] >= total:
            last[0] = time.monotonic()
            say(f"ESCO skill vectors (built once per database): {done[0]:,}/{total:,} texts embedded")

    return heard


def load(
    conn: Connection, encoder: TextEncoder, wanted: Sequence[EscoConcept], say: Callable[[str], None] | None = None
) -> EscoVectors:
    """Build what is missing, then read every wanted vector into memory (one query)."""
    embedded = ensure(conn, encoder, wanted, say)
    raw = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute(
            "SELECT esco_uuid, kind, text_hash, embedding FROM esco_skill_vectors "
            "WHERE model_id = %s AND esco_uuid = ANY(%s)",
            (encoder.model_id, [c.uuid for c in wanted]),
            binary=True,  # raw float32: 28,000 vectors parsed from text took seconds in every step process
        )
        found = {(u, k, h): as_array(v) for u, k, h, v in cur.fetchall()}
    n = len(wanted)
    labels = np.zeros((n, EMBEDDING_DIM), dtype=np.float32)
    texts = np.zeros((n, EMBEDDING_DIM), dtype=np.float32)
    for i, c in enumerate(wanted):
        labels[i] = found[(c.uuid, "label", text_hash(c.texts[0]))]
        texts[i] = found[(c.uuid, "text", text_hash(c.texts[1]))]
    return EscoVectors(list(wanted), labels, texts, embedded)


def nearest(conn: Connection, model_id: str, vector: np.ndarray, k: int = 10) -> list[tuple[str, str, float]]:
    """(uuid, kind, cosine) of the k nearest ESCO vectors to one vector, exact (ad hoc queries; no index)."""
    raw = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute(
            "SELECT esco_uuid, kind, 1 - (embedding <=> %s) FROM esco_skill_vectors WHERE model_id = %s "
            "ORDER BY embedding <=> %s LIMIT %s",
            (np.asarray(vector, dtype=np.float32), model_id, np.asarray(vector, dtype=np.float32), k),
        )
        return [(u, kind, float(c)) for u, kind, c in cur.fetchall()]
