"""`hirehound backfill`: a date range becomes the scrape dates that exist in it, and bad ranges say why."""

from datetime import date

import pytest
import typer

from hirehound.cli.backfill_cmd import dates_to_backfill, parse_range


def test_a_range_keeps_dates_with_files_or_partitions_only() -> None:
    files = [date(2026, 11, 18), date(2026, 11, 20), date(2026, 11, 20), date(2026, 12, 1)]
    keys = dates_to_backfill(date(2026, 11, 17), date(2026, 11, 21), files, ["2026-11-19", "2025-03-07"])
    assert keys == ["2026-11-18", "2026-11-19", "2026-11-20"]


def test_bad_ranges_are_refused_with_the_reason() -> None:
    assert parse_range("2026-11-18", "2026-11-18") == (date(2026, 11, 18), date(2026, 11, 18))
    with pytest.raises(typer.BadParameter, match="after --to"):
        parse_range("2026-11-20", "2026-11-18")
    with pytest.raises(typer.BadParameter, match="not a date"):
        parse_range("yesterday", "2026-11-18")
