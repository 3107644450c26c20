"""Ingestion: the ledger of scrape files, raw rows stored verbatim, normalized postings, posting identities.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE scrape_files (
            partition_date  date        NOT NULL,
            path            text        NOT NULL,
            sha256          text        NOT NULL,
            size_bytes      bigint      NOT NULL,
            format          text,
            source          text,
            encoding        text,
            status          text        NOT NULL,  -- ingested | partial | quarantined | duplicate
            rows_total      integer     NOT NULL DEFAULT 0,
            rows_ok         integer     NOT NULL DEFAULT 0,
            rows_failed     integer     NOT NULL DEFAULT 0,
            error           text,
            duplicate_of    text,                  -- path of the file with the same sha256 already ingested
            ingested_at     timestamptz NOT NULL DEFAULT now(),
            run_id          text,
            PRIMARY KEY (partition_date, path)
        )
        """
    )
    op.execute("CREATE INDEX scrape_files_sha ON scrape_files (sha256)")
    op.execute(
        """
        CREATE TABLE raw_postings (
            partition_date  date    NOT NULL,
            raw_id          text    NOT NULL,  -- first 16 hex of the file sha256, a colon, the row number
            file_path       text    NOT NULL,
            file_sha256     text    NOT NULL,
            row_number      integer NOT NULL,
            format          text    NOT NULL,
            source          text,
            payload         jsonb   NOT NULL,
            run_id          text,
            PRIMARY KEY (partition_date, raw_id)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE normalized_postings (
            partition_date      date    NOT NULL,
            posting_id          text    NOT NULL,  -- first 16 hex of sha256(posting_key)
            posting_key         text    NOT NULL,  -- source, colon, source_job_id; else 'url', colon, canonical url
            raw_id              text    NOT NULL,
            source              text    NOT NULL,
            source_job_id       text,
            url                 text,
            canonical_url       text,
            apply_url           text,
            canonical_apply_url text,
            ats_vendor          text,
            ats_tenant          text,
            ats_job_id          text,
            title               text    NOT NULL,
            title_normalized    text    NOT NULL,
            seniority           text,
            company_raw         text,
            company_url         text,
            location_raw        text,
            city                text,
            region              text,
            country_code        text,
            remote_type         text,              -- remote | hybrid | onsite | unknown
            salary_min          numeric,
            salary_max          numeric,
            salary_currency     text,
            salary_period       text,              -- year | month | week | day | hour
            salary_annual_min   numeric,
            salary_annual_max   numeric,
            employment_type     text,
            date_posted         date,
            expires_at          timestamptz,
            description_html    text,
            description_text    text    NOT NULL DEFAULT '',
            content_hash        text    NOT NULL,
            extra               jsonb   NOT NULL DEFAULT '{}'::jsonb,
            run_id              text,
            PRIMARY KEY (partition_date, posting_id)
        )
        """
    )
    op.execute("CREATE INDEX normalized_postings_posting ON normalized_postings (posting_id)")
    op.execute("CREATE INDEX normalized_postings_hash ON normalized_postings (content_hash)")
    op.execute("CREATE INDEX normalized_postings_ats ON normalized_postings (ats_vendor, ats_job_id)")
    op.execute("CREATE INDEX normalized_postings_apply ON normalized_postings (canonical_apply_url)")
    op.execute(
        """
        CREATE TABLE postings (
            posting_id        text PRIMARY KEY,
            posting_key       text NOT NULL UNIQUE,
            first_seen        date NOT NULL,        -- earliest scrape date with this identity
            last_seen         date NOT NULL,        -- latest scrape date with this identity
            latest_partition  date NOT NULL,        -- partition whose normalized row is current
            status            text NOT NULL DEFAULT 'active',  -- active | expired
            expired_at        timestamptz,
            expiry_reason     text,
            updated_at        timestamptz NOT NULL DEFAULT now(),
            run_id            text
        )
        """
    )
    op.execute("CREATE INDEX postings_active_last_seen ON postings (last_seen) WHERE status = 'active'")
    # What each ingestion asset last did to a partition: the fingerprint of its inputs (files' sha256 + code
    # version) lets an unchanged partition be skipped, and the counts feed the asset checks of a skipped run.
    op.execute(
        """
        CREATE TABLE ingestion_partitions (
            asset           text        NOT NULL,
            partition_date  date        NOT NULL,
            fingerprint     text        NOT NULL,
            rows_in         integer     NOT NULL DEFAULT 0,
            rows_out        integer     NOT NULL DEFAULT 0,
            rows_failed     integer     NOT NULL DEFAULT 0,
            details         jsonb       NOT NULL DEFAULT CAST('{}' AS jsonb),
            run_id          text,
            updated_at      timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (asset, partition_date)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE ingestion_partitions, postings, normalized_postings, raw_postings, scrape_files")
