"""Field parsers bound what they accept: out-of-range dates and amounts are dropped with a note, never stored."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from hirehound.ingestion import fields, salary
from hirehound.ingestion.layouts import load_layouts
from hirehound.ingestion.normalize import normalize_record
from hirehound.ingestion.readers import MAX_NESTING, read_scrape_file, shape_problem

DAY = date(2026, 11, 20)
DEFAULT = datetime(2026, 12, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00+14:00", "0001-01-01", "9999-12-31T23:59:59-14:00", "1899-05-01", "2040-01-01"]
)
def test_expiry_outside_the_sane_window_gets_the_default_horizon_and_a_note(value: str) -> None:
    notes: fields.Notes = []
    assert fields.parse_expiry(value, DAY, notes) == DEFAULT
    assert [name for name, _ in notes] == ["expires_at"]


def test_a_real_expiry_is_kept_in_utc() -> None:
    notes: fields.Notes = []
    assert fields.parse_expiry("2026-12-01T10:00:00+02:00", DAY, notes) == datetime(2026, 12, 1, 8, tzinfo=UTC)
    assert notes == []


@pytest.mark.parametrize("value", ["0001-01-01", "1970-01-01", 1e20, "99999999999999", float("inf")])
def test_posting_dates_out_of_range_are_dropped(value: object) -> None:
    assert fields.parse_date(value, DAY, []) is None


@pytest.mark.parametrize(("low", "high"), [(1e308, None), (None, "9" * 400), (50_000, 2e12), (float("inf"), None)])
def test_amounts_beyond_any_pay_drop_the_salary(low: object, high: object) -> None:
    notes: list[tuple[str, str]] = []
    assert salary.salary_from_fields(None, low, high, "USD", "yearly", notes=notes) == salary.EMPTY
    assert [name for name, _ in notes] == ["salary"]


def test_free_text_with_an_absurd_amount_is_dropped_too() -> None:
    notes: list[tuple[str, str]] = []
    assert salary.salary_from_fields("$" + "9" * 40 + "/yr", None, None, None, None, notes=notes) == salary.EMPTY
    assert notes


def test_normalize_lists_the_dropped_fields() -> None:
    record = normalize_record(
        {"title": "Cook", "url": "https://a.io/1", "expires_at": "0001-01-01T00:00:00+14:00", "salary_min": 1e308},
        scrape_date=DAY,
        raw_id="r:1",
    )
    assert record["expires_at"] == DEFAULT and record["salary_min"] is None
    assert sorted(name for name, _ in record["field_notes"]) == ["expires_at", "salary"]


def test_row_shape_is_checked_without_recursion() -> None:
    assert shape_problem({"a": [1, {"b": 2}]}) is None
    nested: list[object] = []
    for _ in range(5000):
        nested = [nested]
    assert "nested" in (shape_problem({"x": nested}) or "")
    assert "values" in (shape_problem({"x": list(range(200_000))}) or "")
    assert shape_problem({"x": [[[]]] * 3}) is None and MAX_NESTING >= 8


def test_a_deep_row_is_a_row_problem_and_the_others_are_read() -> None:
    good = json.dumps({"title": "A", "url": "https://a.io/1"})
    deep = '{"title": "B", "url": "https://a.io/2", "x": ' + "[" * 600 + "]" * 600 + "}"
    deeper = '{"title": "C", "x": ' + "[" * 50_000 + "]" * 50_000 + "}"
    read = read_scrape_file("d/indeed-a.jsonl", f"{good}\n{deep}\n{deeper}\n{good}\n".encode(), load_layouts())
    assert [n for n, _ in read.rows] == [1, 4]
    assert [(p.row_number, p.error_class) for p in read.problems] == [(2, "RowTooComplex"), (3, "RowTooComplex")]
