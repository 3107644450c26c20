"""Skill linking's vectors without vector indexes: phrases get a cache of their own, ESCO vectors lose their HNSW.

The skill linker compares phrase vectors with every ESCO vector in memory (one exact matrix product), so neither
needs an approximate index, and an HNSW index makes every insert a graph insertion: measured, the cache's COPY of
2,150 new phrases took 13 s and the first build of the ESCO vectors spent 58 s writing 27,878 texts to the cache
and more writing them to `esco_skill_vectors` (bench/bench_skills_speed.py). `phrase_embeddings` is the embedding
cache (`hirehound/embeddings/cache.py`) for phrases and ESCO texts, same key, no vector index; `text_embeddings`
keeps postings and organizations, whose HNSW index the job search reads (phrases there also crowded postings out
of the search's nearest neighbours). Phrase vectors already in `text_embeddings` stay there: the new cache fills
once, on the next run. `hirehound.skills.esco_vectors.nearest` becomes an exact scan (about 28,000 rows).

Revision ID: 0011_skillspeed
Revises: 0010_unchanged
"""

from alembic import op

revision = "0011_skillspeed"
down_revision = "0010_unchanged"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE phrase_embeddings (
            model_id    text        NOT NULL,
            text_hash   text        NOT NULL,  -- sha256 hex of the exact text embedded
            embedding   vector(384) NOT NULL,
            created_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (model_id, text_hash)
        )
        """
    )
    op.execute("DROP INDEX IF EXISTS esco_skill_vectors_hnsw")


def downgrade() -> None:
    op.execute("CREATE INDEX esco_skill_vectors_hnsw ON esco_skill_vectors USING hnsw (embedding vector_cosine_ops)")
    op.execute("DROP TABLE IF EXISTS phrase_embeddings")
