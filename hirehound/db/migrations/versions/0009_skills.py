"""Skills linked to ESCO by meaning: ESCO skill vectors in pgvector, and a score per posting skill.

`esco_skill_vectors` holds two vectors per ESCO skill and embedding model: its preferred label (`label`) and its
labels with ESCO's definition (`text`), each keyed by the hash of the exact text embedded. They are built once per
database; a skill whose text changes gets a new row, and two taxonomies (the wheel's guessed labels, an ESCO CSV's
exact ones) share one database without rebuilding each other's vectors. An HNSW cosine index serves nearest-skill
queries.
`posting_skills` gains the best score of the skill in the posting (1.0 for a word-for-word mention), the ESCO
concept it is, and how it was found (`literal`, `semantic` or both).

Revision ID: 0009_skills
Revises: 0008
"""

from alembic import op

revision = "0009_skills"
down_revision = "0009_dedup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE esco_skill_vectors (
            model_id    text        NOT NULL,
            esco_uuid   text        NOT NULL,
            kind        text        NOT NULL CHECK (kind IN ('label', 'text')),
            text_hash   text        NOT NULL,
            embedding   vector(384) NOT NULL,
            created_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (model_id, esco_uuid, kind, text_hash)
        )
        """
    )
    op.execute("CREATE INDEX esco_skill_vectors_hnsw ON esco_skill_vectors USING hnsw (embedding vector_cosine_ops)")
    op.execute("ALTER TABLE posting_skills ADD COLUMN score real NOT NULL DEFAULT 1.0")
    op.execute("ALTER TABLE posting_skills ADD COLUMN esco_uri text")
    op.execute("ALTER TABLE posting_skills ADD COLUMN methods text[] NOT NULL DEFAULT '{literal}'")


def downgrade() -> None:
    op.execute("ALTER TABLE posting_skills DROP COLUMN methods, DROP COLUMN esco_uri, DROP COLUMN score")
    op.execute("DROP TABLE IF EXISTS esco_skill_vectors")
