"""Index upkeep: refresh planner statistics, find bloated indexes, rebuild them without blocking writers.

PostgreSQL B-tree indexes do not shrink when rows are deleted or updated (postings expire, partitions are
replaced every re-run), so an index can grow far past what its rows need. Bloat is estimated from the planner's
row count and the key columns' average width (no extension needed); an index several times its estimated size
is rebuilt with `REINDEX INDEX CONCURRENTLY`, which cannot run inside a transaction, hence autocommit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

BLOCK_BYTES = 8192
TUPLE_HEADER = 8  # index tuple header; the tuple is padded to MAXALIGN (8 bytes)
LINE_POINTER = 4
LEAF_FILL = 0.9  # default B-tree fillfactor
MAX_PER_RUN = 10  # a rebuild rewrites the index; spread big jobs over days


@dataclass(frozen=True)
class IndexInfo:
    name: str
    table: str
    method: str
    size_bytes: int
    estimated_bytes: int | None  # None: not estimable (not B-tree, expression index, no statistics)
    bloat_ratio: float | None


def estimate_btree_bytes(rows: float, key_width: float) -> int:
    """Bytes a freshly built B-tree of `rows` keys of `key_width` bytes needs (leaves, plus meta and root)."""
    tuple_bytes = math.ceil((TUPLE_HEADER + key_width) / 8) * 8 + LINE_POINTER
    per_page = max(1, int(BLOCK_BYTES * LEAF_FILL // tuple_bytes))
    leaves = math.ceil(max(rows, 0) / per_page)
    return (leaves + 2) * BLOCK_BYTES


def bloated(info: IndexInfo, min_ratio: float = 2.0, min_bytes: int = 1 << 20) -> bool:
    """Worth a rebuild: big enough to matter and at least `min_ratio` times its estimated size."""
    return info.bloat_ratio is not None and info.size_bytes >= min_bytes and info.bloat_ratio >= min_ratio


_INDEX_SQL = """
SELECT ci.relname AS name, ct.relname AS table, am.amname AS method,
       pg_relation_size(i.indexrelid) AS size_bytes, ct.reltuples AS rows,
       i.indexprs IS NOT NULL OR i.indpred IS NOT NULL AS partial_or_expr,
       (SELECT sum(s.avg_width) FROM pg_attribute a
        JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = ct.relname AND s.attname = a.attname
        WHERE a.attrelid = i.indrelid AND a.attnum = ANY(CAST(i.indkey AS int2[]))) AS key_width,
       (SELECT count(*) FROM pg_attribute a
        WHERE a.attrelid = i.indrelid AND a.attnum = ANY(CAST(i.indkey AS int2[]))) AS key_columns
FROM pg_index i
JOIN pg_class ci ON ci.oid = i.indexrelid
JOIN pg_class ct ON ct.oid = i.indrelid
JOIN pg_namespace n ON n.oid = ci.relnamespace
JOIN pg_am am ON am.oid = ci.relam
WHERE n.nspname = current_schema() AND i.indisvalid
ORDER BY pg_relation_size(i.indexrelid) DESC, ci.relname
"""


def analyze(engine: Engine) -> None:
    """Refresh planner statistics of every table (daily; autovacuum may lag behind bulk partition rewrites)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("ANALYZE"))


def list_indexes(engine: Engine) -> list[IndexInfo]:
    """Every valid index of the schema with its size and, for plain B-trees, the estimated bloat."""
    with engine.connect() as conn:
        rows = conn.execute(sa.text(_INDEX_SQL)).all()
    infos = []
    for r in rows:
        estimable = r.method == "btree" and not r.partial_or_expr and r.key_width is not None and r.rows >= 0
        # pg_stats has no width for columns never analyzed; then the sum misses columns and is not trusted.
        estimated = estimate_btree_bytes(r.rows, float(r.key_width)) if estimable else None
        ratio = round(r.size_bytes / estimated, 2) if estimated else None
        infos.append(IndexInfo(r.name, r.table, r.method, int(r.size_bytes), estimated, ratio))
    return infos


def reindex_concurrently(engine: Engine, index_name: str) -> None:
    """Rebuild one index while reads and writes go on (needs autocommit: not allowed in a transaction)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        quoted = conn.dialect.identifier_preparer.quote(index_name)
        conn.execute(sa.text(f"REINDEX INDEX CONCURRENTLY {quoted}"))


def maintain_indexes(
    engine: Engine, min_ratio: float = 2.0, min_bytes: int = 1 << 20, max_rebuilds: int = MAX_PER_RUN
) -> tuple[list[IndexInfo], list[str]]:
    """ANALYZE, rebuild the most bloated indexes, and return the sizes after (plus the names rebuilt)."""
    analyze(engine)
    candidates = sorted(
        (i for i in list_indexes(engine) if bloated(i, min_ratio, min_bytes)),
        key=lambda i: -(i.size_bytes - (i.estimated_bytes or 0)),
    )
    rebuilt = []
    for info in candidates[:max_rebuilds]:
        reindex_concurrently(engine, info.name)
        rebuilt.append(info.name)
    return list_indexes(engine), rebuilt
