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
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.execute(
        """
        CREATE TABLE organizations (
            organization_id     text PRIMARY KEY,     -- 'org_' + sha256(kind, core key)[16]; confidential: of posting
            name                text NOT NULL,        -- display name: the most used spelling, cleaned
            normalized_name     text NOT NULL,
            core_key            text NOT NULL,        -- identifying words only (see hirehound.organizations.normalize)
            kind                text NOT NULL DEFAULT 'employer',  -- employer | staffing_agency | confidential
            domain              text,                 -- the employer's own registrable domain
            merged_into         text REFERENCES organizations (organization_id),
            merge_reason        text,
            first_seen          date NOT NULL,
            last_seen           date NOT NULL,
            posting_count       integer NOT NULL DEFAULT 0,
            website             text,
            description         text,
            logo_url            text,
            industry_naics      text,                 -- NAICS 2-digit sector code, e.g. '51'
            industry_name       text,
            industry_confidence real,
            size_band           text,                 -- 1-10 | 11-50 | ... | 10001+
            size_evidence       jsonb,
            employee_count      integer,
            revenue_text        text,
            hq_raw              text,
            hq_city             text,
            hq_country_code     text,
            hq_lat              double precision,
            hq_lon              double precision,
            field_provenance    jsonb NOT NULL DEFAULT CAST('{}' AS jsonb),  -- field -> source, fetched_at, confidence
            enrichment_hash     text,                 -- changes when any enriched field changes
            enriched_at         timestamptz,
            enriched_partition  date,
            updated_at          timestamptz NOT NULL DEFAULT now(),
            run_id              text
        )
        """
    )
    op.execute("CREATE INDEX organizations_core_key ON organizations (core_key)")
    op.execute("CREATE INDEX organizations_domain ON organizations (domain) WHERE domain IS NOT NULL")
    op.execute("CREATE INDEX organizations_merged ON organizations (merged_into) WHERE merged_into IS NOT NULL")
    op.execute("CREATE INDEX organizations_last_seen ON organizations (last_seen)")
    op.execute(
        """
        CREATE TABLE organization_aliases (
            organization_id  text NOT NULL REFERENCES organizations (organization_id),
            alias            text NOT NULL,           -- the raw spelling as a board wrote it
            source           text NOT NULL,           -- board
            display_name     text NOT NULL,           -- the spelling without taglines, noise and legal suffix
            normalized_name  text NOT NULL,
            core_key         text NOT NULL,
            distinctive      text NOT NULL,           -- identifying words, space separated
            kind             text NOT NULL,
            posting_count    integer NOT NULL DEFAULT 0,
            first_seen       date NOT NULL,
            last_seen        date NOT NULL,
            run_id           text,
            PRIMARY KEY (organization_id, alias, source)
        )
        """
    )
    op.execute("CREATE INDEX organization_aliases_key ON organization_aliases (core_key)")
    # Candidate generation for fuzzy matching: trigram similarity on the core key.
    # fastupdate off: with the pending list on, every search scans all aliases inserted since the last vacuum
    # (5 ms per spelling after a 5,000-alias batch); inserting into the tree directly costs little more.
    op.execute(
        "CREATE INDEX organization_aliases_trgm ON organization_aliases USING gin (core_key gin_trgm_ops) "
        "WITH (fastupdate = off)"
    )
    # Candidates sharing the first identifying word (word-prefix matches, which trigrams can rank low).
    op.execute(
        "CREATE INDEX organization_aliases_first_word ON organization_aliases (kind, split_part(distinctive, ' ', 1))"
    )
    op.execute(
        """
        CREATE TABLE organization_identifiers (
            kind             text NOT NULL,           -- domain | ats:greenhouse | ats:lever | ... | board:linkedin
            value            text NOT NULL,
            organization_id  text NOT NULL REFERENCES organizations (organization_id),
            first_seen       date NOT NULL,
            run_id           text,
            PRIMARY KEY (kind, value)
        )
        """
    )
    op.execute("CREATE INDEX organization_identifiers_org ON organization_identifiers (organization_id)")
    op.execute(
        """
        CREATE TABLE posting_organizations (
            posting_id       text PRIMARY KEY,
            organization_id  text NOT NULL REFERENCES organizations (organization_id),
            matched_alias    text,
            source           text,
            match_method     text NOT NULL,  -- identifier | exact_key | fuzzy | prefix | new | confidential
            match_score      real,
            partition_date   date NOT NULL,  -- the latest partition that linked this posting
            run_id           text
        )
        """
    )
    op.execute("CREATE INDEX posting_organizations_org ON posting_organizations (organization_id)")
    op.execute("CREATE INDEX posting_organizations_partition ON posting_organizations (partition_date)")
    op.execute(
        """
        CREATE TABLE organization_field_values (
            organization_id  text NOT NULL REFERENCES organizations (organization_id),
            field            text NOT NULL,
            source           text NOT NULL,  -- provider name: http, scrape, postings, domain, ...
            value            jsonb NOT NULL,
            confidence       real NOT NULL,
            fetched_at       timestamptz NOT NULL,
            run_id           text,
            PRIMARY KEY (organization_id, field, source)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE organization_embeddings (
            organization_id  text PRIMARY KEY REFERENCES organizations (organization_id),
            model_id         text NOT NULL,
            text_hash        text NOT NULL,
            embedding        vector(384) NOT NULL,
            run_id           text
        )
        """
    )
    # Postings follow merges: the organization of a posting is the end of its merged_into chain.
    op.execute(
        """
        CREATE VIEW posting_organization_current AS
        WITH RECURSIVE chain (posting_id, organization_id, depth) AS (
            SELECT posting_id, organization_id, 0 FROM posting_organizations
            UNION ALL
            SELECT c.posting_id, o.merged_into, c.depth + 1
            FROM chain c JOIN organizations o ON o.organization_id = c.organization_id
            WHERE o.merged_into IS NOT NULL AND c.depth < 20
        )
        SELECT DISTINCT ON (c.posting_id)
               c.posting_id, c.organization_id, o.name AS organization_name, o.kind, o.domain, o.logo_url,
               o.industry_naics, o.industry_name, o.size_band, o.hq_city, o.hq_country_code
        FROM chain c JOIN organizations o ON o.organization_id = c.organization_id
        ORDER BY c.posting_id, c.depth DESC
        """
    )


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS posting_organization_current")
    op.execute(
        "DROP TABLE IF EXISTS organization_embeddings, organization_field_values, posting_organizations, "
        "organization_identifiers, organization_aliases, organizations"
    )
