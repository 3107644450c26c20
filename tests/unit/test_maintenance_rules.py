"""Plain maintenance rules: expiry, daily statistics, closed-page markers, host interleaving, index bloat."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hirehound.maintenance.expiry import expiry_reason
from hirehound.maintenance.indexes import IndexInfo, bloated, estimate_btree_bytes
from hirehound.maintenance.markers import closed_marker
from hirehound.maintenance.revalidation import interleave_by_host
from hirehound.publication.daily_stats import Expiry, Sighting, compute_stats
from hirehound.publication.volume_chart import markdown_image, volume_chart_png

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def test_expiry_reason() -> None:
    today = NOW.date()
    assert expiry_reason(None, today, NOW) is None
    assert expiry_reason(None, today - timedelta(days=30), NOW) is None  # exactly 30 days: still active
    assert expiry_reason(None, today - timedelta(days=31), NOW) == "not_seen"
    assert expiry_reason(None, today - timedelta(days=8), NOW, max_unseen_days=7) == "not_seen"
    assert expiry_reason(NOW, today, NOW) == "past_expires_at"
    assert expiry_reason(NOW + timedelta(seconds=1), today, NOW) is None
    assert expiry_reason(NOW - timedelta(days=1), today - timedelta(days=90), NOW) == "past_expires_at"


def test_stats_count_unique_jobs_by_cluster_and_split_by_board_and_country() -> None:
    sightings = [
        Sighting("p1", "indeed", "US", "c1", True, False),
        Sighting("p2", "linkedin", "US", "c1", True, False),  # duplicate of p1 on another board
        Sighting("p3", "indeed", "GB", "c3", False, True),
        Sighting("p4", "indeed", "", "", True, False),  # no cluster yet: its own job; unknown country
    ]
    rows = {(r.dimension, r.value): r for r in compute_stats(sightings, [Expiry("indeed", "US")])}
    total = rows[("all", "")]
    assert (total.postings_seen, total.new_postings, total.unique_jobs, total.duplicates) == (4, 3, 3, 1)
    assert total.posting_intensity == round(4 / 3, 4) and total.expired == 1 and total.spam == 1
    assert rows[("board", "indeed")].unique_jobs == 3 and rows[("board", "linkedin")].unique_jobs == 1
    assert rows[("country", "US")].duplicates == 1 and rows[("country", "US")].expired == 1
    assert rows[("country", "unknown")].postings_seen == 1
    assert sum(r.postings_seen for (d, _), r in rows.items() if d == "board") == total.postings_seen


def test_stats_of_an_empty_day_still_have_a_total_row() -> None:
    rows = compute_stats([], [Expiry("glassdoor", "DE")])
    assert [(r.dimension, r.value) for r in rows] == [("all", ""), ("board", "glassdoor"), ("country", "DE")]
    assert rows[0].postings_seen == 0 and rows[0].posting_intensity == 0.0 and rows[0].expired == 1


def test_closed_markers_ignore_markup_and_open_descriptions() -> None:
    assert closed_marker("<div>This position has<br> been filled</div>") == "this position has been filled"
    assert closed_marker("<p>Diese Stelle ist nicht mehr verfügbar</p>") is not None
    assert closed_marker("<p>Great communication skills. No longer than 2 pages CV.</p>") is None
    assert closed_marker('<script>var s="this job has expired"</script><p>Open role</p>') is None


def test_interleave_by_host_round_robins() -> None:
    items = [("1", "https://a.com/1"), ("2", "https://a.com/2"), ("3", "https://b.com/3"), ("4", "https://a.com/4")]
    assert [pid for pid, _ in interleave_by_host(items)] == ["1", "3", "2", "4"]


def test_index_bloat_estimate() -> None:
    fresh = estimate_btree_bytes(100_000, 8)  # 100k bigint keys: roughly 2.5 MB
    assert 2_000_000 < fresh < 3_500_000
    assert bloated(IndexInfo("i", "t", "btree", fresh * 3, fresh, 3.0))
    assert not bloated(IndexInfo("i", "t", "btree", fresh, fresh, 1.0))
    assert not bloated(IndexInfo("small", "t", "btree", 64_000, 8192, 7.8))  # too small to matter
    assert not bloated(IndexInfo("gin", "t", "gin", 10**8, None, None))


def test_chart_is_a_png_data_uri() -> None:
    history = [
        {
            "partition_date": date(2026, 11, d),
            "postings_seen": d * 10,
            "unique_jobs": d * 7,
            "new_postings": d,
            "expired": 1,
        }
        for d in range(1, 8)
    ]
    png = volume_chart_png(history)
    assert png.startswith(b"\x89PNG")
    assert markdown_image(png).startswith("![posting volume, last 30 days](data:image/png;base64,iVBOR")
