"""Query plans of "the organization it is now": the per-query recursive CTEs before 0010 vs `current_organizations`.

Builds 20,000 organizations (2,500 merged; 500 chains two hops long) and 50,000 linked postings in a
throwaway embedded Postgres, then times each reader's query both ways with EXPLAIN ANALYZE (median of 5) and
prints the plan's top node. Run: `PYTHONPATH=$PWD .venv/bin/python -m bench.explain_current_org`.
"""

from __future__ import annotations

import os
import statistics
from typing import Any

import sqlalchemy as sa

from bench.harness import bench_environment

SEED = """
INSERT INTO organizations (organization_id, name, normalized_name, core_key, first_seen, last_seen)
SELECT 'org_' || i, 'Org ' || i, 'org ' || i, 'org ' || i, DATE '2026-01-01', DATE '2026-01-02'
FROM generate_series(1, 20000) i;
UPDATE organizations SET merged_into = 'org_' || (substr(organization_id, 5)::int - 1)
WHERE substr(organization_id, 5)::int % 10 = 0;                     -- 2,000 one hop: org_40 -> org_39
UPDATE organizations SET merged_into = 'org_' || (substr(organization_id, 5)::int - 1)
WHERE substr(organization_id, 5)::int % 40 = 39;                    -- 500 more: org_40 -> org_39 -> org_38
INSERT INTO posting_organizations (posting_id, organization_id, match_method, partition_date)
SELECT 'p_' || i, 'org_' || (1 + i % 20000), 'new', DATE '2026-01-02' FROM generate_series(1, 50000) i;
ANALYZE organizations; ANALYZE posting_organizations;
"""

OLD_EMPLOYERS = """
WITH RECURSIVE chain (posting_id, organization_id, depth) AS (
    SELECT po.posting_id, po.organization_id, 0 FROM posting_organizations po WHERE po.posting_id = ANY(:ids)
    UNION ALL
    SELECT c.posting_id, o.merged_into, c.depth + 1 FROM chain c
    JOIN organizations o ON o.organization_id = c.organization_id
    WHERE o.merged_into IS NOT NULL AND c.depth < 20
)
SELECT DISTINCT ON (c.posting_id) c.posting_id, c.organization_id, o.kind
FROM chain c JOIN organizations o ON o.organization_id = c.organization_id
ORDER BY c.posting_id, c.depth DESC
"""
NEW_EMPLOYERS = (
    "SELECT posting_id, organization_id, kind FROM posting_organization_current WHERE posting_id = ANY(:ids)"
)

OLD_VIEW_ONE = """
WITH RECURSIVE chain (posting_id, organization_id, depth) AS (
    SELECT posting_id, organization_id, 0 FROM posting_organizations
    UNION ALL
    SELECT c.posting_id, o.merged_into, c.depth + 1
    FROM chain c JOIN organizations o ON o.organization_id = c.organization_id
    WHERE o.merged_into IS NOT NULL AND c.depth < 20
), v AS (
    SELECT DISTINCT ON (c.posting_id) c.posting_id, c.organization_id, o.name
    FROM chain c JOIN organizations o ON o.organization_id = c.organization_id ORDER BY c.posting_id, c.depth DESC
)
SELECT * FROM v WHERE posting_id = 'p_123'
"""
NEW_VIEW_ONE = (
    "SELECT posting_id, organization_id, organization_name FROM posting_organization_current WHERE posting_id = 'p_123'"
)

OLD_CURRENT = """
WITH RECURSIVE chain (start_id, organization_id, depth) AS (
    SELECT organization_id, organization_id, 0 FROM organizations WHERE organization_id = ANY(:orgs)
    UNION ALL
    SELECT c.start_id, o.merged_into, c.depth + 1 FROM chain c
    JOIN organizations o ON o.organization_id = c.organization_id
    WHERE o.merged_into IS NOT NULL AND c.depth < 20
)
SELECT DISTINCT ON (start_id) start_id, organization_id FROM chain ORDER BY start_id, depth DESC
"""
NEW_CURRENT = (
    "SELECT organization_id, current_organization_id FROM current_organizations WHERE organization_id = ANY(:orgs)"
)

OLD_ALIASES = """
WITH RECURSIVE alias (organization_id, block) AS (
    SELECT DISTINCT b, b FROM unnest(CAST(:blocks AS text[])) b
    UNION
    SELECT o.organization_id, a.block FROM organizations o JOIN alias a ON o.merged_into = a.organization_id
)
SELECT organization_id, block FROM alias
"""
NEW_ALIASES = """
WITH blocks AS (SELECT DISTINCT b AS block FROM unnest(CAST(:blocks AS text[])) b)
SELECT block AS organization_id, block FROM blocks
UNION
SELECT e.organization_id, e.current_organization_id FROM organization_merge_ends e
JOIN blocks b ON b.block = e.current_organization_id
"""

CASES = [
    ("employers of 5,000 postings (embeddings)", OLD_EMPLOYERS, NEW_EMPLOYERS),
    ("one posting's employer (posting_organization_current)", OLD_VIEW_ONE, NEW_VIEW_ONE),
    ("current id of 2,000 organizations (dedup records)", OLD_CURRENT, NEW_CURRENT),
    ("every id resolving to 1,000 employers (semantic blocks)", OLD_ALIASES, NEW_ALIASES),
]


def explain(conn: sa.Connection, sql: str, params: dict[str, Any]) -> tuple[float, str, list[Any]]:
    times, top = [], ""
    for _ in range(5):
        plan = conn.execute(sa.text(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}"), params).scalar_one()[0]
        times.append(plan["Execution Time"])
        top = plan["Plan"]["Node Type"]
    return statistics.median(times), top, sorted(tuple(r) for r in conn.execute(sa.text(sql), params))


def main() -> None:
    from hirehound.db.engine import get_engine

    with bench_environment("hhorgplan"):
        engine = get_engine(os.environ["HIREHOUND_DATABASE_URL"])
        with engine.begin() as conn:
            for statement in SEED.split(";"):
                if statement.strip():
                    conn.execute(sa.text(statement))
        params = {
            "ids": [f"p_{i}" for i in range(1, 50001, 10)],
            "orgs": [f"org_{i}" for i in range(1, 20001, 10)],
            "blocks": [f"org_{i}" for i in range(1, 20001, 20)],
        }
        print(f"load average: {os.getloadavg()}")
        print("| query | before 0010 (ms) | current_organizations (ms) | top plan node before / after | same rows |")
        print("|---|---:|---:|---|---|")
        with engine.begin() as conn:
            for name, old, new in CASES:
                t_old, n_old, r_old = explain(conn, old, params)
                t_new, n_new, r_new = explain(conn, new, params)
                print(f"| {name} | {t_old:.1f} | {t_new:.1f} | {n_old} / {n_new} | {r_old == r_new} |")


if __name__ == "__main__":
    main()
