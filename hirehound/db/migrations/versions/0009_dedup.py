"""Workday requisition ids without their re-post suffix, so `_R0001113-2` and `_R0001113` name one job.

Workday appends "-<n>" to the job page of another posting of the same requisition (a re-post, another location).
Ingestion used to keep it in `ats_job_id`, so the two postings never matched on their ATS id. This strips it from
stored rows (only where what is left still has three digits: "R-12" stays). Ids the old parser missed entirely
(`_23WD72449`) appear when their partitions' `normalized_postings` are materialized again.

Revision ID: 0009_dedup
Revises: 0008
"""

from alembic import op

revision = "0009_dedup"
down_revision = "0009_orgs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        r"""
        UPDATE normalized_postings
        SET ats_job_id = regexp_replace(ats_job_id, '-\d{1,2}$', '')
        WHERE ats_vendor = 'workday' AND ats_job_id ~ '\d{3,}.*-\d{1,2}$'
          AND regexp_replace(ats_job_id, '-\d{1,2}$', '') ~ '\d{3,}'
        """
    )


def downgrade() -> None:
    # The suffix named no requisition of its own; the stripped ids are what the parser now writes anyway.
    pass
