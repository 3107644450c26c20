"""MinHash bands record the scheme that computed them.

Band keys are comparable only when computed the same way. Bands written before this revision came from
datasketch's SHA-1 MinHash; dedup now computes them in numpy (`hirehound.dedup.minhash.SCHEME`) and recomputes,
before drawing candidates, the bands of every lookback posting whose stored scheme differs, so an upgraded
database needs no manual step.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE posting_minhash_state ADD COLUMN scheme text NOT NULL DEFAULT 'datasketch-sha1-v1'")
    op.execute("ALTER TABLE posting_minhash_state ALTER COLUMN scheme DROP DEFAULT")


def downgrade() -> None:
    op.execute("ALTER TABLE posting_minhash_state DROP COLUMN scheme")
