"""Whether every posting of a scrape date has an employer: embeddings and dedup compare postings within one
organization, so a posting without one would be compared with nobody's and could never join its duplicates."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def postings_without_organization(conn: Connection, partition: str) -> int:
    """Normalized postings of the scrape date `partition` (YYYY-MM-DD) not linked to any organization."""
    return int(
        conn.execute(
            sa.text(
                """
                SELECT count(*) FROM normalized_postings n
                WHERE n.partition_date = CAST(:p AS date)
                  AND NOT EXISTS (SELECT 1 FROM posting_organizations po WHERE po.posting_id = n.posting_id)
                """
            ),
            {"p": partition},
        ).scalar_one()
    )
