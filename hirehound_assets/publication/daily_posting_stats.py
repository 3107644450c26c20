"""Daily posting statistics: per scrape date, postings seen, new, unique jobs, duplicates, posting intensity,
expired and spam, in total, by board and by country, with a chart of the last 30 days."""

import time

import dagster as dg

from hirehound.pipeline.stage_inputs import daily_posting_stats_inputs
from hirehound.publication.daily_stats import compute_stats, history, load_day, save_stats
from hirehound.publication.volume_chart import markdown_image, volume_chart_png
from hirehound_assets import unchanged
from hirehound_assets.checks.specs import daily_check_spec
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
    check_specs=[
        daily_check_spec(
            "board_totals_add_up",
            asset="daily_posting_stats",
            description="Every posting seen that day is counted under exactly one board.",
        )
    ],
)
def daily_posting_stats(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    started = time.perf_counter()
    day = partition_day(context.partition_key)
    gate = unchanged.gate(database, daily_posting_stats_inputs(day))
    if gate.skip:
        return unchanged.replay(context, gate)
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
    result: dg.MaterializeResult = dg.MaterializeResult(
        metadata={
            "postings_seen": total.postings_seen,
            "dagster/row_count": len(rows),
            "new_postings": total.new_postings,
            "unique_jobs": total.unique_jobs,
            "duplicates": total.duplicates,
            "posting_intensity": total.posting_intensity,
            "expired": total.expired,
            "spam": total.spam,
            "stats": dg.MetadataValue.md("\n".join(table)),
            "last_30_days": dg.MetadataValue.md(chart),
            "seconds": round(time.perf_counter() - started, 3),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="board_totals_add_up",
                passed=board_sum == total.postings_seen,
                metadata={"sum_by_board": board_sum, "total": total.postings_seen},
            )
        ],
    )
    return unchanged.finish(context, database, gate, result, rows=len(rows))
