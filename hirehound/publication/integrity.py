"""What the published catalogue must never show: a posting that is spam (by its latest score) or no longer active.

Expiry and spam scoring can change a posting after its cluster was published; the catalogue stage removes such
entries, and this count says whether any slipped through.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class CatalogueHealth:
    """Catalogue entries in all, and those showing a spam or inactive posting."""

    entries: int
    unfit_entries: int


def catalogue_health(conn: Connection) -> CatalogueHealth:
    """Counts over the whole catalogue (it is global: one entry per open cluster, whatever day published it)."""
    unfit = conn.execute(
        sa.text(
            """
            SELECT count(*) FROM published_postings pp JOIN postings p ON p.posting_id = pp.posting_id
            WHERE p.status <> 'active' OR EXISTS (
                SELECT 1 FROM spam_scores s WHERE s.posting_id = pp.posting_id AND s.is_spam
                  AND s.partition_date = p.latest_partition)
            """
        )
    ).scalar_one()
    entries = conn.execute(sa.text("SELECT count(*) FROM published_postings")).scalar_one()
    return CatalogueHealth(entries=int(entries), unfit_entries=int(unfit))
