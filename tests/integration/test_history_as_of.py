"""History stays: expiry follows each board's own clock, and the catalogue as of a past date stays queryable."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from hirehound.maintenance.expiry import data_clock, expire_due_postings
from tests.integration.maintenance_fixtures import add_cluster, add_posting

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
HISTORY = date(2025, 3, 7)


def _status(conn: sa.Connection) -> dict[str, str]:
    return dict(conn.execute(sa.text("SELECT posting_id, status FROM postings")).all())  # type: ignore[arg-type]


def _as_of(conn: sa.Connection, day: date) -> list[str]:
    rows = conn.execute(sa.text("SELECT cluster_id FROM catalogue_as_of(:d) ORDER BY 1"), {"d": day})
    return [r[0] for r in rows]


def test_the_data_clock_is_the_end_of_the_newest_scrape_date_never_later_than_now() -> None:
    assert data_clock(HISTORY, NOW) == datetime(2025, 3, 8, tzinfo=UTC)
    assert data_clock(NOW.date(), NOW) == NOW
    assert data_clock(None, NOW) == NOW


def test_a_backfilled_historical_scrape_is_not_expired_by_the_wall_clock(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        old = add_posting(conn, "jobspy:1", seen=[HISTORY], source="jobspy", expires_at=NOW - timedelta(days=600))
        open_ended = add_posting(conn, "jobspy:2", seen=[HISTORY], source="jobspy")
        live = add_posting(conn, "indeed:1", seen=[NOW.date()])
        report = expire_due_postings(conn, NOW, "run-data")
        # the deadline (2025-04-02) lies after the end of jobspy's newest scrape date (2025-03-07): still open
        assert report.expired == 0 and report.clock == "data"
        assert report.clock_by_source == {"indeed": NOW.isoformat(), "jobspy": "2025-03-08T00:00:00+00:00"}
        assert set(_status(conn).values()) == {"active"}
        # the wall clock, on request, expires the history
        wall = expire_due_postings(conn, NOW, "run-wall", clock="wall")
        assert sorted(wall.expired_ids) == sorted([old, open_ended]) and _status(conn)[live] == "active"


def test_newer_scrapes_of_the_same_board_expire_what_they_no_longer_list(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        gone = add_posting(conn, "jobspy:gone", seen=[HISTORY], source="jobspy")
        kept = add_posting(conn, "jobspy:kept", seen=[HISTORY, HISTORY + timedelta(days=45)], source="jobspy")
        other_board = add_posting(conn, "indeed:h", seen=[HISTORY], source="indeed")
        add_posting(conn, "indeed:now", seen=[NOW.date()])
        report = expire_due_postings(conn, NOW, "run-data")
        # jobspy's clock is 2025-04-22: 'gone' has not been seen for 45 days there; indeed's clock is today
        assert report.expired_ids == sorted([gone, other_board])
        assert _status(conn)[kept] == "active"


def test_the_catalogue_as_of_a_past_date_keeps_expired_history(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        a = add_posting(conn, "jobspy:a", seen=[HISTORY], source="jobspy")
        b = add_posting(conn, "linkedin:a", seen=[HISTORY], source="linkedin")  # a duplicate of a
        late = add_posting(conn, "jobspy:late", seen=[HISTORY + timedelta(days=3)], source="jobspy")
        due = add_posting(
            conn, "jobspy:due", seen=[HISTORY], source="jobspy", expires_at=datetime(2025, 3, 5, tzinfo=UTC)
        )
        add_cluster(conn, "cl_hist", [a, b], HISTORY)
        add_cluster(conn, "cl_late", [late], HISTORY + timedelta(days=3))
        add_cluster(conn, "cl_due", [due], HISTORY)
        expire_due_postings(conn, NOW, "run-wall", clock="wall")
        assert set(_status(conn).values()) == {"expired"}
        # one row per cluster; not yet seen, or past its deadline, on that day: not in that day's catalogue
        assert _as_of(conn, HISTORY) == ["cl_hist"]
        assert _as_of(conn, HISTORY + timedelta(days=3)) == ["cl_hist", "cl_late"]
        assert _as_of(conn, HISTORY - timedelta(days=1)) == []
        assert _as_of(conn, HISTORY + timedelta(days=40)) == []  # unseen for 30 days by then
        row = conn.execute(sa.text("SELECT * FROM catalogue_as_of(:d)"), {"d": HISTORY}).mappings().one()
        assert row["posting_id"] == a and row["seen_on"] == HISTORY and row["title"] == "Engineer"
