"""Refreshing the published catalogue (`published_postings`) for the clusters one scrape date touched.

The clusters touched are those of the day's postings (before and after merges) and those whose entry shows one
of the day's postings. Each is rebuilt from the current tables (clusters, postings, organizations, skills,
quality, spam), so the result depends on the data, not on the order partitions run in; entries of clusters that
no longer qualify are removed. Search matches on `search_tsv`: title (weight A), employer and skills (B),
locations (C) and the first 4,000 characters of the description (D), English configuration; it ranks the
matches by `rank_tsv`, the same with only the 500-character snippet as D (small enough to rank thousands fast).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.db.failure_ledger import ItemFailure
from hirehound.db.partition_replace import replace_partition
from hirehound.ops.progress import NO_PROGRESS, ProgressReporter, tracked
from hirehound.publication.entries import Cluster, Member, build_entry

# Minimum completeness score (0-100) for the catalogue; deployments set it through `PipelineSettings.quality_floor`
# (HIREHOUND_QUALITY_FLOOR), and `publish_partition` takes it as an argument.
DEFAULT_QUALITY_FLOOR = 40


@dataclass
class PublicationReport:
    clusters_touched: int = 0
    published: int = 0
    removed: int = 0  # entries that were in the catalogue and no longer are
    excluded: dict[str, int] = field(default_factory=dict)
    failures: list[ItemFailure] = field(default_factory=list)  # clusters whose entry could not be built
    preview: list[dict[str, Any]] = field(default_factory=list)


TOUCHED_SQL = """
WITH day AS (SELECT posting_id FROM normalized_postings WHERE partition_date = :p)
SELECT cm.cluster_id FROM cluster_members cm JOIN day USING (posting_id)
UNION SELECT pcc.cluster_id FROM posting_cluster_current pcc JOIN day USING (posting_id)
UNION SELECT pp.cluster_id FROM published_postings pp JOIN day USING (posting_id)
"""

MEMBERS_SQL = """
SELECT pcc.cluster_id, p.posting_id, n.source, p.status, p.first_seen, p.last_seen, p.latest_partition, n.title,
       n.url, n.apply_url, n.location_raw, n.city, n.region, n.country_code, n.remote_type, n.salary_min,
       n.salary_max, n.salary_currency, n.salary_period, n.salary_annual_min, n.salary_annual_max,
       n.employment_type, n.date_posted, {expires_at} AS expires_at, n.description_text AS description, n.company_raw,
       poc.organization_id, poc.organization_name, poc.kind AS organization_kind,
       q.score AS quality, s.is_spam, s.model_probability AS spam_probability
FROM posting_cluster_current pcc
JOIN postings p ON p.posting_id = pcc.posting_id
JOIN normalized_postings n ON n.posting_id = p.posting_id AND n.partition_date = p.latest_partition
LEFT JOIN posting_organization_current poc ON poc.posting_id = p.posting_id
LEFT JOIN LATERAL (SELECT score FROM posting_quality q WHERE q.posting_id = p.posting_id
                   ORDER BY q.partition_date DESC LIMIT 1) q ON true
LEFT JOIN LATERAL (SELECT is_spam, model_probability FROM spam_scores s WHERE s.posting_id = p.posting_id
                   ORDER BY s.partition_date DESC LIMIT 1) s ON true
WHERE pcc.cluster_id = ANY(:ids)
"""
# A timestamp Python cannot hold (a BC expiry stored before field parsers were bounded) must not fail every run
# that reads its cluster: outside 1900..9000 it reads as unknown.
SANE_EXPIRES_AT = (
    "CASE WHEN n.expires_at BETWEEN TIMESTAMPTZ '1900-01-01 00:00+00' AND TIMESTAMPTZ '9000-01-01 00:00+00' "
    "THEN n.expires_at END"
)
MEMBERS_SQL = MEMBERS_SQL.replace("{expires_at}", SANE_EXPIRES_AT)

SKILLS_SQL = """
SELECT ps.posting_id, ps.skill_id, ps.label FROM posting_skills ps
JOIN postings p ON p.posting_id = ps.posting_id AND p.latest_partition = ps.partition_date
WHERE ps.posting_id = ANY(:ids)
"""


def weighted_tsvector(title: str, employer: str, places: str, body: str) -> str:
    """The SQL of a catalogue text vector from four SQL text expressions: title (weight A), employer and skills
    (B), places (C), description text (D). `search_tsv` takes the first 4,000 characters as the body, `rank_tsv`
    the 500-character snippet; bulk loaders (bench/synthetic_lookback.py) build theirs with the same weights."""
    return (
        f"setweight(to_tsvector('english', coalesce({title}, '')), 'A') "
        f"|| setweight(to_tsvector('english', coalesce({employer}, '')), 'B') "
        f"|| setweight(to_tsvector('english', coalesce({places}, '')), 'C') "
        f"|| setweight(to_tsvector('english', coalesce({body}, '')), 'D')"
    )


_EMPLOYER = "coalesce(:organization, '') || ' ' || array_to_string(CAST(:skills AS text[]), ' ')"
_PLACES = "array_to_string(CAST(:locations AS text[]), ' ')"

INSERT_SQL = """
INSERT INTO published_postings (
    cluster_id, posting_id, partition_date, title, organization_id, organization, organization_kind, location,
    locations, city, region, country_code, remote_type, salary_min, salary_max, salary_currency, salary_period,
    salary_annual_min, salary_annual_max, salary, employment_type, skills, skill_ids, boards, member_count,
    first_seen, last_seen, date_posted, expires_at, url, apply_url, quality_score, spam_probability,
    description_snippet, search_tsv, rank_tsv, published_at, run_id)
