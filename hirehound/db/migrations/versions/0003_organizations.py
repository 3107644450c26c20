"""Organizations, aliases, posting-to-organization links and enrichment.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("SELECT 1")  # filled in by this stage's work


def downgrade() -> None:
    pass
