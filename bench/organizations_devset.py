"""Organizations on the real Simplify dev set (`bench/realdata/simplify_devset.py`), against silver labels.

Each listing's employer label is Simplify's company slug (`company_key`), which Simplify's own contributors chose: a
silver label nobody here wrote. Simplify keeps some employers under two keys (a slug and an id, or the name where a
listing has no company page: "western-digital" and "western digital"), so keys whose listings carry the very same
company name (case, spaces and hyphens aside) are one employer (`silver_employers`); nothing else is folded, so
"Lucid" / "Lucid Motors" stay two silver employers and count against precision when merged. The scrape days are
replayed in date order through what the organizations asset runs per batch (`resolve` against the PostgreSQL index,
`write_resolution`, `find_merges`, `apply_merges`) on a throwaway embedded server, and a posting's organization is
read from `posting_organization_current`; `predict` is the same without PostgreSQL or merges (an in-memory index),
for quick runs. Scored pairwise over listings, once with the apply URLs and Simplify's company pages (an aggregator
host) present, once with them removed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hirehound.evaluation.pairwise import PairScores, pairwise_scores
from hirehound.ingestion.identity import posting_id
from hirehound.organizations.memory_index import MemoryIndex
from hirehound.organizations.resolver import PostingInput, resolve


def days(landing: Path) -> Iterator[list[dict[str, Any]]]:
    """The rows of every scrape day, days in date order, files and rows in file order."""
    for day in sorted(p for p in landing.iterdir() if p.is_dir()):
        rows: list[dict[str, Any]] = []
        for path in sorted(day.glob("*.jsonl")):
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        yield rows


def predict(landing: Path) -> dict[str, str]:
    index = MemoryIndex()
    predicted: dict[str, str] = {}
    for rows in days(landing):
        resolution = resolve(_inputs(rows), index)
        index.apply(resolution)
        predicted.update({a.posting_id: a.organization_id for a in resolution.assignments})
    return predicted


def silver_employers(labels: list[dict[str, Any]]) -> dict[str, str]:
    """posting id -> silver employer: Simplify keys joined when their listings share an identical company name."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def plain(text: str) -> str:
        return " ".join(text.lower().replace("-", " ").split())

    for r in labels:
        for a, b in ((plain(r["company_key"]), "name:" + plain(str(r.get("company") or r["company_key"]))),):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {r["posting_id"]: find(plain(r["company_key"])) for r in labels}


def _inputs(rows: list[dict[str, Any]]) -> list[PostingInput]:
    return [
        PostingInput(
            posting_id(f"simplify:{r['source_job_id']}"),
            r.get("source", "simplify"),
            r.get("company"),
            company_url=r.get("company_url"),
            apply_url=r.get("apply_url"),
            extra=r.get("extra"),
        )
        for r in rows
    ]


def predict_pg(landing: Path, batch: int = 5_000) -> tuple[dict[str, str], int, int]:
    """posting id -> organization through the asset's per-batch steps on PostgreSQL; also merges and refusals."""
    import sqlalchemy as sa

    from bench.harness import bench_environment
    from hirehound.db.engine import get_engine
    from hirehound.organizations.merges import Refusal, apply_merges, find_merges
    from hirehound.organizations.store import PostgresIndex, write_resolution

    merged = 0
    refused: list[Refusal] = []
    with bench_environment("hhorgdev") as env:
        engine = get_engine(env.database_url)
        for day in sorted(p for p in landing.iterdir() if p.is_dir()):
            rows: list[dict[str, Any]] = []
            for path in sorted(day.glob("*.jsonl")):
                rows += [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
            postings = _inputs(rows)
            for start in range(0, len(postings), batch):
                with engine.begin() as conn:
                    resolution = resolve(postings[start : start + batch], PostgresIndex(conn))
                    write_resolution(conn, resolution, partition=day.name, run_id="devset")
                    touched = sorted({a.organization_id for a in resolution.assignments})
                    merges = find_merges(conn, touched, resolution.linked, refused)
                    apply_merges(conn, merges, "devset")
                    merged += len(merges)
        with engine.connect() as conn:
            predicted = dict(
                conn.execute(sa.text("SELECT posting_id, organization_id FROM posting_organization_current")).all()
            )
    return predicted, merged, len(refused)


def score(
    landing: Path, labels: list[dict[str, Any]], predicted: dict[str, str] | None = None
) -> tuple[PairScores, list[tuple[str, str, int]]]:
    """Pairwise scores, and the worst false merges: (spelling, spelling, false pairs) of predicted organizations
    that hold several silver employers."""
    predicted = predict(landing) if predicted is None else predicted
    silver = silver_employers(labels)
    truth = {pid: employer for pid, employer in silver.items() if pid in predicted}
    company = {r["posting_id"]: r["company"] for r in labels}
    scores = pairwise_scores(predicted, truth)
    mixed: dict[str, dict[str, int]] = {}
    for pid, org in predicted.items():
        mixed.setdefault(org, {}).setdefault(truth.get(pid, "?"), 0)
        mixed[org][truth.get(pid, "?")] += 1
    worst: list[tuple[str, str, int]] = []
    for org, keys in mixed.items():
        if len(keys) < 2:
            continue
        ranked = sorted(keys.items(), key=lambda kv: (-kv[1], kv[0]))
        head = ranked[0]
        for key, n in ranked[1:]:
            names = [company[p] for p, o in predicted.items() if o == org and truth.get(p) == key][:1]
            heads = [company[p] for p, o in predicted.items() if o == org and truth.get(p) == head[0]][:1]
            worst.append((str(heads[0] if heads else head[0]), str(names[0] if names else key), head[1] * n))
    return scores, sorted(worst, key=lambda w: -w[2])[:10]
