"""Searching the catalogue as it was on a past date: keyword matches over `catalogue_as_of(day)`.

The current catalogue drops postings once they expire; history is still there in the sightings, and the SQL
function `catalogue_as_of` (migration 0009_ux) rebuilds the catalogue of any day from them. This ranks its
entries for a query by Postgres full text over title, employer and location (the day's vectors are not kept
per day, so the semantic half of the hybrid search does not apply here).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.search.hybrid import SearchFilters, SearchHit

AS_OF_SQL = """
WITH entries AS (
    SELECT c.*, to_tsvector('english', concat_ws(' ', c.title, c.organization, c.location)) AS doc
    FROM catalogue_as_of(:day) c
)
SELECT e.cluster_id, ts_rank(e.doc, q) AS rank, e.title, e.organization, e.location, e.source, e.seen_on,
       e.remote_type, e.url
FROM entries e, websearch_to_tsquery('english', :q) q
WHERE e.doc @@ q
  AND (CAST(:since AS date) IS NULL OR e.seen_on >= CAST(:since AS date))
  AND (NOT :remote OR e.remote_type = 'remote')
  AND (CAST(:location AS text) IS NULL OR e.location ILIKE '%' || CAST(:location AS text) || '%')
ORDER BY rank DESC, e.cluster_id
LIMIT :limit
"""


def search_as_of(conn: Connection, day: date, query: str, filters: SearchFilters, limit: int = 10) -> list[SearchHit]:
    rows = conn.execute(
        sa.text(AS_OF_SQL),
        {
            "day": day,
            "q": query,
            "since": filters.since,
            "remote": filters.remote,
            "location": filters.location,
            "limit": limit,
        },
    ).all()
    return [
        SearchHit(
            r.cluster_id,
            round(float(r.rank), 5),
            r.title,
            r.organization,
            r.location,
            None,
            [r.source] if r.source else [],
            r.seen_on,
            {"remote_type": r.remote_type, "url": r.url},
        )
        for r in rows
    ]
