"""What each daily stage last saw: the fingerprint of its inputs per partition, so an unchanged day costs nothing.

`stage_input_fingerprints` has one row per stage and partition: the fingerprint of everything the stage's result
depends on (the input rows' row versions, the code version, the relevant settings) as it stood when the stage last
wrote its output, and what that run reported (`details`: its metadata and check results, replayed when a re-run
skips). See `hirehound/pipeline/input_fingerprint.py`.

Revision ID: 0010_unchanged
Revises: 0009_skills
"""

from alembic import op

revision = "0010_unchanged"
down_revision = "0010_current_org"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE stage_input_fingerprints (
            stage         text        NOT NULL,
            partition     text        NOT NULL,
            fingerprint   text        NOT NULL,
            code_version  text        NOT NULL,
            rows          integer     NOT NULL DEFAULT 0,
            details       jsonb       NOT NULL DEFAULT '{}'::jsonb,
            run_id        text,
            updated_at    timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (stage, partition)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS stage_input_fingerprints")
