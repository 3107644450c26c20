"""Same data, same tables: run the demo days twice on fresh databases, each in its own process, and diff the tables.

Each run is a separate process with its own PYTHONHASHSEED (set iteration order differs between processes, as it
does between two real deployments), and may process the days in reverse order (`--reverse-second`), as a backfill
may. Prints, per table, how many rows differ and the first few differences.

    PYTHONPATH=$PWD .venv/bin/python -m bench.same_tables --days 2 --per-day 200
    PYTHONPATH=$PWD .venv/bin/python -m bench.same_tables --days 2 --per-day 200 --reverse-second
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

START = date(2026, 11, 18)
TABLES = {
    "organizations": "SELECT organization_id, name, kind, industry_naics, industry_confidence, size_band, domain, "
    "merged_into FROM organizations ORDER BY 1",
    "posting_organizations": "SELECT posting_id, organization_id, matched_alias, match_method, match_score "
    "FROM posting_organizations ORDER BY 1",
    "clusters": "SELECT posting_id, cluster_id FROM posting_cluster_current ORDER BY 1",
    "published_postings": "SELECT cluster_id, posting_id, organization, salary, quality_score FROM published_postings "
    "ORDER BY 1",
    "organization_field_values": "SELECT organization_id || ':' || field || ':' || source, CAST(value AS text), "
    "confidence FROM organization_field_values ORDER BY 1",
}


def run_once(days: int, per_day: int, reverse: bool, out: Path) -> None:
    """One clean run of the demo days (in this process), its tables written to `out` as JSON."""
    import sqlalchemy as sa

    from bench.harness import bench_environment, run_daily_job
    from hirehound.demo import generate_scrapes

    keys = [(START + timedelta(days=d)).isoformat() for d in range(days)]
    with bench_environment(prefix="hhsame") as env:
        generate_scrapes(env.landing, days=days, per_day=per_day, seed=42, start=START, truth_path=env.truth)
        for key in reversed(keys) if reverse else keys:
            if not run_daily_job(key).success:
                raise SystemExit(f"the daily job failed for {key}")
        engine = sa.create_engine(env.database_url)
        with engine.connect() as conn:
            tables = {
                name: [[str(v) for v in row] for row in conn.execute(sa.text(sql))] for name, sql in TABLES.items()
            }
        engine.dispose()
    out.write_text(json.dumps(tables))


def differences(first: dict[str, list[list[str]]], second: dict[str, list[list[str]]]) -> dict[str, list[object]]:
    """Per table, the (first, second) row pairs whose key (first column) has different contents."""
    out: dict[str, list[object]] = {}
    for name in first:
        a = {row[0]: row for row in first[name]}
        b = {row[0]: row for row in second[name]}
        out[name] = [(a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--per-day", type=int, default=200)
    parser.add_argument("--reverse-second", action="store_true", help="the second run processes the days newest first")
    parser.add_argument("--once", nargs=2, metavar=("OUT", "REVERSE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        run_once(args.days, args.per_day, args.once[1] == "1", Path(args.once[0]))
        return 0
    folder = Path(tempfile.mkdtemp(prefix="hhsame"))
    results = []
    for attempt, reverse in enumerate((False, args.reverse_second), start=1):
        out = folder / f"run{attempt}.json"
        env = {**os.environ, "PYTHONHASHSEED": str(attempt)}
        command = [sys.executable, "-m", "bench.same_tables", "--days", str(args.days), "--per-day", str(args.per_day)]
        subprocess.run([*command, "--once", str(out), "1" if reverse else "0"], check=True, env=env)
        results.append(json.loads(out.read_text()))
    for name, rows in differences(*results).items():
        print(f"{name}: {len(results[0][name])} rows, {len(rows)} differ")
        for pair in rows[:5]:
            print(f"    {pair}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
