"""MinHash bands record the scheme that computed them and keep their keys with the posting.

Band keys are comparable only when computed the same way. Bands written before this revision came from
datasketch's SHA-1 MinHash; dedup now computes them in numpy (`hirehound.dedup.minhash.SCHEME`), so the old ones
are dropped here and dedup recomputes, before drawing candidates, the bands of every lookback posting that has
none of the current scheme (`candidates.refresh_window_bands`): an upgraded database needs no manual step.

Each posting's keys are also kept in `posting_minhash_state.band_keys`, so its old bands are deleted and its
candidates drawn by the band key (the primary key) alone. The secondary index on `posting_minhash_bands
(posting_id)` goes: with random posting ids it was half the cost of writing a day's 400,000 band rows.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("TRUNCATE posting_minhash_bands, posting_minhash_state")
    op.execute("DROP INDEX IF EXISTS posting_minhash_bands_posting")
    op.execute("ALTER TABLE posting_minhash_state ADD COLUMN scheme text NOT NULL")
    op.execute("ALTER TABLE posting_minhash_state ADD COLUMN band_keys bigint[] NOT NULL")


def downgrade() -> None:
    op.execute("ALTER TABLE posting_minhash_state DROP COLUMN band_keys")
    op.execute("ALTER TABLE posting_minhash_state DROP COLUMN scheme")
    op.execute("TRUNCATE posting_minhash_bands, posting_minhash_state")
    op.execute("CREATE INDEX posting_minhash_bands_posting ON posting_minhash_bands (posting_id)")
