"""One day's embedding split into chunks (separate steps) gives the tables of one chunk: the same vectors, rows,
clusters and ids; a re-run of the day plans no chunk and adds no row."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL

from hirehound.db.engine import dispose_engines
from hirehound.db.urls import render, with_driver
from hirehound.demo import generate_scrapes
from hirehound_assets.dedup.duplicate_clusters import duplicate_clusters
from hirehound_assets.embeddings.posting_embeddings import posting_embeddings
from hirehound_assets.ingestion.normalized_postings import normalized_postings
from hirehound_assets.ingestion.raw_postings import raw_postings
from hirehound_assets.organizations.organizations import organizations
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.database import DatabaseResource
from resources.embedding_model import EmbeddingModelResource
from resources.landing_zone import LandingZoneResource
from resources.settings import PipelineSettings
from tests.conftest import TEMPLATE_DB
from tests.integration.table_dump import differing_tables, dump_tables

pytestmark = pytest.mark.integration
DAY = date(2026, 11, 18)
CHUNK_STEP = "posting_embeddings.embed_text_chunk["


@pytest.fixture()
def two_databases(pg_server: URL) -> Iterator[tuple[str, str]]:
    admin = sa.create_engine(render(with_driver(pg_server, "psycopg")), isolation_level="AUTOCOMMIT")
    names = [f"chunks_{side}_{os.getpid()}" for side in ("one", "many")]
    with admin.connect() as conn:
        for name in names:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DB}"'))
    yield tuple(render(with_driver(pg_server.set(database=n), "psycopg")) for n in names)  # type: ignore[misc]
    dispose_engines()
    with admin.connect() as conn:
        for name in names:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def run_day(url: str, landing: Path, chunk_texts: int) -> dg.ExecuteInProcessResult:
    """The day from raw files to clusters, with the real default embedding model."""
    resources: dict[str, Any] = {
        "database": DatabaseResource(url=url),
        "landing_zone": LandingZoneResource(location=str(landing)),
        "embedding_model": EmbeddingModelResource(),
        "settings": PipelineSettings(embedding_chunk_texts=chunk_texts),
    }
    result = dg.materialize(
        [raw_postings, normalized_postings, organizations, posting_embeddings, duplicate_clusters],
        partition_key=DAY.isoformat(),
        resources=resources,
        instance=instance_with_scrape_dates(DAY.isoformat()),
    )
    assert result.success
    return result


def chunk_steps(result: dg.ExecuteInProcessResult) -> list[str]:
    return [
        e.step_key or ""
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.STEP_SUCCESS and (e.step_key or "").startswith(CHUNK_STEP)
    ]


def embedding_metadata(result: dg.ExecuteInProcessResult) -> dict[str, Any]:
    (materialization,) = result.asset_materializations_for_node("posting_embeddings")
    return {k: v.value for k, v in materialization.metadata.items() if k != "seconds"}


def counts(url: str) -> tuple[int, int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        out = (
            conn.execute(sa.text("SELECT count(*) FROM posting_embeddings")).scalar_one(),
            conn.execute(sa.text("SELECT count(*) FROM text_embeddings")).scalar_one(),
        )
    engine.dispose()
    return out


def test_a_chunked_day_equals_one_chunk_and_a_rerun_adds_nothing(
    two_databases: tuple[str, str], tmp_path: Path
) -> None:
    one_url, many_url = two_databases
    landing = tmp_path / "landing"
    generate_scrapes(landing, days=1, per_day=60, seed=11, start=DAY)

    one = run_day(one_url, landing, chunk_texts=10_000)
    many = run_day(many_url, landing, chunk_texts=12)

    assert len(chunk_steps(one)) == 1
    assert len(chunk_steps(many)) >= 3, chunk_steps(many)
    dumped = dump_tables(many_url)
    assert dumped["posting_embeddings"] and dumped["text_embeddings"] and dumped["duplicate_clusters"]
    # vectors compared as pgvector's text form: equal to the last digit, not merely close
    assert differing_tables(dump_tables(one_url), dumped) == {}
    assert embedding_metadata(one) == embedding_metadata(many)
    assert embedding_metadata(many)["texts_embedded"] == embedding_metadata(many)["distinct_texts"] > 0

    before = counts(many_url)
    again = run_day(many_url, landing, chunk_texts=12)
    assert chunk_steps(again) == []  # every text is in the cache: no chunk, no model call
    assert embedding_metadata(again)["texts_embedded"] == 0
    assert counts(many_url) == before
    assert differing_tables(dumped, dump_tables(many_url)) == {}
