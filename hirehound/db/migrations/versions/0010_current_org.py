"""One definition of "the organization it is now": every organization id mapped to the one its merges end at.

A merged organization keeps its row with `merged_into` pointing at the survivor, and ids of merged organizations
live on in tables written before the merge (`posting_embeddings`, aliases and identifiers read by matching). Every
reader resolves them through `current_organizations (organization_id, current_organization_id)`, which follows
`merged_into` to the end of the chain, however long: the organizations stage and enrichment both merge, in
separate runs that may overlap, so a chain can grow a second hop between `apply_merges` flattening it. A cycle
(which no code writes) ends the walk instead of looping.

The recursion runs once per query over the merged organizations only (`organization_merge_ends`), and
`current_organizations` is a plain join on top of it, so the planner can push a caller's filter on
`organization_id` down to the primary key. A reverse lookup (every id that now resolves to X) reads
`organization_merge_ends` directly: X itself plus the merged organizations whose chain ends at X.
`posting_organization_current` is rebuilt on it: the old view walked the chain of every posting before any filter
applied (58.7 -> 7.7 ms for one posting at 20,000 organizations, load average 8.4 on 2 cores: see
bench/RESULTS_current_org.md).

Revision ID: 0010_current_org
Revises: 0009_skills
"""

from alembic import op

revision = "0010_current_org"
down_revision = "0009_skills"
branch_labels = None
depends_on = None

POSTING_COLUMNS = """
    o.name AS organization_name, o.kind, o.domain, o.logo_url,
    o.industry_naics, o.industry_name, o.size_band, o.hq_city, o.hq_country_code
"""


def upgrade() -> None:
    op.execute(
        """
        CREATE VIEW organization_merge_ends AS
        WITH RECURSIVE chain (organization_id, current_organization_id, path) AS (
            SELECT organization_id, merged_into, ARRAY[organization_id]
            FROM organizations WHERE merged_into IS NOT NULL
            UNION ALL
            SELECT c.organization_id, o.merged_into, c.path || o.organization_id
            FROM chain c JOIN organizations o ON o.organization_id = c.current_organization_id
            WHERE o.merged_into IS NOT NULL AND o.organization_id <> ALL (c.path)
        )
        SELECT DISTINCT ON (organization_id) organization_id, current_organization_id
        FROM chain ORDER BY organization_id, cardinality(path) DESC
        """
    )
    op.execute(
        """
        CREATE VIEW current_organizations AS
        SELECT o.organization_id, COALESCE(e.current_organization_id, o.organization_id) AS current_organization_id
        FROM organizations o LEFT JOIN organization_merge_ends e ON e.organization_id = o.organization_id
        """
    )
    op.execute(
        f"""
        CREATE OR REPLACE VIEW posting_organization_current AS
        SELECT po.posting_id, o.organization_id, {POSTING_COLUMNS}
        FROM posting_organizations po
        JOIN current_organizations c ON c.organization_id = po.organization_id
        JOIN organizations o ON o.organization_id = c.current_organization_id
        """
    )


def downgrade() -> None:
    op.execute(
        f"""
        CREATE OR REPLACE VIEW posting_organization_current AS
        WITH RECURSIVE chain (posting_id, organization_id, depth) AS (
            SELECT posting_id, organization_id, 0 FROM posting_organizations
            UNION ALL
            SELECT c.posting_id, o.merged_into, c.depth + 1
            FROM chain c JOIN organizations o ON o.organization_id = c.organization_id
            WHERE o.merged_into IS NOT NULL AND c.depth < 20
        )
        SELECT DISTINCT ON (c.posting_id) c.posting_id, c.organization_id, {POSTING_COLUMNS}
        FROM chain c JOIN organizations o ON o.organization_id = c.organization_id
        ORDER BY c.posting_id, c.depth DESC
        """
    )
    op.execute("DROP VIEW IF EXISTS current_organizations")
    op.execute("DROP VIEW IF EXISTS organization_merge_ends")
