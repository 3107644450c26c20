"""Skills of one scrape date's postings, written to `posting_skills`, and the taxonomy in use kept in `skills`.

The taxonomy is the curated vocabulary plus ESCO when HIREHOUND_ESCO_CSV names an ESCO skills CSV (see
docs/skills.md). A posting whose extraction fails costs that posting only; the caller records it in the ledger.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.db.failure_ledger import ItemFailure
from hirehound.ops.progress import NO_PROGRESS, ProgressReporter, tracked
from hirehound.skills.extractor import Mention, SkillExtractor
from hirehound.skills.taxonomy import Taxonomy, load_taxonomy


@dataclass
class SkillsReport:
    postings: int = 0
    postings_with_skills: int = 0
    rows: int = 0
    mentions: int = 0
    taxonomy_size: int = 0
    taxonomy_version: str = ""
    taxonomy_synced: bool = False
    top_skills: list[tuple[str, int]] = field(default_factory=list)
    failures: list[ItemFailure] = field(default_factory=list)


def esco_csv_path() -> str | None:
    return os.environ.get("HIREHOUND_ESCO_CSV") or None


@lru_cache(maxsize=4)
def extractor_for(esco_csv: str | None) -> SkillExtractor:
    """One automaton per process and taxonomy (building it with ESCO takes a quarter of a second)."""
    return SkillExtractor(load_taxonomy(esco_csv))


def sync_taxonomy(conn: Connection, taxonomy: Taxonomy, run_id: str | None) -> bool:
    """Upsert the taxonomy into `skills` unless this exact version is already there; True when written."""
    version = taxonomy.version()
    stored = conn.execute(sa.text("SELECT count(*) FROM skills WHERE taxonomy_version = :v"), {"v": version}).scalar()
    if stored == len(taxonomy):
        return False
    conn.execute(
        sa.text(
            """
            INSERT INTO skills (skill_id, preferred_label, alt_labels, source, category, esco_uri,
                                taxonomy_version, updated_at, run_id)
            VALUES (:id, :label, :alts, :source, :category, :uri, :v, now(), :run)
            ON CONFLICT (skill_id) DO UPDATE SET preferred_label = EXCLUDED.preferred_label,
                alt_labels = EXCLUDED.alt_labels, source = EXCLUDED.source, category = EXCLUDED.category,
                esco_uri = EXCLUDED.esco_uri, taxonomy_version = EXCLUDED.taxonomy_version,
                updated_at = now(), run_id = EXCLUDED.run_id
            """
        ),
        [
            {
                "id": s.skill_id,
                "label": s.preferred_label,
                "alts": list(s.alt_labels + s.case_sensitive),
                "source": s.source,
                "category": s.category,
                "uri": s.esco_uri,
                "v": version,
                "run": run_id,
            }
            for s in taxonomy.skills.values()
        ],
    )
    return True


def _rows(partition: date, posting_id: str, mentions: list[Mention], run_id: str | None) -> list[dict[str, object]]:
    by_skill: dict[str, list[Mention]] = {}
    for m in mentions:
        by_skill.setdefault(m.skill_id, []).append(m)
    return [
        {
            "p": partition, "pid": posting_id, "sid": sid, "label": ms[0].label, "n": len(ms),
            "mentions": json.dumps([{"field": m.field, "start": m.start, "end": m.end, "surface": m.surface}
                                    for m in ms[:20]]),
            "in_title": any(m.field == "title" for m in ms), "run": run_id,
        }
        for sid, ms in by_skill.items()
    ]  # fmt: skip


def extract_partition(
    conn: Connection,
    partition: date,
    extractor: SkillExtractor,
    run_id: str | None,
    progress: ProgressReporter = NO_PROGRESS,
) -> SkillsReport:
    """Replace the partition's posting_skills rows (delete, then insert: idempotent)."""
    report = SkillsReport(taxonomy_size=len(extractor.taxonomy), taxonomy_version=extractor.version)
    report.taxonomy_synced = sync_taxonomy(conn, extractor.taxonomy, run_id)
    postings = conn.execute(
        sa.text("SELECT posting_id, title, description_text FROM normalized_postings WHERE partition_date = :p"),
        {"p": partition},
    ).all()
    rows: list[dict[str, object]] = []
    counts: dict[str, int] = {}
    for pid, title, text in tracked(postings, progress):
        report.postings += 1
        try:
            mentions = extractor.extract(title, text)
        except Exception as exc:  # one odd text must not cost the partition
            report.failures.append(ItemFailure.from_exception(pid, "skills", exc))
            continue
        new = _rows(partition, pid, mentions, run_id)
        report.postings_with_skills += bool(new)
        report.mentions += len(mentions)
        for r in new:
            counts[str(r["label"])] = counts.get(str(r["label"]), 0) + 1
        rows.extend(new)
    conn.execute(sa.text("DELETE FROM posting_skills WHERE partition_date = :p"), {"p": partition})
    if rows:
        conn.execute(
            sa.text(
                "INSERT INTO posting_skills (partition_date, posting_id, skill_id, label, mention_count, mentions, "
                "in_title, run_id) VALUES (:p, :pid, :sid, :label, :n, CAST(:mentions AS jsonb), :in_title, :run)"
            ),
            rows,
        )
    report.rows = len(rows)
    report.top_skills = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    return report
