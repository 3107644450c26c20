"""Asset-check results shared by the ingestion assets: failure rate thresholds and SQL-backed data checks."""

from __future__ import annotations

from datetime import date

import dagster as dg
import sqlalchemy as sa
from sqlalchemy.engine import Connection

WARN_ABOVE = 0.02
FAIL_ABOVE = 0.20
REQUIRED_FIELDS = ("posting_key", "source", "title", "title_normalized", "content_hash", "raw_id")


def failure_rate_check(asset: str, failed: int, total: int) -> dg.AssetCheckResult:
    """Passes up to 2% failures; above that WARN, above 20% ERROR."""
    rate = failed / total if total else 0.0
    return dg.AssetCheckResult(
        asset_key=asset,
        check_name="failure_rate",
        passed=rate <= WARN_ABOVE,
        severity=dg.AssetCheckSeverity.ERROR if rate > FAIL_ABOVE else dg.AssetCheckSeverity.WARN,
        metadata={"failed": failed, "total": total, "failure_rate": round(rate, 4)},
    )


def failure_rate_spec(asset: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        "failure_rate", asset=asset, description="Share of rows that failed: warn above 2%, fail above 20%."
    )


def required_fields_check(conn: Connection, day: date) -> dg.AssetCheckResult:
    nulls = " OR ".join(f"{c} IS NULL OR {c} = ''" for c in REQUIRED_FIELDS)
    bad = conn.execute(
        sa.text(f"SELECT count(*) FROM normalized_postings WHERE partition_date = :day AND ({nulls})"), {"day": day}
    ).scalar_one()
    return dg.AssetCheckResult(
        asset_key="normalized_postings",
        check_name="required_fields_not_null",
        passed=bad == 0,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"rows_with_missing_fields": int(bad), "fields": ", ".join(REQUIRED_FIELDS)},
    )


def unique_identity_check(conn: Connection, day: date) -> dg.AssetCheckResult:
    row = conn.execute(
        sa.text(
            "SELECT count(*) AS n, count(DISTINCT posting_key) AS keys, count(DISTINCT posting_id) AS ids "
            "FROM normalized_postings WHERE partition_date = :day"
        ),
        {"day": day},
    ).one()
    duplicates = int(row.n) - min(int(row.keys), int(row.ids))
    return dg.AssetCheckResult(
        asset_key="normalized_postings",
        check_name="unique_posting_identity",
        passed=duplicates == 0,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"duplicate_identities": duplicates, "postings": int(row.n)},
    )


NORMALIZED_CHECK_SPECS = [
    failure_rate_spec("normalized_postings"),
    dg.AssetCheckSpec(
        "required_fields_not_null",
        asset="normalized_postings",
        description="Identity, source, title and content hash are set on every posting of the partition.",
    ),
    dg.AssetCheckSpec(
        "unique_posting_identity",
        asset="normalized_postings",
        description="No posting identity appears twice within a scrape date.",
    ),
]
