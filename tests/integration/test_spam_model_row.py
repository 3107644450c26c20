"""A `spam_models` row that is not the safe data format is refused: never unpickled, and the day is scored by rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from hirehound.spam.classifier import FEATURE_VERSION
from hirehound.spam.scoring import score_partition
from hirehound_assets.partitions import instance_with_scrape_dates
from tests.integration.enrichment_fixtures import add_org, add_posting
from tests.unit.test_spam_model_format import malicious_pickle

pytestmark = pytest.mark.integration
DAY = date(2026, 11, 20)


def test_an_inserted_pickle_row_is_refused_not_executed(engine: sa.Engine, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    with engine.begin() as conn:
        add_org(conn, "org_acme", "Acme Analytics")
        add_posting(conn, "indeed:1", DAY, "org_acme", title="Data Engineer", description_text="Build pipelines.")
        conn.execute(
            sa.text(
                "INSERT INTO spam_models (model_version, feature_version, trained_from, examples, spam_examples, "
                "threshold, model_bytes) VALUES ('evil', :fv, 'probe', 10, 2, 0.5, :b)"
            ),
            {"fv": FEATURE_VERSION, "b": malicious_pickle(marker)},
        )
    with engine.begin() as conn:
        report = score_partition(conn, DAY, run_id="r1")
    assert not marker.exists()
    assert report.postings == 1 and report.model_version is None
    assert report.scoring.startswith("rules only: the stored spam model was refused")
    assert [f.error_class for f in report.failures] == ["UntrustedModel"]
    assert "'evil' refused" in report.failures[0].message
    with engine.begin() as conn:
        rows = conn.execute(sa.text("SELECT decided_by, model_version FROM spam_scores")).all()
    assert [tuple(r) for r in rows] == [("none", None)]


def test_spam_scores_needs_no_model_and_says_rules_only(database, engine) -> None:  # type: ignore[no-untyped-def]
    import dagster as dg

    from hirehound_assets.posting_signals.spam_model import spam_model
    from hirehound_assets.posting_signals.spam_scores import spam_scores

    # No edge to spam_model: a job run never warns that an upstream model was never materialized.
    assert spam_model.key not in spam_scores.asset_deps[spam_scores.key]
    with engine.begin() as conn:
        add_org(conn, "org_acme", "Acme Analytics")
        add_posting(conn, "indeed:1", DAY, "org_acme", title="Data Engineer", description_text="Build pipelines.")
    result = dg.materialize(
        [spam_scores], resources={"database": database}, partition_key=DAY.isoformat(),
        instance=instance_with_scrape_dates(DAY),
    )  # fmt: skip
    meta = result.asset_materializations_for_node("spam_scores")[0].metadata
    assert meta["scoring"].value.startswith("rules only (no spam model trained yet")
    assert meta["model_version"].value == "none (rules only)"


def test_a_model_of_an_older_feature_version_is_named_not_loaded(engine: sa.Engine, tmp_path: Path) -> None:
    """Rows written before models were stored as data (joblib, spam-features-v1) are never loaded, and said so."""
    marker = tmp_path / "executed"
    with engine.begin() as conn:
        add_org(conn, "org_acme", "Acme Analytics")
        add_posting(conn, "indeed:1", DAY, "org_acme", title="Data Engineer", description_text="Build pipelines.")
        conn.execute(
            sa.text(
                "INSERT INTO spam_models (model_version, feature_version, trained_from, examples, spam_examples, "
                "threshold, model_bytes) VALUES ('old', 'spam-features-v1', 'probe', 10, 2, 0.5, :b)"
            ),
            {"b": malicious_pickle(marker)},
        )
    with engine.begin() as conn:
        report = score_partition(conn, DAY, run_id="r1")
    assert not marker.exists() and report.model_version is None and not report.failures
    assert "spam-features-v1" in report.scoring and "retrain" in report.scoring