VALUES (
    :cluster_id, :posting_id, :partition_date, :title, :organization_id, :organization, :organization_kind,
    :location, CAST(:locations AS text[]), :city, :region, :country_code, :remote_type, :salary_min, :salary_max,
    :salary_currency, :salary_period, :salary_annual_min, :salary_annual_max, :salary, :employment_type,
    CAST(:skills AS text[]), CAST(:skill_ids AS text[]), CAST(:boards AS text[]), :member_count, :first_seen,
    :last_seen, :date_posted, :expires_at, :url, :apply_url, :quality_score, :spam_probability,
    :description_snippet,
    {search_tsv},
    {rank_tsv},
    now(), :run_id)
ON CONFLICT (cluster_id) DO UPDATE SET
    posting_id = EXCLUDED.posting_id, partition_date = EXCLUDED.partition_date, title = EXCLUDED.title,
    organization_id = EXCLUDED.organization_id, organization = EXCLUDED.organization,
    organization_kind = EXCLUDED.organization_kind, location = EXCLUDED.location, locations = EXCLUDED.locations,
    city = EXCLUDED.city, region = EXCLUDED.region, country_code = EXCLUDED.country_code,
    remote_type = EXCLUDED.remote_type, salary_min = EXCLUDED.salary_min, salary_max = EXCLUDED.salary_max,
    salary_currency = EXCLUDED.salary_currency, salary_period = EXCLUDED.salary_period,
    salary_annual_min = EXCLUDED.salary_annual_min, salary_annual_max = EXCLUDED.salary_annual_max,
    salary = EXCLUDED.salary, employment_type = EXCLUDED.employment_type, skills = EXCLUDED.skills,
    skill_ids = EXCLUDED.skill_ids, boards = EXCLUDED.boards, member_count = EXCLUDED.member_count,
    first_seen = EXCLUDED.first_seen, last_seen = EXCLUDED.last_seen, date_posted = EXCLUDED.date_posted,
    expires_at = EXCLUDED.expires_at, url = EXCLUDED.url, apply_url = EXCLUDED.apply_url,
    quality_score = EXCLUDED.quality_score, spam_probability = EXCLUDED.spam_probability,
    description_snippet = EXCLUDED.description_snippet, search_tsv = EXCLUDED.search_tsv, rank_tsv = EXCLUDED.rank_tsv,
    published_at = EXCLUDED.published_at, run_id = EXCLUDED.run_id
""".replace("{search_tsv}", weighted_tsvector(":title", _EMPLOYER, _PLACES, ":description")).replace(
    "{rank_tsv}", weighted_tsvector(":title", _EMPLOYER, _PLACES, ":description_snippet")
)


def load_clusters(conn: Connection, cluster_ids: list[str]) -> list[Cluster]:
    """Clusters with their members' latest facts, scores and skills."""
    heads = conn.execute(
        sa.text(
            "SELECT cluster_id, canonical_posting_id, status, merged_into, boards FROM duplicate_clusters "
            "WHERE cluster_id = ANY(:ids)"
        ),
        {"ids": cluster_ids},
    ).all()
    members: dict[str, list[dict[str, Any]]] = {}
    for r in conn.execute(sa.text(MEMBERS_SQL), {"ids": cluster_ids}):
        members.setdefault(r.cluster_id, []).append(dict(r._mapping))
    posting_ids = [m["posting_id"] for ms in members.values() for m in ms]
    skills: dict[str, list[tuple[str, str]]] = {}
    for pid, sid, label in conn.execute(sa.text(SKILLS_SQL), {"ids": posting_ids}):
        skills.setdefault(pid, []).append((sid, label))
    fields = set(Member.__dataclass_fields__)
    out = []
    for h in heads:
        ms = tuple(
            Member(**{k: v for k, v in m.items() if k in fields}, skills=tuple(sorted(skills.get(m["posting_id"], ()))))
            for m in sorted(members.get(h.cluster_id, []), key=lambda m: m["posting_id"])
        )
        out.append(Cluster(h.cluster_id, h.canonical_posting_id, h.status, h.merged_into, tuple(h.boards or ()), ms))
    return out


def publish_partition(
    conn: Connection, partition: date, floor: int, run_id: str | None, progress: ProgressReporter = NO_PROGRESS
) -> PublicationReport:
    """Rebuild the catalogue entries of the clusters the scrape date touched, in the caller's transaction."""
    touched = sorted({r[0] for r in conn.execute(sa.text(TOUCHED_SQL), {"p": partition}) if r[0]})
    report = PublicationReport(clusters_touched=len(touched))
    before = {
        r[0] for r in conn.execute(sa.text("SELECT cluster_id FROM published_postings WHERE cluster_id = ANY(:ids)"),
                                   {"ids": touched})
    }  # fmt: skip
    rows, excluded = [], Counter[str]()
    for cluster in tracked(load_clusters(conn, touched), progress):
        try:
            row, reason = build_entry(cluster, floor)
        except Exception as exc:  # one cluster's bad data costs its entry (ledgered), not the day's catalogue
            report.failures.append(ItemFailure.from_exception(cluster.cluster_id, "publish", exc))
            excluded["build_failed"] += 1
            continue
        if row is None:
            excluded[reason or "unknown"] += 1
            continue
        rows.append({**row, "run_id": run_id})
    replace_partition(conn, "published_postings", "cluster_id", touched, rows, insert=INSERT_SQL)
    report.published = len(rows)
    report.removed = len(before - {r["cluster_id"] for r in rows})
    report.excluded = dict(excluded.most_common())
    report.preview = [
        {k: r[k] for k in ("cluster_id", "title", "organization", "location", "salary", "boards", "quality_score")}
        for r in rows[:10]
    ]
    return report
