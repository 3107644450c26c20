"""Tracing one posting: from the scrape file row it came from to the catalogue entry it ended up in.

`find_postings` accepts what an analyst has at hand (a posting id, a posting key such as `indeed:123`, or the
posting's URL); `trace` reads the `posting_lineage` view, one row per scrape date the posting was seen, newest
first. Every step carries the Dagster run id that wrote it, so the UI can show that run.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

DEFAULT_UI_URL = "http://127.0.0.1:3000"
CLUSTER_PREFIX = "cl_"
_POSTING_ID = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True)
class Step:
    name: str
    detail: str
    run_id: str | None


def ui_url() -> str:
    """The Dagster UI: HIREHOUND_UI_URL, else what `hirehound dev` recorded when it started, else port 3000."""
    explicit = os.environ.get("HIREHOUND_UI_URL")
    if explicit:
        return explicit.rstrip("/")
    from hirehound.config import recorded_ui_url

    return (recorded_ui_url() or DEFAULT_UI_URL).rstrip("/")


def run_link(run_id: str | None, base: str | None = None) -> str | None:
    return f"{base or ui_url()}/runs/{run_id}" if run_id else None


def find_postings(conn: Connection, ref: str) -> list[str]:
    """Posting ids matching an id, a posting key, a URL (posting, canonical or apply URL), or a duplicate cluster id
    (`cl_...`, what `hirehound search` prints: its members, the canonical posting first)."""
    ref = ref.strip()
    if ref.startswith(CLUSTER_PREFIX):
        rows = conn.execute(
            sa.text(
                """
                SELECT pc.posting_id FROM posting_cluster_current pc
                LEFT JOIN duplicate_clusters c ON c.cluster_id = pc.cluster_id
                WHERE pc.cluster_id = :r
                   OR pc.posting_id IN (SELECT posting_id FROM cluster_members WHERE cluster_id = :r)
                ORDER BY (c.canonical_posting_id = pc.posting_id) DESC, pc.posting_id
                """
            ),
            {"r": ref},
        ).all()
        return list(dict.fromkeys(r[0] for r in rows))
    if _POSTING_ID.match(ref):
        hit = conn.execute(
            sa.text("SELECT 1 FROM normalized_postings WHERE posting_id = :r LIMIT 1"), {"r": ref}
        ).first()
        if hit:
            return [ref]
    variants = list({ref, ref.rstrip("/"), ref.rstrip("/") + "/"})
    rows = conn.execute(
        sa.text(
            """
            SELECT DISTINCT posting_id FROM normalized_postings
            WHERE posting_key = :r OR posting_key = 'url' || chr(58) || :r
               OR url = ANY(:v) OR canonical_url = ANY(:v) OR apply_url = ANY(:v) OR canonical_apply_url = ANY(:v)
            ORDER BY posting_id
            """
        ),
        {"r": ref, "v": variants},
    ).all()
    return [r[0] for r in rows]


def trace(conn: Connection, posting_id: str) -> list[dict[str, Any]]:
    """Every lineage row of the posting (one per scrape date it was seen), newest first."""
    rows = conn.execute(
        sa.text("SELECT * FROM posting_lineage WHERE posting_id = :p ORDER BY partition_date DESC"), {"p": posting_id}
    )
    return [dict(r._mapping) for r in rows]


def steps(row: dict[str, Any]) -> list[Step]:
    """The path of one sighting as ordered steps, each with the run that wrote it."""
    org = "not matched yet"
    if row.get("organization_id"):
        via = f" via alias {row['matched_alias']!r}" if row.get("matched_alias") else ""
        score = f", score {row['match_score']:.2f}" if row.get("match_score") is not None else ""
        redirected = (
            f" (matched {row['matched_organization_id']}, since merged)"
            if row.get("matched_organization_id") not in (None, row["organization_id"])
            else ""
        )
        org = (
            f"{row['organization_id']} {row.get('organization_name') or ''!r}{via} "
            f"({row.get('match_method')}{score}){redirected}"
        )
    cluster = "not clustered yet"
    if row.get("cluster_id"):
        why = (
            "anchor of its cluster"
            if not row.get("duplicate_type")
            else (
                f"joined as {row['duplicate_type']} duplicate, score {row.get('duplicate_score') or 0:.2f}, "
                f"reasons {row.get('duplicate_reasons')}"
            )
        )
        cluster = f"{row['cluster_id']} ({row.get('cluster_status')}), {why}"
    if row.get("published"):
        canonical = (
            "this posting"
            if row.get("published_posting_id") == row["posting_id"]
            else (f"canonical posting {row.get('published_posting_id')}")
        )
        publication = (
            f"published in cluster {row['cluster_id']} as {canonical}, partition {row.get('published_partition_date')}"
        )
    else:
        publication = "not published" + (f" (posting {row['posting_status']})" if row.get("posting_status") else "")
    embedding = (
        f"{row['embedding_model_id']} text sha256 {row['embedding_text_hash']}"
        if row.get("embedding_text_hash")
        else "not embedded yet"
    )
    return [
        Step(
            "scrape file",
            f"{row.get('scrape_file_path')} (sha256 {row.get('scrape_file_sha256')}, row {row.get('scrape_file_row')})",
            row.get("scrape_file_run_id"),
        ),
        Step("raw posting", f"{row.get('raw_id')} on {row['partition_date']}", row.get("raw_run_id")),
        Step(
            "normalized posting",
            f"{row.get('title')!r} {row.get('url') or ''} content {str(row.get('content_hash'))[:16]}",
            row.get("normalized_run_id"),
        ),
        Step("organization", org, row.get("organization_run_id")),
        Step("embedding", embedding, row.get("embedding_run_id")),
        Step("cluster", cluster, row.get("cluster_run_id")),
        Step("publication", publication, row.get("publication_run_id")),
    ]


def render(rows: list[dict[str, Any]], base_url: str | None = None) -> str:
    """A readable path of the latest sighting, then one line per earlier sighting."""
    if not rows:
        return "no lineage rows"
    latest = rows[0]
    status = latest.get("posting_status") or "unknown"
    if latest.get("archived"):
        status += ", archived"
    lines = [f"posting {latest['posting_id']} ({latest['posting_key']}) - {status}"]
    if latest.get("expiry_reason"):
        lines[0] += f" ({latest['expiry_reason']})"
    for number, step in enumerate(steps(latest), start=1):
        lines.append(f"  {number}. {step.name:<19} {step.detail}")
        if step.run_id:
            lines.append(f"     {'':<19} run {step.run_id}  {run_link(step.run_id, base_url)}")
    if len(rows) > 1:
        lines.append("  earlier sightings:")
        for row in rows[1:]:
            lines.append(
                f"    {row['partition_date']}  {row.get('scrape_file_path')} row {row.get('scrape_file_row')}  "
                f"run {row.get('normalized_run_id')}"
            )
    return "\n".join(lines)
