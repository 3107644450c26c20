"""Where the new-scrapes sensor keeps what it knows about each landing-zone file: the `landing_files` table.

Keeping it in Postgres (not in the sensor cursor) keeps the cursor a few bytes and the sensor page readable at
10,000 files, and lets an operator ask which files are still settling with plain SQL. Saving replaces the table's
contents with the latest look in one transaction: files that left the landing zone are forgotten.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.ingestion.scan import FileState, State


def load_file_state(conn: Connection) -> State:
    rows = conn.execute(
        sa.text("SELECT path, size_bytes, mtime, sha256, scrape_date, settled FROM landing_files")
    ).all()
    return {
        r.path: FileState(
            int(r.size_bytes), float(r.mtime), r.sha256, r.scrape_date.isoformat() if r.scrape_date else None, r.settled
        )
        for r in rows
    }


def save_file_state(conn: Connection, previous: State, state: State) -> int:
    """Write only what changed since `previous` (most looks change nothing); returns the rows touched."""
    gone = [p for p in previous if p not in state]
    changed = [
        {
            "path": p,
            "size": s.size,
            "mtime": s.mtime,
            "sha": s.sha256,
            "day": s.scrape_date,
            "settled": s.settled,
        }
        for p, s in state.items()
        if previous.get(p) != s
    ]
    if gone:
        conn.execute(sa.text("DELETE FROM landing_files WHERE path = ANY(:paths)"), {"paths": gone})
    if changed:
        conn.execute(
            sa.text(
                """
                INSERT INTO landing_files (path, size_bytes, mtime, sha256, scrape_date, settled)
                VALUES (:path, :size, :mtime, :sha, CAST(:day AS date), :settled)
                ON CONFLICT (path) DO UPDATE SET size_bytes = EXCLUDED.size_bytes, mtime = EXCLUDED.mtime,
                    sha256 = EXCLUDED.sha256, scrape_date = EXCLUDED.scrape_date, settled = EXCLUDED.settled,
                    updated_at = now()
                """
            ),
            changed,
        )
    return len(gone) + len(changed)
