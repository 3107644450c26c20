"""ESCO linking against the real embedded Postgres: vectors built once per database, links by meaning with
offsets and scores, and posting_skills on the demo week (with the small ESCO subset tests/conftest.py sets)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound.demo import generate_scrapes
from hirehound.skills import esco_vectors
from hirehound.skills.pipeline import extractor_for, finder_for
from hirehound_assets.ingestion.normalized_postings import normalized_postings
from hirehound_assets.ingestion.raw_postings import raw_postings
from hirehound_assets.partitions import instance_with_scrape_dates
from hirehound_assets.posting_signals.posting_skills import posting_skills
from resources.embedding_model import EmbeddingModelResource
from resources.landing_zone import LandingZoneResource
from resources.settings import PipelineSettings

pytestmark = pytest.mark.integration

START = date(2026, 11, 16)
DAYS, PER_DAY, SEED = 7, 12, 3


class CountingModel:
    """The real model, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.inner, self.calls = EmbeddingModelResource(), 0

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def encode(self, texts: list[str]) -> Any:
        self.calls += len(texts)
        return self.inner.encode(texts)


def test_esco_vectors_are_built_once_per_database(engine: sa.Engine) -> None:
    concepts = esco_vectors.concepts(extractor_for(PipelineSettings().esco_source()).taxonomy)
    assert 20 <= len(concepts) <= 200, "tests run on the small ESCO subset"
    model = CountingModel()
    with engine.begin() as conn:
        first = esco_vectors.load(conn, model, concepts)
    distinct = {t for c in concepts for t in c.texts}
    assert first.embedded == 2 * len(concepts) and model.calls == len(distinct)  # a repeated text once
    with engine.begin() as conn:
        again = esco_vectors.load(conn, model, concepts)
        rows = conn.execute(sa.text("SELECT count(*) FROM esco_skill_vectors")).scalar_one()
        python = next(i for i, c in enumerate(concepts) if c.skill_id == "tech.python")
        nearest = esco_vectors.nearest(conn, model.model_id, first.labels[python], k=1)
    assert again.embedded == 0 and model.calls == len(distinct)  # nothing embedded the second time
    assert rows == 2 * len(concepts)
    assert nearest[0][0] == concepts[python].uuid and nearest[0][2] > 0.99  # through the HNSW index


def test_phrases_link_to_esco_by_meaning_with_offsets_and_scores(engine: sa.Engine) -> None:
    text = "About the role.\nYou will partner continuously with your many stakeholders and keep them informed."
    with engine.begin() as conn:
        finder = finder_for(conn, EmbeddingModelResource(), PipelineSettings().esco_source())
        [found], stats = finder.find_many(conn, [(None, text)])
        [again], stats2 = finder.find_many(conn, [(None, text)])
    semantic = [f for f in found if f.method == "semantic"]
    assert semantic, found
    link = semantic[0]
    assert link.esco_label == "manage relationships with stakeholders"
    assert text[link.start : link.end] == link.surface and "stakeholders" in link.surface
    assert text[link.sentence_start : link.sentence_end].startswith("You will partner")
    assert finder.settings.threshold <= link.score <= 1.0
    assert stats.phrases_embedded > 0 and stats2.phrases_embedded == 0  # phrases come from the cache
    assert again == found


def _run_days(database: Any, landing: Path, keys: list[str]) -> None:
    resources = {
        "database": database,
        "landing_zone": LandingZoneResource(location=str(landing)),
        "embedding_model": EmbeddingModelResource(),
        "settings": PipelineSettings(),
    }
    instance = instance_with_scrape_dates(*keys)
    for key in keys:
        result = dg.materialize(
            [raw_postings, normalized_postings, posting_skills], partition_key=key, resources=resources,
            instance=instance,
        )  # fmt: skip
        assert result.success


def test_demo_week_posting_skills_link_esco_with_offsets_and_scores(
    database: Any, engine: sa.Engine, tmp_path: Path
) -> None:
    landing = tmp_path / "landing"
    generate_scrapes(landing, days=DAYS, per_day=PER_DAY, seed=SEED, start=START)
    keys = [(START + timedelta(days=d)).isoformat() for d in range(DAYS)]
    _run_days(database, landing, keys)
    query = (
        "SELECT ps.posting_id, ps.skill_id, ps.score, ps.esco_uri, ps.methods, ps.mentions, n.title, "
        "n.description_text FROM posting_skills ps JOIN normalized_postings n "
        "ON n.posting_id = ps.posting_id AND n.partition_date = ps.partition_date ORDER BY 1, 2"
    )
    with engine.connect() as conn:
        rows = conn.execute(sa.text(query)).all()
        postings = conn.execute(sa.text("SELECT count(*) FROM normalized_postings")).scalar_one()
    assert postings >= DAYS * PER_DAY // 2 and rows
    esco = [r for r in rows if r.esco_uri]
    assert len({r.posting_id for r in esco}) >= postings // 2, "most demo postings name an ESCO skill"
    assert any("semantic" in r.methods for r in esco) and any("literal" in r.methods for r in esco)
    for r in rows:
        assert 0 < r.score <= 1.0
        for m in r.mentions:
            text = r.title if m["field"] == "title" else r.description_text
            assert text[m["start"] : m["end"]] == m["surface"]
            assert m["sentence_start"] <= m["start"] < m["end"] <= m["sentence_end"]
            assert m["method"] in r.methods
    # Re-running a day gives the same rows (idempotent).
    before = [(*tuple(r[:5]), json.dumps(r.mentions, sort_keys=True)) for r in rows]
    _run_days(database, landing, keys[:1])
    with engine.connect() as conn:
        after = [(*tuple(r[:5]), json.dumps(r.mentions, sort_keys=True)) for r in conn.execute(sa.text(query)).all()]
    assert after == before
