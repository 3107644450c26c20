"""The PostgreSQL resource every asset reads and writes through.

By default it uses the embedded PostgreSQL (pgvector + pg_trgm) under `HIREHOUND_HOME`; set
`HIREHOUND_DATABASE_URL` (or the `url` field) to use your own server. Migrations are applied before the first
connection a process hands out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import dagster as dg
from pydantic import Field
from sqlalchemy.engine import Connection, Engine

from hirehound.db.engine import get_engine
from hirehound.db.failure_ledger import ItemFailure, record_failures, summarize


class DatabaseResource(dg.ConfigurableResource):
    """Connections to Hirehound's PostgreSQL (embedded by default), schema migrated to head."""

    url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the application database. Empty: HIREHOUND_DATABASE_URL, else embedded.",
    )

    def engine(self) -> Engine:
        return get_engine(self.url)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        with self.engine().begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A plain connection (the caller commits), for long reads or work split into transactions."""
        with self.engine().connect() as conn:
            yield conn

    def record_failures(
        self,
        context: dg.AssetExecutionContext | dg.OpExecutionContext,
        failures: Iterable[ItemFailure],
        *,
        asset: str | None = None,
        stages: Sequence[str] | None = None,
    ) -> dict[str, int]:
        """Write this run's per-item failures to the ledger and log a summary; returns the top reasons.

        One line in an asset: `top_reasons = database.record_failures(context, failures)`.
        """
        failures = list(failures)
        asset_name = asset or _asset_name(context)
        partition = context.partition_key if context.has_partition_key else None
        with self.begin() as conn:
            record_failures(
                conn, asset=asset_name, partition=partition, failures=failures, run_id=context.run_id, stages=stages
            )
        reasons = summarize(failures)
        if failures:
            context.log.warning(
                f"{len(failures)} item(s) of {asset_name} [{partition or 'unpartitioned'}] failed; "
                f"top reasons: {reasons}. See table failure_ledger."
            )
        return reasons


def _asset_name(context: dg.AssetExecutionContext | dg.OpExecutionContext) -> str:
    if isinstance(context, dg.AssetExecutionContext):
        return context.asset_key.to_user_string()
    return context.op.name
