"""Planning one day's embedding chunks: every text hash falls in exactly one chunk, chunks are near-equal and no
larger than asked, and a chunk's name is all a worker needs to know its range."""

import hashlib

import pytest

from hirehound.embeddings.cache import CacheStats
from hirehound.embeddings.day_chunks import TextChunk, day_cache_stats, plan_chunks


def hashes(n: int, salt: str = "") -> list[str]:
    return [hashlib.sha256(f"{salt}text {i}".encode()).hexdigest() for i in range(n)]


def owners(chunks: list[TextChunk], hash_: str) -> list[int]:
    return [c.index for c in chunks if c.covers(hash_)]


def test_chunks_cover_every_hash_once_and_hold_at_most_the_size() -> None:
    missing = hashes(1234)
    chunks = plan_chunks(missing, 100)
    assert len(chunks) == 13  # ceil(1234 / 100)
    sizes = [sum(1 for h in missing if c.covers(h)) for c in chunks]
    assert sum(sizes) == 1234 and max(sizes) <= 100 and min(sizes) >= 94  # near-equal shares
    # texts the plan did not see (already cached, or new since) also belong to exactly one chunk
    assert all(len(owners(chunks, h)) == 1 for h in missing + hashes(500, salt="other"))
    assert all(len(owners(chunks, h)) == 1 for h in ("0" * 64, "f" * 64))


def test_the_plan_does_not_depend_on_the_order_or_repeats_of_its_input() -> None:
    missing = hashes(300)
    assert plan_chunks(missing, 64) == plan_chunks(list(reversed(missing)) + missing[:10], 64)


def test_a_small_day_is_one_chunk_and_a_fully_cached_day_none() -> None:
    (only,) = plan_chunks(hashes(3), 500)
    assert only.low == "0" * 16 and only.high is None
    assert plan_chunks([], 500) == []
    with pytest.raises(ValueError, match="at least 1"):
        plan_chunks(hashes(3), 0)


def test_a_chunk_name_is_a_dagster_mapping_key_that_gives_back_the_chunk() -> None:
    for chunk in plan_chunks(hashes(50), 7):
        assert chunk.key.replace("_", "").isalnum()
        assert TextChunk.from_key(chunk.key) == chunk
    with pytest.raises(ValueError, match="not an embedding chunk name"):
        TextChunk.from_key("c0001_xyz_end")


def test_texts_the_chunks_embedded_count_as_embedded_for_the_day() -> None:
    written = CacheStats(texts=120, distinct=100, reused=100, embedded=0)
    day = day_cache_stats(written, chunk_embedded=70)
    assert (day.distinct, day.reused, day.embedded) == (100, 30, 70)
