"""`replace_partition`: a stage's slice of a table is replaced whole, atomically, and only that slice."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hirehound.db.partition_replace import replace_partition

pytestmark = pytest.mark.integration

D1, D2 = date(2026, 3, 1), date(2026, 3, 2)
INSERT = "INSERT INTO t (day, k, v) VALUES (:day, :k, :v)"


def _table(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            sa.text("CREATE TABLE t (day date, k text, v integer, kept boolean DEFAULT false, PRIMARY KEY (day, k))")
        )
        conn.execute(sa.text("INSERT INTO t VALUES (:d1, 'a', 1), (:d1, 'b', 2), (:d2, 'a', 9)"), {"d1": D1, "d2": D2})


def _rows(conn: Connection) -> list[tuple[object, ...]]:
    return [tuple(r) for r in conn.execute(sa.text("SELECT day, k, v FROM t ORDER BY day, k"))]


def test_replaces_only_the_named_partition_and_reruns_give_the_same_table(engine: Engine) -> None:
    _table(engine)
    new = [{"day": D1, "k": "c", "v": 3}]
    for _ in range(2):
        with engine.begin() as conn:
            assert replace_partition(conn, "t", "day", [D1], new, insert=INSERT) == 1
    with engine.begin() as conn:
        assert _rows(conn) == [(D1, "c", 3), (D2, "a", 9)]
        assert replace_partition(conn, "t", "day", [D2], [(D2, "z", 7)], copy_columns=("day", "k", "v")) == 1
        assert _rows(conn) == [(D1, "c", 3), (D2, "z", 7)]
        assert replace_partition(conn, "t", "day", [D1, D2], [], insert=INSERT) == 0
        assert _rows(conn) == []


def test_a_failed_write_leaves_the_old_rows(engine: Engine) -> None:
    _table(engine)
    with engine.begin() as conn:
        before = _rows(conn)
        clash = [{"day": D1, "k": "c", "v": 3}, {"day": D1, "k": "c", "v": 4}]  # same primary key twice
        with pytest.raises(sa.exc.IntegrityError):
            replace_partition(conn, "t", "day", [D1], clash, insert=INSERT)
        assert _rows(conn) == before  # the delete was undone with the write, and the transaction is usable


def test_keep_where_spares_rows_of_the_partition(engine: Engine) -> None:
    _table(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE t SET kept = true WHERE day = :d1 AND k = 'b'"), {"d1": D1})
        replace_partition(
            conn, "t", "day", [D1], [], insert=INSERT, keep_where="kept AND k <> ALL(:gone)", keep_params={"gone": []}
        )
        assert _rows(conn) == [(D1, "b", 2), (D2, "a", 9)]


def test_exactly_one_way_to_write(engine: Engine) -> None:
    with engine.begin() as conn, pytest.raises(ValueError, match="exactly one"):
        replace_partition(conn, "t", "day", [D1], [], insert=INSERT, copy_columns=("day",))
