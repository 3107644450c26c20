"""Foundation: extensions and the failure ledger every stage writes per-item failures to.

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        """
        CREATE TABLE failure_ledger (
            failure_id     bigserial PRIMARY KEY,
            asset          text        NOT NULL,
            partition_key  text        NOT NULL DEFAULT '',
            item_key       text        NOT NULL,
            stage          text        NOT NULL,
            error_class    text        NOT NULL,
            message        text        NOT NULL,
            attempt        integer     NOT NULL DEFAULT 1,
            run_id         text,
            first_seen     timestamptz NOT NULL DEFAULT now(),
            last_seen      timestamptz NOT NULL DEFAULT now(),
            resolved       boolean     NOT NULL DEFAULT false,
            resolved_at    timestamptz,
            UNIQUE (asset, partition_key, item_key, stage)
        )
        """
    )
    op.execute("CREATE INDEX failure_ledger_open ON failure_ledger (asset, partition_key) WHERE NOT resolved")
    op.execute("CREATE INDEX failure_ledger_class ON failure_ledger (asset, error_class) WHERE NOT resolved")


def downgrade() -> None:
    op.execute("DROP TABLE failure_ledger")
