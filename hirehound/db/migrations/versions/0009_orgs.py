"""Every place a posting names, normalized: `normalized_postings.places`.

A posting can name several places ("NYC; SF", "New York, NY / Remote"); `city`, `region` and `country_code` hold
the first. `places` holds them all as `COUNTRY/REGION/CITY` keys with GeoNames city names ("US/NY/New York City",
"US/TX/" for a state, "US//" for a country), so "NYC" and "New York, NY" compare equal and two states do not
(see hirehound/ingestion/locations.py). Rows normalized before this migration have NULL until re-normalized (the
normalizer version changed, so the next run of a partition does it).

Revision ID: 0009_orgs
Revises: 0008
"""

from alembic import op

revision = "0009_orgs"
down_revision = "0009_ux"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE normalized_postings ADD COLUMN places text[]")


def downgrade() -> None:
    op.execute("ALTER TABLE normalized_postings DROP COLUMN IF EXISTS places")
