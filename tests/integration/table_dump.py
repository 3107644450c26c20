"""Every application table's contents, minus what legitimately differs between two runs of the same data.

Left out: the Dagster run ids a row carries (`run_id`, `*_run_id`), the wall clock (`timestamptz` columns such
as `updated_at`, and `fetched_at` inside JSON provenance; the data's own dates are `date` columns), and the
operations tables that record how a run went rather than what it produced.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

WALL_CLOCK_KEYS = {"fetched_at"}


def _without_wall_clock(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_wall_clock(v) for k, v in value.items() if k not in WALL_CLOCK_KEYS}
    if isinstance(value, list):
        return [_without_wall_clock(v) for v in value]
    return value


# stage_input_fingerprints: the skip-if-unchanged bookkeeping, made of physical row versions (`xmin`) that differ
# between two databases holding the same rows.
OPERATIONS_TABLES = {
    "alembic_version", "step_progress", "ops_counters", "check_alerts", "landing_files", "stage_input_fingerprints",
}  # fmt: skip


def dump_tables(url: str) -> dict[str, list[tuple[str, ...]]]:
    """table -> its rows (compared columns only, as text), sorted."""
    engine = sa.create_engine(url)
    out: dict[str, list[tuple[str, ...]]] = {}
    with engine.connect() as conn:
        columns = conn.execute(
            sa.text(
                "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
                "JOIN information_schema.tables t USING (table_schema, table_name) "
                "WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' "
                "ORDER BY c.table_name, c.ordinal_position"
            )
        ).all()
        by_table: dict[str, list[tuple[str, str]]] = {}
        for table, column, data_type in columns:
            if table in OPERATIONS_TABLES or column == "run_id" or column.endswith("_run_id"):
                continue
            if data_type == "timestamp with time zone":
                continue
            by_table.setdefault(table, []).append((column, data_type))
        for table, typed in by_table.items():
            select = ", ".join(f'CAST("{n}" AS text)' for n, _ in typed)
            rows = conn.execute(sa.text(f'SELECT {select} FROM "{table}"')).all()
            out[table] = sorted(tuple(_cell(v, t) for v, (_, t) in zip(row, typed, strict=True)) for row in rows)
    engine.dispose()
    return out


def _cell(value: str | None, data_type: str) -> str:
    if value is None:
        return ""
    if data_type in ("jsonb", "json"):
        return json.dumps(_without_wall_clock(json.loads(value)), sort_keys=True)
    return value


def differing_tables(first: dict[str, list[tuple[str, ...]]], second: dict[str, list[tuple[str, ...]]]) -> dict:
    """table -> (rows only in first, rows only in second), first few of each, for tables that differ."""
    out = {}
    for table in sorted(set(first) | set(second)):
        a, b = set(first.get(table, [])), set(second.get(table, []))
        if a != b:
            out[table] = (sorted(a - b)[:3], sorted(b - a)[:3], len(a - b), len(b - a))
    return out
