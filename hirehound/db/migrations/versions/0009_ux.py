"""Landing-zone file state for the new-scrapes sensor, and the catalogue as of a past date.

`landing_files` is what the sensor knows about each file it has seen (size, mtime, sha256, scrape date, whether it
has stopped changing), so the sensor's cursor stays a few bytes instead of a JSON blob of every file.
`catalogue_as_of(day, max_unseen_days)` answers "what was in the catalogue on that day": one row per duplicate
cluster whose postings had been seen by then, were seen within the unseen window ending that day, had not passed
their deadline, and were not scored spam. It reads the sightings (`normalized_postings`), so a historical scrape
stays queryable as of its date after expiry has taken it out of the current catalogue.

Revision ID: 0009_ux
Revises: 0008
"""

from alembic import op

revision = "0009_ux"
down_revision = "0009_ops"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE landing_files (
            path         text             PRIMARY KEY,   -- relative to the landing zone
            size_bytes   bigint           NOT NULL,
            mtime        double precision NOT NULL,
            sha256       text,                          -- NULL until the file has stopped changing and is hashed
            scrape_date  date,
            settled      boolean          NOT NULL DEFAULT false,  -- same size and mtime on two looks in a row
            first_seen   timestamptz      NOT NULL DEFAULT now(),
            updated_at   timestamptz      NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX normalized_postings_source_date ON normalized_postings (source, partition_date)")
    op.execute(
        """
        CREATE FUNCTION catalogue_as_of(as_of date, max_unseen_days integer DEFAULT 30)
        RETURNS TABLE (
            cluster_id text, posting_id text, seen_on date, first_seen date, title text, organization text,
            location text, country_code text, remote_type text, source text, url text
        )
        LANGUAGE sql STABLE AS $$
            WITH latest AS (  -- each posting's latest sighting on or before the day
                SELECT DISTINCT ON (n.posting_id) n.*
                FROM normalized_postings n
                WHERE n.partition_date <= as_of
                ORDER BY n.posting_id, n.partition_date DESC
            ), live AS (
                SELECT l.*, p.first_seen AS posting_first_seen
                FROM latest l JOIN postings p ON p.posting_id = l.posting_id
                WHERE l.partition_date > as_of - max_unseen_days
                  AND (l.expires_at IS NULL OR l.expires_at >= CAST(as_of AS timestamp) AT TIME ZONE 'UTC')
                  AND NOT (p.status = 'expired' AND p.expiry_reason LIKE 'revalidation%'
                           AND p.expired_at < CAST(as_of AS timestamp) AT TIME ZONE 'UTC')
                  AND NOT EXISTS (SELECT 1 FROM spam_scores s
                                  WHERE s.posting_id = l.posting_id AND s.partition_date = l.partition_date
                                    AND s.is_spam)
            )
            SELECT DISTINCT ON (m.cluster_id)
                   m.cluster_id, v.posting_id, v.partition_date, v.posting_first_seen, v.title,
                   coalesce(CASE WHEN poc.kind = 'employer' THEN poc.organization_name END, v.company_raw),
                   coalesce(v.location_raw, concat_ws(', ', v.city, v.country_code)), v.country_code,
                   v.remote_type, v.source, coalesce(v.canonical_url, v.url)
            FROM live v
            JOIN cluster_members m ON m.posting_id = v.posting_id
            LEFT JOIN posting_organization_current poc ON poc.posting_id = v.posting_id
            ORDER BY m.cluster_id, m.is_canonical DESC, v.partition_date DESC, v.posting_id
        $$
        """
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS catalogue_as_of(date, integer)")
    op.execute("DROP INDEX IF EXISTS normalized_postings_source_date")
    op.execute("DROP TABLE IF EXISTS landing_files")
