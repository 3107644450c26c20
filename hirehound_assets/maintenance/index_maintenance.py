"""Index maintenance: once a day, refresh planner statistics (ANALYZE), rebuild bloated indexes concurrently
(readers and writers keep going) and report the size of every index."""

import time

import dagster as dg

from hirehound.maintenance.indexes import maintain_indexes
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource


class IndexMaintenanceConfig(dg.Config):
    min_bloat_ratio: float = 2.0
    min_index_bytes: int = 1 << 20
    max_rebuilds: int = 10


@dg.asset(
    group_name="maintenance",
    op_tags=queue_tags("maintenance"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
)
def index_maintenance(
    context: dg.AssetExecutionContext, config: IndexMaintenanceConfig, database: DatabaseResource
) -> dg.MaterializeResult:
    started = time.perf_counter()
    infos, rebuilt = maintain_indexes(
        database.engine(), config.min_bloat_ratio, config.min_index_bytes, config.max_rebuilds
    )
    context.log.info(f"rebuilt {len(rebuilt)} bloated index(es): {rebuilt}")
    lines = ["| index | table | size (KiB) | estimated (KiB) | bloat |", "|---|---|---:|---:|---:|"]
    for i in infos[:30]:
        est = f"{i.estimated_bytes // 1024}" if i.estimated_bytes else "–"
        lines.append(f"| {i.name} | {i.table} | {i.size_bytes // 1024} | {est} | {i.bloat_ratio or '–'} |")
    return dg.MaterializeResult(
        metadata={
            "indexes": len(infos),
            "total_index_mib": round(sum(i.size_bytes for i in infos) / 2**20, 2),
            "rebuilt": dg.MetadataValue.json(rebuilt),
            "largest_indexes": dg.MetadataValue.md("\n".join(lines)),
            "seconds": round(time.perf_counter() - started, 3),
        }
    )
