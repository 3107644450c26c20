"""Re-running a partition gives the same table: a stage deletes the rows it owns, then writes them again.

Every stage that owns a slice of a table (a scrape date's rows, the members of the clusters it rebuilt, the
catalogue entries of the clusters a day touched) replaces that slice with `replace_partition`. The delete and the
write run inside one savepoint of the caller's transaction, so a write that fails leaves the old rows in place
(and the caller's transaction decides, as before, whether anything is committed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.db.copy import copy_rows


def replace_partition(
    conn: Connection,
    table: str,
    key_column: str,
    key_values: Sequence[Any],
    rows: Iterable[Any],
    *,
    insert: str | None = None,
    copy_columns: Sequence[str] | None = None,
    keep_where: str | None = None,
    keep_params: Mapping[str, Any] | None = None,
) -> int:
    """Delete the rows of `table` whose `key_column` is one of `key_values`, then write `rows`; returns how many
    rows were written.

    Write either with `insert`, a parameterized INSERT for `sqlalchemy.text` (rows are mappings of its named
    parameters; it may carry casts, computed columns and ON CONFLICT), or by COPY of `copy_columns` (rows are
    sequences in that order; the fast path for bulk loads). `keep_where` names rows of the slice that survive
    the delete (an SQL predicate over `table`'s columns, its parameters in `keep_params`).
    `table`, `key_column` and the predicates are code, never user input.
    """
    if (insert is None) == (copy_columns is None):
        raise ValueError("replace_partition writes with exactly one of `insert` or `copy_columns`")
    delete = f"DELETE FROM {table} WHERE {key_column} = ANY(:keys)"
    if keep_where:
        delete += f" AND NOT ({keep_where})"
    with conn.begin_nested():
        conn.execute(sa.text(delete), {**(keep_params or {}), "keys": list(key_values)})
        if copy_columns is not None:
            return copy_rows(conn, table, copy_columns, rows)
        batch = list(rows)
        if batch:
            conn.execute(sa.text(insert or ""), batch)
        return len(batch)
