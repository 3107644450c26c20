"""The psycopg 3 connection under a SQLAlchemy connection, for what `sqlalchemy.text` does badly.

Bulk work (COPY, `executemany` of thousands of rows, binary result sets) and pgvector values go through the
driver directly; it is the same connection, so it shares the caller's transaction. Ordinary parameterized
statements stay on `sqlalchemy.text` (see ARCHITECTURE.md, "Database access").
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pgvector.psycopg import register_vector
from sqlalchemy.engine import Connection


def driver_connection(conn: Connection) -> Any:
    """The psycopg 3 connection under a SQLAlchemy connection, with pgvector's types registered."""
    raw: Any = conn.connection.driver_connection
    register_vector(raw)
    return raw


def as_array(value: Any) -> np.ndarray:
    """A pgvector value as float32 numpy (the adapter returns `Vector` objects in pgvector >= 0.4)."""
    if hasattr(value, "to_numpy"):
        value = value.to_numpy()
    return np.asarray(value, dtype=np.float32)
