"""Embed each distinct text once, ever: vectors are stored by (model id, sha256 of the exact text).

Re-scrapes, exact duplicates and unchanged organizations cost zero model calls: only texts whose hash is not yet
in `text_embeddings` for this model reach the encoder, each once even when it repeats in the input. New vectors are
written by binary COPY into a temporary table and merged with ON CONFLICT DO NOTHING, so two runs embedding the
same text at the same time both succeed. Two tables share the key: `text_embeddings` (postings and organizations,
HNSW-indexed for the job search) and `phrase_embeddings` (skill phrases and ESCO texts, which the skill linker
compares in memory: no vector index, so storing a new phrase costs no graph insertion).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from sqlalchemy.engine import Connection

from hirehound.db.driver import as_array, driver_connection

TEXTS = "text_embeddings"
PHRASES = "phrase_embeddings"
_TABLES = (TEXTS, PHRASES)


class TextEncoder(Protocol):
    """What the cache needs from a model: a stable id of its vector space and a batch encode."""

    @property
    def model_id(self) -> str: ...

    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass
class CacheStats:
    """How much work the cache saved: `reused` texts needed no model call."""

    texts: int = 0
    distinct: int = 0
    reused: int = 0
    embedded: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # text hash -> error message


def text_hash(text: str) -> str:
    """The cache key of one text: sha256 of its exact UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _table(table: str) -> str:
    if table not in _TABLES:
        raise ValueError(f"no embedding cache table {table!r} (one of {', '.join(_TABLES)})")
    return table


def lookup(conn: Connection, model_id: str, hashes: Sequence[str], table: str = TEXTS) -> dict[str, np.ndarray]:
    """Stored vectors for these text hashes (missing hashes are absent from the result)."""
    if not hashes:
        return {}
    raw = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute(
            f"SELECT text_hash, embedding FROM {_table(table)} WHERE model_id = %s AND text_hash = ANY(%s)",
            (model_id, list(hashes)),
            binary=True,  # vectors as raw float32: parsing 384 numbers of text per row cost more than the query
        )
        return {h: as_array(v) for h, v in cur.fetchall()}


def store(conn: Connection, model_id: str, vectors: dict[str, np.ndarray], table: str = TEXTS) -> None:
    """Insert new vectors (binary COPY through a temp table; rows another run already stored are kept)."""
    if not vectors:
        return
    target = _table(table)
    raw = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS _new_{target} "
            "(model_id text, text_hash text, embedding vector(384)) ON COMMIT DELETE ROWS"
        )
        cur.execute(f"TRUNCATE _new_{target}")
        with cur.copy(f"COPY _new_{target} (model_id, text_hash, embedding) FROM STDIN WITH (FORMAT BINARY)") as cp:
            cp.set_types(["text", "text", "vector"])
            for h, v in vectors.items():
                cp.write_row((model_id, h, np.asarray(v, dtype=np.float32)))
        cur.execute(
            f"INSERT INTO {target} (model_id, text_hash, embedding) "
            f"SELECT model_id, text_hash, embedding FROM _new_{target} ON CONFLICT DO NOTHING"
        )


def embed_texts_cached_with_stats(
    conn: Connection,
    encoder: TextEncoder,
    texts: Sequence[str],
    *,
    chunk_size: int = 512,
    on_done: Callable[[list[str]], None] | None = None,
    table: str = TEXTS,
) -> tuple[list[np.ndarray | None], CacheStats]:
    """Vectors in input order plus what was reused; a text whose chunk failed and then failed alone is None.

    `on_done` hears the hashes settled so far (found in the cache, then each encoded chunk), for progress;
    `table`: `TEXTS` or `PHRASES` (see the module docstring)."""
    hashes = [text_hash(t) for t in texts]
    first_text: dict[str, str] = {}
    for h, t in zip(hashes, texts, strict=True):
        first_text.setdefault(h, t)
    model_id = encoder.model_id
    found = lookup(conn, model_id, list(first_text), table)
    stats = CacheStats(texts=len(texts), distinct=len(first_text), reused=len(found))
    missing = [h for h in first_text if h not in found]
    if on_done is not None:
        on_done(list(found))
    fresh: dict[str, np.ndarray] = {}
    for start in range(0, len(missing), chunk_size):
        chunk = missing[start : start + chunk_size]
        fresh.update(_encode_chunk(encoder, chunk, first_text, stats))
        if on_done is not None:
            on_done(chunk)
    store(conn, model_id, fresh, table)
    stats.embedded = len(fresh)
    found.update(fresh)
    return [found.get(h) for h in hashes], stats


def embed_texts_cached(
    conn: Connection,
    encoder: TextEncoder,
    texts: Sequence[str],
    on_done: Callable[[list[str]], None] | None = None,
    table: str = TEXTS,
) -> list[np.ndarray]:
    """One unit vector per input text, in input order; only texts never embedded before reach the model.

    Raises when the model fails on a text (callers that must not fail use `embed_texts_cached_with_stats`).
    """
    vectors, stats = embed_texts_cached_with_stats(conn, encoder, texts, on_done=on_done, table=table)
    if stats.failed:
        raise RuntimeError(f"{len(stats.failed)} text(s) could not be embedded: {next(iter(stats.failed.values()))}")
    return [v for v in vectors if v is not None]


def _encode_chunk(
    encoder: TextEncoder, chunk: list[str], first_text: dict[str, str], stats: CacheStats
) -> dict[str, np.ndarray]:
    try:
        matrix = encoder.encode([first_text[h] for h in chunk])
        return dict(zip(chunk, matrix, strict=True))
    except Exception:
        # Find the texts that break the model one by one, so a single bad text does not lose the chunk.
        out: dict[str, np.ndarray] = {}
        for h in chunk:
            try:
                out[h] = encoder.encode([first_text[h]])[0]
            except Exception as exc:
                stats.failed[h] = f"{type(exc).__name__}: {exc}"[:500]
        return out
