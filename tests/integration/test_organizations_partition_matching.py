"""Matching a partition's postings to organizations through the plain function, without Dagster: every batch
is one transaction, and a batch that fails is retried posting by posting so only the bad posting is lost."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from hirehound.organizations import partition_matching
from hirehound.organizations.partition_matching import match_partition, organizations_preview
from hirehound.organizations.resolver import PostingInput, Resolution
from tests.integration.org_fixtures import insert_postings, posting

pytestmark = pytest.mark.integration

DAY = "2026-11-20"
ROWS = [
    posting("indeed", "1", "Unity"),
    posting("linkedin", "2", "Unity Technologies"),
    posting("indeed", "3", "Poison Corp"),
    posting("indeed", "4", "Acme Inc"),
    posting("glassdoor", "5", "ACME"),
]


class Counting:
    def __init__(self) -> None:
        self.total: int | None = None
        self.processed = 0

    def set_total(self, total: int) -> None:
        self.total = total

    def advance(self, processed: int = 1, failed: int = 0) -> None:
        self.processed += processed


def test_a_bad_posting_costs_only_itself(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    insert_postings(engine, DAY, ROWS)
    real_resolve = partition_matching.resolve

    def resolve(batch: list[PostingInput], index: Any) -> Resolution:
        if any(p.company_raw == "Poison Corp" for p in batch):  # stands in for data the resolver chokes on
            raise ValueError("poisoned posting")
        return real_resolve(batch, index)

    monkeypatch.setattr(partition_matching, "resolve", resolve)
    progress = Counting()
    report = match_partition(engine, DAY, "run-1", progress, batch_size=2)

    poisoned = ROWS[2]["posting_id"]
    assert report.postings == 5 and report.matched == 4
    assert [(f.item_key, f.stage, f.error_class) for f in report.failures] == [(poisoned, "match", "ValueError")]
    assert progress.total == 5 and progress.processed == 5
    assert sum(report.stats.kinds.values()) == 4
    with engine.connect() as conn:
        linked = {r[0] for r in conn.execute(sa.text("SELECT posting_id FROM posting_organizations"))}
        preview = organizations_preview(conn, DAY)
    assert linked == {r["posting_id"] for r in ROWS} - {poisoned}  # its batch-mate was linked one by one
    assert preview.startswith("| organization | kind | postings |") and "Poison" not in preview


def test_a_rerun_links_the_same_organizations(engine: sa.Engine) -> None:
    insert_postings(engine, DAY, ROWS)
    first = match_partition(engine, DAY, "run-1")
    with engine.connect() as conn:
        before = dict(
            conn.execute(sa.text("SELECT posting_id, organization_id FROM posting_organization_current")).all()
        )
    again = match_partition(engine, DAY, "run-2", batch_size=1)
    with engine.connect() as conn:
        after = dict(
            conn.execute(sa.text("SELECT posting_id, organization_id FROM posting_organization_current")).all()
        )
    assert not first.failures and not again.failures and after == before and len(before) == 5
    assert again.stats.created == 0
