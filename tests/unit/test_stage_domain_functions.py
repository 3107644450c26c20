"""The plain pieces the thin assets call, without Dagster or a database: the enrichment API step, the reports
the assets turn into metadata, and the fingerprint that decides whether a partition is normalized again."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from hirehound.db.failure_ledger import ItemFailure
from hirehound.ingestion.normalized_partition import inputs_fingerprint
from hirehound.ingestion.raw_files import FileOutcome
from hirehound.ingestion.raw_partition import RawResult, file_table
from hirehound.organizations.enrichment.fields import FieldValue
from hirehound.organizations.enrichment.offline_provider import OrganizationEvidence
from hirehound.organizations.enrichment.partition_enrichment import EnrichmentReport, ask_http
from hirehound.organizations.enrichment.resilience import CircuitOpenError
from hirehound.organizations.merges import Merge
from hirehound.organizations.partition_matching import BatchStats

NOW = datetime(2026, 11, 20, tzinfo=UTC)


class FakeApi:
    """Answers by domain: a list of values, or an exception to raise."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def lookup(self, domain: str) -> list[FieldValue]:
        self.asked.append(domain)
        answer = self.answers[domain]
        if isinstance(answer, Exception):
            raise answer
        return list(answer)


def _evidence(org: str, domain: str | None = None) -> OrganizationEvidence:
    return OrganizationEvidence(organization_id=org, name=org.title(), kind="employer", domain=domain)


def _value(field: str, value: Any) -> FieldValue:
    return FieldValue(field, value, "api", NOW, 0.9)


def test_the_api_is_asked_by_domain_and_its_failures_are_items_not_errors() -> None:
    api = FakeApi(
        {
            "acme.com": [_value("logo_url", "https://acme.com/logo.png"), _value("description", "Anvils")],
            "down.com": CircuitOpenError("open"),
            "broken.com": TimeoutError("slow"),
            "found-offline.com": [],
        }
    )
    report = EnrichmentReport()
    assert ask_http(api, _evidence("org_none"), [], report) == []  # type: ignore[arg-type]
    assert len(ask_http(api, _evidence("org_acme", "acme.com"), [], report)) == 2  # type: ignore[arg-type]
    assert ask_http(api, _evidence("org_down", "down.com"), [], report) == []  # type: ignore[arg-type]
    assert ask_http(api, _evidence("org_broken", "broken.com"), [], report) == []  # type: ignore[arg-type]
    offline = [_value("domain", "found-offline.com")]
    assert ask_http(api, _evidence("org_off"), offline, report) == []  # type: ignore[arg-type]

    assert api.asked == ["acme.com", "down.com", "broken.com", "found-offline.com"]  # no domain: not asked
    assert (report.http_attempted, report.http_values, report.http_skipped_breaker_open) == (4, 2, 1)
    assert [(f.item_key, f.stage, f.error_class) for f in report.failures] == [
        ("org_down", "http_enrichment", "CircuitOpenError"),
        ("org_broken", "http_enrichment", "TimeoutError"),
    ]
    assert report.http_failures == 2 and report.http_failure_rate == pytest.approx(0.5)


def test_enrichment_report_counts_only_api_failures_in_the_rate() -> None:
    report = EnrichmentReport(http_attempted=0, failures=[ItemFailure("o1", "embedding", "EmbeddingError", "x")])
    assert report.http_failures == 0 and report.http_failure_rate == 0.0  # nothing asked: no rate
    report.merges = [Merge("a", "b", "domain"), Merge("c", "d", "alias"), Merge("e", "f", "domain")]
    assert report.merge_reasons == {"domain": 2, "alias": 1}


def test_batch_stats_add_up() -> None:
    total = BatchStats()
    total += BatchStats(created=2, merged=1, contested=1)
    total += BatchStats(created=1)
    total.methods.update({"exact": 3})
    assert (total.created, total.merged, total.contested, total.methods["exact"]) == (3, 1, 1, 3)


def test_raw_result_counts_unreadable_files_as_failed_items() -> None:
    result = RawResult({"rows_in": 10, "rows_failed": 2, "quarantined_files": 1}, skipped=True)
    assert (result.failed, result.total, result.count("files")) == (3, 11, 0)


def test_file_table_shows_thirty_files_and_says_how_many_more() -> None:
    files = [FileOutcome(f"2026-11-20/f{i}.jsonl", "sha", 1, "ingested") for i in range(32)]
    files[0].error = "a | b"
    table = file_table(files).splitlines()
    assert len(table) == 2 + 30 + 1 and table[-1].startswith("| … 2 more")
    assert "a / b" in table[2]  # a pipe in a note must not break the markdown table


def test_normalized_inputs_change_with_the_raw_rows_only() -> None:
    assert inputs_fingerprint("raw-a", ()) == inputs_fingerprint("raw-a", ())
    assert inputs_fingerprint("raw-a", ()) != inputs_fingerprint("raw-b", ())
    assert inputs_fingerprint(None, ()) == inputs_fingerprint("no-raw-rows", ())
