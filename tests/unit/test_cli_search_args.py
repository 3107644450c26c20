"""`hirehound search` refuses a bad --since or --limit with one line and exit code 2, before loading anything."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from hirehound.cli.main import app
from hirehound.cli.search_args import BadOption, check_limit, parse_since

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-01", date(2026, 11, 1)),
        ("2026-11-01T08:30:00Z", date(2026, 11, 1)),
        ("2026-11-01t08:30:00+02:00", date(2026, 11, 1)),
        ("yesterday", date(2026, 11, 19)),
        ("Today", TODAY),
        ("7 days ago", date(2026, 11, 13)),
        ("3d", date(2026, 11, 17)),
        ("2 weeks ago", date(2026, 11, 6)),
        (None, None),
    ],
)
def test_since_accepts_dates_people_type(text: str | None, expected: date | None) -> None:
    assert parse_since(text, TODAY) == expected


@pytest.mark.parametrize("text", ["last tuesday", "2026-13-01", "", "-5"])
def test_since_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(BadOption, match="--since"):
        parse_since(text, TODAY)


@pytest.mark.parametrize("limit", [0, -5, 1001])
def test_limit_out_of_range_is_refused(limit: int) -> None:
    with pytest.raises(BadOption, match="--limit"):
        check_limit(limit)


@pytest.mark.parametrize(
    ("args", "needle"),
    [(["search", "x", "--since", "last week"], "--since"), (["search", "x", "--limit", "-5"], "--limit")],
)
def test_the_command_prints_one_line_and_exits_2(args: list[str], needle: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    output = result.output.strip()
    assert output.startswith("error:") and needle in output and "\n" not in output
    assert "Traceback" not in output
