"""Which database transactions were the stage's own: so a row written while it ran can be told from a stranger's.

Every transaction the process commits on the engine while a stage runs is recorded by its Postgres transaction id
(as `xmin` shows it: the low 32 bits). A row version whose `xmin` is in the set was written by the stage; any
other new row version in its tables was written by someone else while it ran. Step processes run one stage at a
time; an in-process run runs its stages one after the other, so the set holds the stage's transactions only.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine


class OwnTransactions:
    """Records the ids of transactions committed on `engine` until `close`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.xids: set[str] = set()
        sa.event.listen(engine, "commit", self._on_commit)

    def _on_commit(self, conn: Connection) -> None:
        # Before the commit goes out, on the driver's connection (not through SQLAlchemy, which is committing).
        raw: Any = conn.connection.dbapi_connection
        row = raw.execute("SELECT pg_current_xact_id_if_assigned()::text").fetchone()
        if row and row[0]:
            self.xids.add(str(int(row[0]) % 2**32))

    def close(self) -> None:
        if sa.event.contains(self.engine, "commit", self._on_commit):
            sa.event.remove(self.engine, "commit", self._on_commit)
