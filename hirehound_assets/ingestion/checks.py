"""The ingestion assets' checks: failure rates, a day where nothing landed, and what later stages assume of rows.

`rows_landed` and the two integrity checks of `normalized_postings` are blocking: when they fail (ERROR), the
run stops before organizations, embeddings, dedup and publication, which would otherwise replace the day's
good data with nothing or key their rows on broken identities. Failure rates only warn or alert: a day where
one board's files are broken still publishes the other boards' postings.
"""

from __future__ import annotations

from datetime import date

import dagster as dg
from sqlalchemy.engine import Connection

from hirehound.ingestion.integrity import REQUIRED_FIELDS, identity_counts, rows_missing_required_fields
from hirehound_assets.checks.failure_rate import failure_rate_check
from hirehound_assets.checks.specs import daily_check_spec

RAW_FAILURE_RATE = failure_rate_check(
    "raw_postings", items="rows and files (a quarantined file counts as one)", warn_above=0.02, error_above=0.20
)
NORMALIZED_FAILURE_RATE = failure_rate_check("normalized_postings", items="raw rows", warn_above=0.02, error_above=0.20)

ROWS_LANDED = "rows_landed"
RAW_CHECK_SPECS = [
    RAW_FAILURE_RATE.spec,
    daily_check_spec(
        ROWS_LANDED,
        asset="raw_postings",
        blocking=True,
        description=(
            "ERROR, and the day's later stages do not run, when the scrape date has files but not one row landed "
            "(every file quarantined, refused or empty): ingestion failed wholesale."
        ),
    ),
]
NORMALIZED_CHECK_SPECS = [
    NORMALIZED_FAILURE_RATE.spec,
    daily_check_spec(
        "required_fields_not_null",
        asset="normalized_postings",
        blocking=True,
        description="Identity, source, title and content hash are set on every posting of the partition.",
    ),
    daily_check_spec(
        "unique_posting_identity",
        asset="normalized_postings",
        blocking=True,
        description="No posting identity appears twice within a scrape date.",
    ),
]


def rows_landed_check(files: int, rows_out: int) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key="raw_postings",
        check_name=ROWS_LANDED,
        passed=rows_out > 0 or files == 0,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"files": files, "rows_landed": rows_out},
    )


def required_fields_check(conn: Connection, day: date) -> dg.AssetCheckResult:
    bad = rows_missing_required_fields(conn, day)
    return dg.AssetCheckResult(
        asset_key="normalized_postings",
        check_name="required_fields_not_null",
        passed=bad == 0,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"rows_with_missing_fields": bad, "fields": ", ".join(REQUIRED_FIELDS)},
    )


def unique_identity_check(conn: Connection, day: date) -> dg.AssetCheckResult:
    counts = identity_counts(conn, day)
    return dg.AssetCheckResult(
        asset_key="normalized_postings",
        check_name="unique_posting_identity",
        passed=counts.duplicates == 0,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"duplicate_identities": counts.duplicates, "postings": counts.postings},
    )
