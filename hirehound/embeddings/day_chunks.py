"""Splitting one day's embedding work into chunks that any worker can embed, so more workers finish a day sooner.

A day's plan counts the distinct texts not yet in the embedding cache and cuts the space of text hashes into
ranges holding about `chunk_texts` of them each. A chunk is only its hash range (written into its name, so a
worker needs nothing from the planner but the name): it reads the day's texts again, embeds those of its range
that the cache still lacks and stores them. The ranges cover every hash, so each text belongs to exactly one
chunk whatever the cache held when the plan was made, and a chunk run twice finds its texts stored and embeds
nothing. A vector depends only on its text (the default backend encodes one text per call), so the vectors, and
everything computed from them, are those of a single-process run. Writing the day's `posting_embeddings` rows
stays one step after all chunks (`postings.embed_partition`), which finds every text in the cache.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Connection

from hirehound.embeddings import postings
from hirehound.embeddings.cache import CacheStats, TextEncoder, embed_texts_cached_with_stats, lookup, text_hash
from hirehound.ops.progress import NO_PROGRESS, ProgressReporter

DEFAULT_CHUNK_TEXTS = 500
# A hash prefix of 16 hex digits (64 bits) is a boundary fine enough for any day and short enough for a step key.
BOUNDARY_DIGITS = 16
_FIRST = "0" * BOUNDARY_DIGITS
_END = "end"
_KEY = re.compile(rf"^c(\d+)_([0-9a-f]{{{BOUNDARY_DIGITS}}})_([0-9a-f]{{{BOUNDARY_DIGITS}}}|{_END})$")


@dataclass(frozen=True)
class TextChunk:
    """The texts whose hash h satisfies `low <= h < high` (no upper bound when `high` is None)."""

    index: int
    low: str
    high: str | None

    def covers(self, hash_: str) -> bool:
        return hash_ >= self.low and (self.high is None or hash_ < self.high)

    @property
    def key(self) -> str:
        """The chunk's name, all a worker needs to embed it (a valid Dagster mapping key)."""
        return f"c{self.index:04d}_{self.low}_{self.high or _END}"

    @classmethod
    def from_key(cls, key: str) -> TextChunk:
        found = _KEY.match(key)
        if found is None:
            raise ValueError(f"not an embedding chunk name: {key!r}")
        high = found.group(3)
        return cls(int(found.group(1)), found.group(2), None if high == _END else high)


def plan_chunks(missing_hashes: list[str], chunk_texts: int) -> list[TextChunk]:
    """Hash ranges holding the missing texts in near-equal shares of at most `chunk_texts`; none when none miss."""
    if chunk_texts < 1:
        raise ValueError(f"chunk_texts must be at least 1, not {chunk_texts}")
    hashes = sorted(set(missing_hashes))
    if not hashes:
        return []
    count = -(-len(hashes) // chunk_texts)  # ceil: as few chunks as the size allows, all about equally full
    starts = [hashes[i * len(hashes) // count][:BOUNDARY_DIGITS] for i in range(count)]
    bounds = sorted(set(starts[1:]))  # two starts can share a 64-bit prefix only on a hash collision
    lows = [_FIRST, *bounds]
    highs: list[str | None] = [*bounds, None]
    return [TextChunk(i, low, high) for i, (low, high) in enumerate(zip(lows, highs, strict=True))]


@dataclass(frozen=True)
class DayPlan:
    postings: int
    without_text: int
    distinct_texts: int
    cached: int
    chunks: list[TextChunk]


def plan_day(conn: Connection, model_id: str, partition: date, chunk_texts: int) -> DayPlan:
    """What the day needs: its postings, distinct texts, those already embedded, and the chunks for the rest."""
    rows = postings.day_texts(conn, partition)
    distinct = {text_hash(t) for _, t in rows if t}
    cached = lookup(conn, model_id, sorted(distinct))
    missing = [h for h in distinct if h not in cached]
    without_text = sum(1 for _, t in rows if not t)
    return DayPlan(len(rows), without_text, len(distinct), len(cached), plan_chunks(missing, chunk_texts))


@dataclass(frozen=True)
class ChunkReport:
    postings: int  # postings whose text is in this chunk
    texts: int  # distinct texts in the chunk's range
    embedded: int
    failed: int


def embed_chunk(
    conn: Connection,
    encoder: TextEncoder,
    partition: date,
    chunk: TextChunk,
    progress: ProgressReporter = NO_PROGRESS,
) -> ChunkReport:
    """Embed and store the day's texts in the chunk's range that the cache lacks; progress counts postings."""
    texts = [t for _, t in postings.day_texts(conn, partition) if t and chunk.covers(text_hash(t))]
    per_text = Counter(text_hash(t) for t in texts)
    progress.set_total(len(texts))
    _, stats = embed_texts_cached_with_stats(
        conn,
        encoder,
        texts,
        chunk_size=postings.PROGRESS_CHUNK,
        on_done=lambda hashes: progress.advance(sum(per_text[h] for h in hashes)),
    )
    return ChunkReport(len(texts), stats.distinct, stats.embedded, len(stats.failed))


def day_cache_stats(written: CacheStats, chunk_embedded: int) -> CacheStats:
    """The day's cache figures as one step would report them: the writing step found the chunks' texts stored,
    so they count as embedded, not reused."""
    return CacheStats(
        texts=written.texts,
        distinct=written.distinct,
        reused=max(written.reused - chunk_embedded, 0),
        embedded=written.embedded + chunk_embedded,
        failed=written.failed,
    )
