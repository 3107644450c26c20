"""Whether every posting of a scrape date belongs to a duplicate cluster (singletons are clusters of one): the
catalogue publishes clusters, so a posting outside every cluster would never be published."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def postings_without_cluster(conn: Connection, day: date) -> int:
    """Normalized postings of `day` that are a member of no cluster."""
    return int(
        conn.execute(
            sa.text(
                "SELECT count(*) FROM normalized_postings n WHERE n.partition_date = :p AND NOT EXISTS "
                "(SELECT 1 FROM cluster_members m WHERE m.posting_id = n.posting_id)"
            ),
            {"p": day},
        ).scalar_one()
    )
