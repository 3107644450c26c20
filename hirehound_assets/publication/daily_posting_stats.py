"""Daily posting statistics: per scrape date, postings seen, new, unique jobs, duplicates, posting intensity,
expired and spam, in total, by board and by country, with a chart of the last 30 days."""

import time

import dagster as dg

from hirehound.maintenance.chart import markdown_image, volume_chart_png
from hirehound.maintenance.stats import compute_stats, history, load_day, save_stats
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource


@dg.asset(
    deps=[dg.AssetKey("published_postings")],
    partitions_def=daily_partitions,
    group_name="publication",
    op_tags=queue_tags("publication"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    check_specs=[dg.AssetCheckSpec("board_totals_add_up", asset="daily_posting_stats")],
)
def daily_posting_stats(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    started = time.perf_counter()
    day = partition_day(context.partition_key)
    with database.begin() as conn:
        sightings, expiries = load_day(conn, day)
        rows = compute_stats(sightings, expiries)
        save_stats(conn, day, rows, context.run_id)
        last_30 = history(conn, day)
    total = next(r for r in rows if r.dimension == "all")
    by_board = [r for r in rows if r.dimension == "board"]
    table = ["| dimension | value | seen | new | unique | duplicates | intensity | expired | spam |", "|---" * 9 + "|"]
    for r in rows[:40]:
        table.append(
            f"| {r.dimension} | {r.value} | {r.postings_seen} | {r.new_postings} | {r.unique_jobs} | "
            f"{r.duplicates} | {r.posting_intensity} | {r.expired} | {r.spam} |"
        )
    chart = markdown_image(volume_chart_png(last_30))
    board_sum = sum(r.postings_seen for r in by_board)
    return dg.MaterializeResult(
        metadata={
            "postings_seen": dg.MetadataValue.int(total.postings_seen),
            "new_postings": dg.MetadataValue.int(total.new_postings),
            "unique_jobs": dg.MetadataValue.int(total.unique_jobs),
            "duplicates": dg.MetadataValue.int(total.duplicates),
            "posting_intensity": dg.MetadataValue.float(total.posting_intensity),
            "expired": dg.MetadataValue.int(total.expired),
            "spam": dg.MetadataValue.int(total.spam),
            "stats": dg.MetadataValue.md("\n".join(table)),
            "last_30_days": dg.MetadataValue.md(chart),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="board_totals_add_up",
                passed=board_sum == total.postings_seen,
                metadata={"sum_by_board": board_sum, "total": total.postings_seen},
                description="Every posting seen that day is counted under exactly one board.",
            )
        ],
    )
