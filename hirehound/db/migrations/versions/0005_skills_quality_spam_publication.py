"""Skills, quality, spam scores and the published catalogue.

Revision ID: 0005
Revises: 0004

`published_postings` is the searchable catalogue (`hirehound search` reads it). Columns other stages rely on and
that must stay stable: cluster_id (PK), posting_id (the canonical posting shown), partition_date (the canonical
posting's latest scrape date), title, organization_id, organization (display name), location (display text),
locations (every distinct member location), city, region, country_code, remote_type, salary_min, salary_max,
salary_currency, salary_period, salary (display text), skills (labels), boards, first_seen, last_seen,
search_tsv (tsvector, GIN indexed) and run_id.
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The skill taxonomy in use: the curated technology vocabulary plus ESCO skills when an ESCO CSV is loaded.
    op.execute(
        """
        CREATE TABLE skills (
            skill_id          text PRIMARY KEY,   -- 'tech.python', 'biz.sales' or 'esco.<uuid>'
            preferred_label   text NOT NULL,
            alt_labels        text[] NOT NULL DEFAULT '{}',
            source            text NOT NULL,      -- curated | esco
            category          text,
            esco_uri          text,
            taxonomy_version  text NOT NULL,
            updated_at        timestamptz NOT NULL DEFAULT now(),
            run_id            text
        )
        """
    )
    # One row per posting, partition and skill found; mentions keep the field and character offsets of each hit.
    op.execute(
        """
        CREATE TABLE posting_skills (
            partition_date  date    NOT NULL,
            posting_id      text    NOT NULL,
            skill_id        text    NOT NULL,
            label           text    NOT NULL,
            mention_count   integer NOT NULL,
            mentions        jsonb   NOT NULL DEFAULT CAST('[]' AS jsonb),  -- [{field, start, end, surface}]
            in_title        boolean NOT NULL DEFAULT false,
            run_id          text,
            PRIMARY KEY (partition_date, posting_id, skill_id)
        )
        """
    )
    op.execute("CREATE INDEX posting_skills_posting ON posting_skills (posting_id)")
    op.execute("CREATE INDEX posting_skills_skill ON posting_skills (skill_id)")
    op.execute(
        """
        CREATE TABLE posting_quality (
            partition_date  date     NOT NULL,
            posting_id      text     NOT NULL,
            score           smallint NOT NULL,   -- 0..100 completeness
            reasons         jsonb    NOT NULL DEFAULT CAST('[]' AS jsonb),  -- [{reason, points, max_points}]
            missing         text[]   NOT NULL DEFAULT '{}',               -- names of checks that scored nothing
            run_id          text,
            PRIMARY KEY (partition_date, posting_id)
        )
        """
    )
    op.execute("CREATE INDEX posting_quality_posting ON posting_quality (posting_id)")
    # Trained spam classifiers, one row per version (a hash of training data and features); the newest
    # activated_at is the one in use.
    op.execute(
        """
        CREATE TABLE spam_models (
            model_version    text PRIMARY KEY,
            feature_version  text NOT NULL,
            trained_from     text NOT NULL,     -- what the labels were (file path, demo ground truth)
            examples         integer NOT NULL,
            spam_examples    integer NOT NULL,
            threshold        real NOT NULL,     -- probability at or above which a posting is spam
            metrics          jsonb NOT NULL DEFAULT CAST('{}' AS jsonb),  -- cross-validated fraud-class P/R/F1
            model_bytes      bytea NOT NULL,    -- joblib dump of the scikit-learn pipeline
            trained_at       timestamptz NOT NULL DEFAULT now(),
            activated_at     timestamptz NOT NULL DEFAULT now(),
            run_id           text
        )
        """
    )
    op.execute(
        """
        CREATE TABLE spam_scores (
            partition_date     date    NOT NULL,
            posting_id         text    NOT NULL,
            rule_score         real    NOT NULL,   -- sum of red-flag weights
            reasons            jsonb   NOT NULL DEFAULT CAST('[]' AS jsonb),  -- [{flag, weight, evidence}]
            model_version      text,               -- NULL: no trained model, rules only
            model_probability  real,
            is_spam            boolean NOT NULL,
            decided_by         text    NOT NULL,   -- rules | model | rules+model | none
            run_id             text,
            PRIMARY KEY (partition_date, posting_id)
        )
        """
    )
    op.execute("CREATE INDEX spam_scores_posting ON spam_scores (posting_id)")
    op.execute(
        """
        CREATE TABLE published_postings (
            cluster_id          text PRIMARY KEY,
            posting_id          text NOT NULL,
            partition_date      date NOT NULL,
            title               text NOT NULL,
            organization_id     text,
            organization        text,
            organization_kind   text,
            location            text,
            locations           text[] NOT NULL DEFAULT '{}',
            city                text,
            region              text,
            country_code        text,
            remote_type         text,
            salary_min          numeric,
            salary_max          numeric,
            salary_currency     text,
            salary_period       text,
            salary_annual_min   numeric,
            salary_annual_max   numeric,
            salary              text,
            employment_type     text,
            skills              text[] NOT NULL DEFAULT '{}',
            skill_ids           text[] NOT NULL DEFAULT '{}',
            boards              text[] NOT NULL DEFAULT '{}',
            member_count        integer NOT NULL DEFAULT 1,
            first_seen          date,
            last_seen           date,
            date_posted         date,
            expires_at          timestamptz,
            url                 text,
            apply_url           text,
            quality_score       smallint,
            spam_probability    real,
            description_snippet text,
            search_tsv          tsvector NOT NULL,
            published_at        timestamptz NOT NULL DEFAULT now(),
            run_id              text
        )
        """
    )
    op.execute("CREATE INDEX published_postings_tsv ON published_postings USING gin (search_tsv)")
    op.execute("CREATE INDEX published_postings_posting ON published_postings (posting_id)")
    op.execute("CREATE INDEX published_postings_last_seen ON published_postings (last_seen)")


def downgrade() -> None:
    op.execute(
        "DROP TABLE IF EXISTS published_postings, spam_scores, spam_models, posting_quality, posting_skills, skills"
    )
