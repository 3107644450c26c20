"""Operations you can watch: durable step progress, counters that run processes hand to the metrics endpoint,
and alerts raised for failed ERROR-severity checks.

Revision ID: 0009_ops
Revises: 0008
"""

from alembic import op

revision = "0009_ops"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One row per run, asset and partition, updated while the step works: a killed run keeps its last position.
    op.execute(
        """
        CREATE TABLE step_progress (
            run_id        text        NOT NULL,
            asset         text        NOT NULL,
            partition_key text        NOT NULL DEFAULT '',
            processed     bigint      NOT NULL DEFAULT 0,
            total         bigint,
            failed        bigint      NOT NULL DEFAULT 0,
            state         text        NOT NULL DEFAULT 'running',  -- running | done | failed
            started_at    timestamptz NOT NULL DEFAULT now(),
            updated_at    timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (run_id, asset, partition_key)
        )
        """
    )
    op.execute("CREATE INDEX step_progress_recent ON step_progress (updated_at DESC)")
    op.execute("CREATE INDEX step_progress_running ON step_progress (asset) WHERE state = 'running'")
    # Counters and gauges produced inside short-lived run processes (HTTP retries, 429s, cache hits, breaker
    # state), summed here so the long-lived metrics endpoint can export them; `labels` is a canonical JSON text.
    op.execute(
        """
        CREATE TABLE ops_counters (
            metric      text             NOT NULL,
            labels      text             NOT NULL DEFAULT '{}',
            kind        text             NOT NULL,  -- counter | gauge
            value       double precision NOT NULL DEFAULT 0,
            updated_at  timestamptz      NOT NULL DEFAULT now(),
            PRIMARY KEY (metric, labels)
        )
        """
    )
    # A failed ERROR-severity asset check is an incident for people too: open until the check passes again.
    op.execute(
        """
        CREATE TABLE check_alerts (
            alert_id          bigserial   PRIMARY KEY,
            asset             text        NOT NULL,
            check_name        text        NOT NULL,
            partition_key     text        NOT NULL DEFAULT '',
            run_id            text        NOT NULL,
            description       text,
            status            text        NOT NULL DEFAULT 'open',  -- open | closed
            opened_at         timestamptz NOT NULL DEFAULT now(),
            closed_at         timestamptz,
            closed_by_run_id  text
        )
        """
    )
    op.execute(
        "CREATE UNIQUE INDEX check_alerts_one_open ON check_alerts (asset, check_name, partition_key) "
        "WHERE status = 'open'"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS check_alerts")
    op.execute("DROP TABLE IF EXISTS ops_counters")
    op.execute("DROP TABLE IF EXISTS step_progress")
