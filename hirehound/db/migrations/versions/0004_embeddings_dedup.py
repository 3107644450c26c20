"""Text embeddings, MinHash bands, duplicate pairs and clusters.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    # One vector per distinct text ever embedded, per model: re-scrapes and exact duplicates cost no model call.
    op.execute(
        """
        CREATE TABLE text_embeddings (
            model_id    text        NOT NULL,
            text_hash   text        NOT NULL,  -- sha256 hex of the exact text embedded
            embedding   vector(384) NOT NULL,
            created_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (model_id, text_hash)
        )
        """
    )
    op.execute("CREATE INDEX text_embeddings_hnsw ON text_embeddings USING hnsw (embedding vector_cosine_ops)")
    # Which text of a posting was embedded; the organization is copied here so same-organization kNN needs no join.
    op.execute(
        """
        CREATE TABLE posting_embeddings (
            posting_id       text    PRIMARY KEY,
            partition_date   date    NOT NULL,  -- partition that last (re)computed this row
            model_id         text    NOT NULL,
            text_hash        text    NOT NULL,
            text_chars       integer NOT NULL,
            organization_id  text,              -- NULL: unknown, confidential or agency
            run_id           text
        )
        """
    )
    op.execute("CREATE INDEX posting_embeddings_text ON posting_embeddings (model_id, text_hash)")
    op.execute("CREATE INDEX posting_embeddings_org ON posting_embeddings (organization_id)")
    op.execute("CREATE INDEX posting_embeddings_partition ON posting_embeddings (partition_date)")
    # MinHash LSH band keys: postings sharing a key are near-duplicate candidates, found by an indexed join.
    op.execute(
        """
        CREATE TABLE posting_minhash_bands (
            band_key    bigint NOT NULL,  -- hash of (band number, the band's MinHash values)
            posting_id  text   NOT NULL,
            PRIMARY KEY (band_key, posting_id)
        )
        """
    )
    op.execute("CREATE INDEX posting_minhash_bands_posting ON posting_minhash_bands (posting_id)")
    op.execute(
        """
        CREATE TABLE posting_minhash_state (
            posting_id    text PRIMARY KEY,
            content_hash  text NOT NULL,   -- bands are recomputed only when the text changes
            run_id        text
        )
        """
    )
    # Every scored candidate pair (posting_a < posting_b), accepted or not, with the signals that decided it.
    op.execute(
        """
        CREATE TABLE duplicate_pairs (
            posting_a       text    NOT NULL,
            posting_b       text    NOT NULL,
            stage           text    NOT NULL,  -- exact | identity | minhash | semantic
            accepted        boolean NOT NULL,
            duplicate_type  text,              -- FULL | SEMANTIC | TEMPORAL | PARTIAL when accepted
            score           real    NOT NULL,
            reasons         jsonb   NOT NULL DEFAULT CAST('{}' AS jsonb),
            partition_date  date    NOT NULL,
            run_id          text,
            PRIMARY KEY (posting_a, posting_b),
            CHECK (posting_a < posting_b)
        )
        """
    )
    op.execute("CREATE INDEX duplicate_pairs_b ON duplicate_pairs (posting_b)")
    op.execute(
        """
        CREATE TABLE duplicate_clusters (
            cluster_id            text    PRIMARY KEY,  -- derived from the earliest member's posting_id
            canonical_posting_id  text    NOT NULL,
            status                text    NOT NULL DEFAULT 'open',  -- open | closed | merged
            first_seen            date    NOT NULL,
            last_seen             date    NOT NULL,
            member_count          integer NOT NULL,
            board_count           integer NOT NULL,
            boards                text[]  NOT NULL DEFAULT '{}',
            posting_intensity     real    NOT NULL DEFAULT 1,  -- total postings / unique jobs (members / 1)
            organization_id       text,
            merged_into           text    REFERENCES duplicate_clusters (cluster_id),
            needs_revalidation    boolean NOT NULL DEFAULT false,
            revalidated_at        timestamptz,
            updated_at            timestamptz NOT NULL DEFAULT now(),
            partition_date        date,
            run_id                text
        )
        """
    )
    op.execute("CREATE INDEX duplicate_clusters_open ON duplicate_clusters (last_seen) WHERE status = 'open'")
    op.execute("CREATE INDEX duplicate_clusters_merged ON duplicate_clusters (merged_into)")
    op.execute(
        """
        CREATE TABLE cluster_members (
            posting_id      text    PRIMARY KEY,
            cluster_id      text    NOT NULL REFERENCES duplicate_clusters (cluster_id),
            is_canonical    boolean NOT NULL DEFAULT false,
            duplicate_type  text,              -- NULL for the anchor, else FULL|SEMANTIC|TEMPORAL|PARTIAL
            score           real,
            reasons         jsonb   NOT NULL DEFAULT CAST('{}' AS jsonb),
            content_hash    text,              -- the member's content when clustered (revalidation compares)
            partition_date  date,
            run_id          text
        )
        """
    )
    op.execute("CREATE INDEX cluster_members_cluster ON cluster_members (cluster_id)")
    # Full-text search over postings until the published catalogue exists (hirehound search falls back to it).
    op.execute(
        """
        CREATE INDEX normalized_postings_fts ON normalized_postings
        USING gin (to_tsvector('english', title || ' ' || left(description_text, 2000)))
        """
    )
    # Follows merged_into redirects (depth-limited) so old cluster ids keep resolving.
    op.execute(
        """
        CREATE VIEW posting_cluster_current AS
        WITH RECURSIVE chain (posting_id, cluster_id, depth) AS (
            SELECT m.posting_id, m.cluster_id, 0 FROM cluster_members m
            UNION ALL
            SELECT ch.posting_id, c.merged_into, ch.depth + 1
            FROM chain ch JOIN duplicate_clusters c ON c.cluster_id = ch.cluster_id
            WHERE c.merged_into IS NOT NULL AND ch.depth < 20
        )
        SELECT DISTINCT ON (posting_id) posting_id, cluster_id
        FROM chain ORDER BY posting_id, depth DESC
        """
    )


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS posting_cluster_current")
    op.execute(
        "DROP TABLE IF EXISTS cluster_members, duplicate_clusters, duplicate_pairs, posting_minhash_state, "
        "posting_minhash_bands, posting_embeddings, text_embeddings"
    )
