"""Dedup scored against the demo generator's ground truth through the real assets (ingestion, organizations,
embeddings, dedup): duplicates found, template postings and one text under two employers kept apart."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound.demo import generate_scrapes
from hirehound.evaluation import evaluate_dedup, load_ground_truth, postings_truth
from hirehound_assets.dedup.duplicate_clusters import duplicate_clusters
from hirehound_assets.embeddings.posting_embeddings import posting_embeddings
from hirehound_assets.ingestion.normalized_postings import normalized_postings
from hirehound_assets.ingestion.raw_postings import raw_postings
from hirehound_assets.organizations.organizations import organizations
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.embedding_model import EmbeddingModelResource
from resources.landing_zone import LandingZoneResource
from resources.settings import PipelineSettings

pytestmark = pytest.mark.integration

START = date(2026, 11, 18)
DAYS, PER_DAY, SEED = 2, 40, 2  # seed 2: FULL, PARTIAL, SEMANTIC duplicates, two templates, a shared text


def run_days(database: Any, engine: sa.Engine, landing: Path, keys: list[str]) -> dict[str, str]:
    """The demo days through the real assets, ingestion to dedup, in the given order; posting -> cluster id."""
    resources = {
        "database": database,
        "landing_zone": LandingZoneResource(location=str(landing)),
        "embedding_model": EmbeddingModelResource(),
        "settings": PipelineSettings(),
    }
    assets = [raw_postings, normalized_postings, organizations, posting_embeddings, duplicate_clusters]
    instance = dg.DagsterInstance.ephemeral()
    for key in keys:
        assert dg.materialize(
            assets, partition_key=key, resources=resources, instance=instance_with_scrape_dates(key, instance=instance)
        ).success
    with engine.connect() as conn:
        return dict(conn.execute(sa.text("SELECT posting_id, cluster_id FROM posting_cluster_current")).all())


def test_demo_duplicates_found_and_look_alikes_kept_apart(database: Any, engine: sa.Engine, tmp_path: Path) -> None:
    landing, truth_path = tmp_path / "landing", tmp_path / "ground_truth.jsonl"
    generate_scrapes(landing, days=DAYS, per_day=PER_DAY, seed=SEED, start=START, truth_path=truth_path)
    clusters = run_days(database, engine, landing, [(START + timedelta(days=d)).isoformat() for d in range(DAYS)])
    truth = postings_truth(load_ground_truth(truth_path))
    report = evaluate_dedup(truth, clusters)
    assert report.unpredicted == 0  # every posting went through dedup
    assert report.overall.true_pairs >= 5, "the sample must contain duplicates to be a test"
    assert any(t.template_group for t in truth.values()) and any(t.shared_text_group for t in truth.values())
    assert report.overall.precision >= 0.9, report.markdown()
    assert report.overall.recall >= 0.8, report.markdown()
    assert report.template_false_merges == 0
    assert report.shared_text_false_merges == 0


def test_reverse_day_order_gives_the_same_clusters(database: Any, engine: sa.Engine, tmp_path: Path) -> None:
    """A backfill may run days in any order: the demo's days processed newest first end in the same cluster ids
    as in date order (the second pass reuses the cached vectors; everything else starts from empty tables)."""
    landing = tmp_path / "landing"
    days, start = 3, date(2026, 11, 14)
    generate_scrapes(landing, days=days, per_day=60, seed=42, start=start, truth_path=tmp_path / "truth.jsonl")
    keys = [(start + timedelta(days=d)).isoformat() for d in range(days)]
    seen = []
    for order in (keys, keys[::-1]):
        with engine.begin() as conn:
            tables = conn.execute(
                sa.text(
                    "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename NOT IN ('alembic_version', 'text_embeddings')"
                )
            ).scalar_one()
            conn.execute(sa.text(f"TRUNCATE {tables} CASCADE"))
        seen.append(run_days(database, engine, landing, order))
    forward, backward = seen
    assert len(forward) > 100 and len(set(forward.values())) < len(forward)  # real clusters, not all singletons
    assert {p: c for p, c in backward.items() if forward.get(p) != c} == {}
