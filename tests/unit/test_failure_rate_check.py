"""The shared failure-rate check: thresholds, severities, metadata, and a result per scrape date in the UI."""

from __future__ import annotations

import dagster as dg

from hirehound.db.failure_ledger import ItemFailure, summarize
from hirehound_assets.checks.failure_rate import failure_rate_check
from hirehound_assets.definitions import defs
from hirehound_assets.partitions import daily_partitions

INGESTION_LIKE = failure_rate_check("raw_postings", items="rows", warn_above=0.02, error_above=0.20)
WARN_ONLY = failure_rate_check("posting_embeddings", name="few_postings_without_vector", items="x", warn_above=0.05)


def test_passes_up_to_the_warning_threshold_then_warns_then_errors() -> None:
    assert INGESTION_LIKE.result(2, 100).passed is True
    warned = INGESTION_LIKE.result(3, 100)
    assert warned.passed is False and warned.severity == dg.AssetCheckSeverity.WARN
    erred = INGESTION_LIKE.result(21, 100)
    assert erred.passed is False and erred.severity == dg.AssetCheckSeverity.ERROR


def test_a_check_without_error_threshold_never_errors() -> None:
    result = WARN_ONLY.result(100, 100)
    assert result.passed is False and result.severity == dg.AssetCheckSeverity.WARN


def test_no_items_is_no_failure() -> None:
    assert INGESTION_LIKE.result(0, 0).passed is True
    strict = failure_rate_check("posting_quality", items="postings", warn_above=0.0, error_above=0.05)
    assert strict.result(0, 0).passed is True and strict.result(1, 1000).passed is False


def test_metadata_carries_rate_counts_thresholds_and_reasons() -> None:
    failures = [ItemFailure("p1", "embed", "EmptyText", "no text"), ItemFailure("p2", "embed", "EmptyText", "-")]
    result = WARN_ONLY.result(2, 8, summarize(failures))
    meta = {k: v.value if isinstance(v, dg.MetadataValue) else v for k, v in result.metadata.items()}
    assert meta == {
        "failure_rate": 0.25,
        "failed": 2,
        "total": 8,
        "warn_above": 0.05,
        "top_failure_reasons": {"embed: EmptyText": 2},
    }
    assert result.asset_key == dg.AssetKey("posting_embeddings") and result.check_name == "few_postings_without_vector"


def test_description_states_the_thresholds() -> None:
    assert "2%" in (INGESTION_LIKE.spec.description or "") and "20%" in (INGESTION_LIKE.spec.description or "")


def test_every_check_of_a_daily_asset_is_partitioned_like_it() -> None:
    graph = defs.resolve_asset_graph()
    daily = {k for k in graph.get_all_asset_keys() if graph.get(k).partitions_def == daily_partitions}
    checks = [graph.get_check_spec(k) for k in graph.asset_check_keys if k.asset_key in daily]
    assert len(checks) >= 14
    assert [c.key for c in checks if c.partitions_def != daily_partitions] == []


def test_only_the_checks_that_guard_the_whole_day_block() -> None:
    graph = defs.resolve_asset_graph()
    blocking = {
        (k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys if graph.get_check_spec(k).blocking
    }
    assert blocking == {
        ("raw_postings", "rows_landed"),
        ("normalized_postings", "required_fields_not_null"),
        ("normalized_postings", "unique_posting_identity"),
    }
