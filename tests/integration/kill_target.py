"""Subprocess entry point for the kill test: materialize one target for one partition, then exit.

python -m tests.integration.kill_target <database url> <target> <partition> [<landing dir>]
"""

import sys

import dagster as dg

from hirehound_assets.partitions import instance_with_scrape_dates
from resources.database import DatabaseResource


def main() -> None:
    url, target, partition = sys.argv[1:4]
    resources: dict[str, object] = {"database": DatabaseResource(url=url)}
    if target == "ingestion":
        from hirehound_assets.ingestion.normalized_postings import normalized_postings
        from hirehound_assets.ingestion.raw_postings import raw_postings
        from resources.landing_zone import LandingZoneResource

        assets = [raw_postings, normalized_postings]
        resources["landing_zone"] = LandingZoneResource(location=sys.argv[4])
    else:
        from hirehound_assets.publication.daily_posting_stats import daily_posting_stats

        assets = [daily_posting_stats]
    result = dg.materialize(
        assets,
        partition_key=partition,
        resources=resources,
        instance=instance_with_scrape_dates(partition, instance=dg.DagsterInstance.ephemeral()),
    )
    sys.exit(0 if result.success else 1)


if __name__ == "__main__":
    main()
