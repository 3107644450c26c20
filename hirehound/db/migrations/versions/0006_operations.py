"""Incidents, daily stats, archive and the posting_lineage view.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One incident per failed run; closed when a later run of the same job and partition succeeds.
    op.execute(
        """
        CREATE TABLE pipeline_incidents (
            incident_id       bigserial   PRIMARY KEY,
            run_id            text        NOT NULL UNIQUE,
            job_name          text        NOT NULL,
            partition_key     text        NOT NULL DEFAULT '',
            failed_steps      text[]      NOT NULL DEFAULT '{}',
            error_class       text,
            error_message     text,
            status            text        NOT NULL DEFAULT 'open',  -- open | closed
            opened_at         timestamptz NOT NULL DEFAULT now(),
            closed_at         timestamptz,
            closed_by_run_id  text
        )
        """
    )
    op.execute(
        "CREATE INDEX pipeline_incidents_open ON pipeline_incidents (job_name, partition_key) WHERE status = 'open'"
    )
    # Per scrape date: totals (dimension 'all'), by board and by country.
    op.execute(
        """
        CREATE TABLE daily_posting_stats (
            partition_date     date    NOT NULL,
            dimension          text    NOT NULL,  -- all | board | country
            value              text    NOT NULL,  -- '' for all; the board or country code ('??' unknown)
            postings_seen      integer NOT NULL,
            new_postings       integer NOT NULL,
            unique_jobs        integer NOT NULL,
            duplicates         integer NOT NULL,
            posting_intensity  real    NOT NULL,  -- postings seen per unique job
            expired            integer NOT NULL,
            spam               integer NOT NULL,
            computed_at        timestamptz NOT NULL DEFAULT now(),
            run_id             text,
            PRIMARY KEY (partition_date, dimension, value)
        )
        """
    )
    # Postings inactive for long leave the hot table but stay queryable, with their latest normalized values.
    op.execute(
        """
        CREATE TABLE postings_archive (
            posting_id        text PRIMARY KEY,
            posting_key       text NOT NULL,
            first_seen        date NOT NULL,
            last_seen         date NOT NULL,
            latest_partition  date NOT NULL,
            status            text NOT NULL,
            expired_at        timestamptz,
            expiry_reason     text,
            updated_at        timestamptz NOT NULL,
            run_id            text,
            latest_snapshot   jsonb NOT NULL DEFAULT CAST('{}' AS jsonb),
            archived_at       timestamptz NOT NULL DEFAULT now(),
            archive_run_id    text
        )
        """
    )
    op.execute("CREATE INDEX postings_archive_key ON postings_archive (posting_key)")
    # The latest revalidation answer per posting: what was asked, what came back, which run asked.
    op.execute(
        """
        CREATE TABLE posting_url_checks (
            posting_id   text PRIMARY KEY,
            url          text NOT NULL,
            outcome      text NOT NULL,  -- alive | gone | closed | blocked | error
            status_code  integer,
            final_url    text,
            detail       text,
            checked_at   timestamptz NOT NULL DEFAULT now(),
            run_id       text
        )
        """
    )
    op.execute("CREATE INDEX posting_url_checks_checked ON posting_url_checks (checked_at)")
    op.execute(_lineage_view_sql(op.get_bind()))


def _columns(bind: sa.engine.Connection, table: str) -> set[str]:
    rows = bind.execute(
        sa.text(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = :t AND table_schema = current_schema()"
        ),
        {"t": table},
    )
    return {r[0] for r in rows}


def _lineage_view_sql(bind: sa.engine.Connection) -> str:
    """One row per sighting (normalized posting of one scrape date) with every stage that touched the posting.

    The publication join is built from the columns 0005 actually gave `published_postings` (contract: cluster_id,
    posting_id, partition_date, run_id), so the chain stays valid while that stage is missing or differs.
    """
    pub = _columns(bind, "published_postings")
    published = "cluster_id" in pub

    def col(name: str, cast: str) -> str:
        return f"pp.{name}" if name in pub else f"CAST(NULL AS {cast})"

    pub_cols = (
        f"pp.cluster_id IS NOT NULL AS published, {col('posting_id', 'text')} AS published_posting_id, "
        f"{col('partition_date', 'date')} AS published_partition_date, {col('run_id', 'text')} AS publication_run_id"
        if published
        else "false AS published, CAST(NULL AS text) AS published_posting_id, "
        "CAST(NULL AS date) AS published_partition_date, CAST(NULL AS text) AS publication_run_id"
    )
    pub_join = "LEFT JOIN published_postings pp ON pp.cluster_id = pcc.cluster_id" if published else ""
    return f"""
        CREATE VIEW posting_lineage AS
        WITH identity AS (
            SELECT posting_id, posting_key, status, expired_at, expiry_reason, false AS archived FROM postings
            UNION ALL
            SELECT a.posting_id, a.posting_key, a.status, a.expired_at, a.expiry_reason, true AS archived
            FROM postings_archive a WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE p.posting_id = a.posting_id)
        )
        SELECT
            np.posting_id, np.posting_key, np.partition_date,
            i.status AS posting_status, i.expiry_reason, i.expired_at, COALESCE(i.archived, false) AS archived,
            sf.path AS scrape_file_path, sf.sha256 AS scrape_file_sha256, rp.row_number AS scrape_file_row,
            sf.run_id AS scrape_file_run_id,
            np.raw_id, rp.run_id AS raw_run_id,
            np.url, np.title, np.content_hash, np.run_id AS normalized_run_id,
            po.organization_id AS matched_organization_id, poc.organization_id,
            poc.organization_name, po.matched_alias, po.match_method, po.match_score,
            po.run_id AS organization_run_id,
            pe.model_id AS embedding_model_id, pe.text_hash AS embedding_text_hash, pe.run_id AS embedding_run_id,
            pcc.cluster_id, dc.status AS cluster_status, cm.cluster_id AS joined_cluster_id, cm.is_canonical,
            cm.duplicate_type, cm.score AS duplicate_score, cm.reasons AS duplicate_reasons,
            cm.run_id AS cluster_run_id,
            {pub_cols}
        FROM normalized_postings np
        LEFT JOIN identity i ON i.posting_id = np.posting_id
        LEFT JOIN raw_postings rp ON rp.partition_date = np.partition_date AND rp.raw_id = np.raw_id
        LEFT JOIN scrape_files sf ON sf.partition_date = rp.partition_date AND sf.path = rp.file_path
        LEFT JOIN posting_organizations po ON po.posting_id = np.posting_id
        LEFT JOIN posting_organization_current poc ON poc.posting_id = np.posting_id
        LEFT JOIN posting_embeddings pe ON pe.posting_id = np.posting_id
        LEFT JOIN cluster_members cm ON cm.posting_id = np.posting_id
        LEFT JOIN posting_cluster_current pcc ON pcc.posting_id = np.posting_id
        LEFT JOIN duplicate_clusters dc ON dc.cluster_id = pcc.cluster_id
        {pub_join}
    """


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS posting_lineage")
    op.execute("DROP TABLE IF EXISTS posting_url_checks, postings_archive, daily_posting_stats, pipeline_incidents")
