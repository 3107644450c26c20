"""Skills, quality, spam scores and the published catalogue.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("SELECT 1")  # filled in by this stage's work


def downgrade() -> None:
    pass
