"""The failure-rate check: the share of a stage's items that went to the failure ledger, against two thresholds.

Every stage that sends items to the failure ledger reports its rate the same way: passed up to `warn_above`,
a failed WARN above it, a failed ERROR above `error_above` (when the stage has one; ERROR results open an alert,
`sensors/check_alerts.py`). The metadata says the rate, the counts, the thresholds and the top reasons, so the
check's page tells what broke without opening the ledger.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import dagster as dg

from hirehound_assets.checks.specs import daily_check_spec


@dataclass(frozen=True)
class FailureRateCheck:
    """One asset's failure-rate check: its spec (for `check_specs=`) and how to turn counts into a result."""

    asset: str
    name: str
    warn_above: float
    error_above: float | None
    spec: dg.AssetCheckSpec

    def result(self, failed: int, total: int, top_reasons: Mapping[str, int] | None = None) -> dg.AssetCheckResult:
        """The result for `failed` of `total` items; no items is a rate of 0 (nothing failed)."""
        rate = failed / total if total else 0.0
        erroring = self.error_above is not None and rate > self.error_above
        metadata: dict[str, float | int | dg.MetadataValue] = {
            "failure_rate": round(rate, 4),
            "failed": failed,
            "total": total,
            "warn_above": self.warn_above,
        }
        if self.error_above is not None:
            metadata["error_above"] = self.error_above
        metadata["top_failure_reasons"] = dg.MetadataValue.json(dict(top_reasons or {}))
        return dg.AssetCheckResult(
            asset_key=self.asset,
            check_name=self.name,
            passed=rate <= self.warn_above,
            severity=dg.AssetCheckSeverity.ERROR if erroring else dg.AssetCheckSeverity.WARN,
            metadata=metadata,
        )


def failure_rate_check(
    asset: str,
    *,
    items: str,
    warn_above: float,
    error_above: float | None = None,
    name: str = "failure_rate",
    partitioned: bool = True,
) -> FailureRateCheck:
    """The failure-rate check of `asset`, whose `items` (e.g. "postings") are counted; `partitioned` is False only
    for an asset without daily partitions."""
    thresholds = f"passes up to {warn_above:.0%}, WARN above" if warn_above else "passes when none fail, else WARN"
    if error_above is not None:
        thresholds += f", ERROR above {error_above:.0%}"
    description = f"Share of {items} that failed ({thresholds}); the top reasons are in the metadata."
    if partitioned:
        spec = daily_check_spec(name, asset=asset, description=description)
    else:
        spec = dg.AssetCheckSpec(name, asset=asset, description=description)
    return FailureRateCheck(asset, name, warn_above, error_above, spec)
