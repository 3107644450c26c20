"""The embed-once cache against the real schema: each distinct text reaches the model once, ever."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from hirehound.embeddings.cache import embed_texts_cached, embed_texts_cached_with_stats

pytestmark = pytest.mark.integration


class CountingEncoder:
    """A deterministic stand-in for the model that records every text it is asked to embed."""

    model_id = "fake:seq8:torch"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        rows = []
        for t in texts:
            if t == "BOOM":
                raise ValueError("model cannot embed this")
            seed = int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)
            v = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
            rows.append(v / np.linalg.norm(v))
        return np.vstack(rows)


def test_each_distinct_text_is_embedded_once_and_returned_in_order(engine) -> None:  # type: ignore[no-untyped-def]
    enc = CountingEncoder()
    texts = ["data engineer", "nurse", "data engineer", "welder"]
    with engine.begin() as conn:
        first = embed_texts_cached(conn, enc, texts)
    assert sorted(enc.seen) == ["data engineer", "nurse", "welder"]
    assert np.allclose(first[0], first[2]) and not np.allclose(first[0], first[1])
    with engine.begin() as conn:
        again, stats = embed_texts_cached_with_stats(conn, enc, ["welder", "nurse", "plumber"])
    assert enc.seen[3:] == ["plumber"]
    assert (stats.reused, stats.embedded) == (2, 1)
    assert np.allclose(again[0], first[3], atol=1e-6) and np.allclose(again[1], first[1], atol=1e-6)


def test_a_text_the_model_rejects_is_reported_not_fatal(engine) -> None:  # type: ignore[no-untyped-def]
    enc = CountingEncoder()
    with engine.begin() as conn:
        vectors, stats = embed_texts_cached_with_stats(conn, enc, ["ok text", "BOOM"])
    assert vectors[0] is not None and vectors[1] is None
    assert len(stats.failed) == 1 and stats.embedded == 1


def test_real_model_vectors_are_unit_length_and_cached(engine) -> None:  # type: ignore[no-untyped-def]
    from resources.embedding_model import EmbeddingModelResource

    model = EmbeddingModelResource()
    with engine.begin() as conn:
        (vec,) = embed_texts_cached(conn, model, ["Senior data engineer, remote"])
        (same,) = embed_texts_cached(conn, model, ["Senior data engineer, remote"])
        n = conn.exec_driver_sql("SELECT count(*) FROM text_embeddings").scalar()
    assert vec.shape == (384,) and abs(float(np.linalg.norm(vec)) - 1) < 1e-4
    assert n == 1 and np.allclose(vec, same, atol=1e-6)
