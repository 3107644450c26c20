"""MinHash bands in Postgres: replaced when a posting's text changes, recomputed when the scheme changes, and
filled in for lookback postings that never got any, so the MinHash stage sees every posting of the window."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from hirehound.dedup.candidates import refresh_minhash_bands, refresh_window_bands, stage_new_table, text_candidates
from hirehound.dedup.minhash import SCHEME, text_band_keys
from hirehound.dedup.store import load_records
from tests.integration.dedup_fixtures import add_posting

pytestmark = pytest.mark.integration

D1, D2 = date(2026, 11, 20), date(2026, 11, 21)
TEXT = " ".join(f"task{i} with tool{i % 7} and team{i % 5}" for i in range(60))
OTHER = " ".join(f"shift{i} in ward{i % 9} near unit{i % 4}" for i in range(60))


def bands(engine, posting_id: str) -> set[int]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT band_key FROM posting_minhash_bands WHERE posting_id = :p"), {"p": posting_id}
        )
        return {r[0] for r in rows}


def test_bands_follow_the_text_and_the_scheme(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        a = add_posting(conn, D1, "indeed:1", description_text=TEXT)
        assert refresh_minhash_bands(conn, load_records(conn, [a]), "run1") == 1
        assert refresh_minhash_bands(conn, load_records(conn, [a]), "run2") == 0  # unchanged: nothing to do
    assert bands(engine, a) == set(text_band_keys(TEXT))
    with engine.begin() as conn:  # a later scrape edits the text: the old keys go, the new ones come
        add_posting(conn, D2, "indeed:1", description_text=OTHER)
        assert refresh_minhash_bands(conn, load_records(conn, [a]), "run3") == 1
    assert bands(engine, a) == set(text_band_keys(OTHER))
    with engine.begin() as conn:  # bands of another scheme are recomputed, not compared
        conn.execute(sa.text("UPDATE posting_minhash_state SET scheme = 'old'"))
        assert refresh_minhash_bands(conn, load_records(conn, [a]), "run4") == 1
        state = conn.execute(sa.text("SELECT scheme, band_keys FROM posting_minhash_state")).one()
    assert state.scheme == SCHEME and set(state.band_keys) == bands(engine, a)


def test_lookback_postings_without_bands_get_them_and_become_candidates(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        old = add_posting(conn, D1, "indeed:1", description_text=TEXT)  # its day never reached dedup
        new = add_posting(conn, D2, "linkedin:2", description_text=TEXT.replace("task3 ", "job3 "))
        records = load_records(conn, [new])
        refresh_minhash_bands(conn, records, "run")
        stage_new_table(conn, records)
        assert text_candidates(conn, D2, 60)["minhash"] == set()  # the lookback posting is invisible
        assert refresh_window_bands(conn, D2, 60, "run") == 1
        assert refresh_window_bands(conn, D2, 60, "run") == 0  # steady state: nothing missing
        assert text_candidates(conn, D2, 60)["minhash"] == {tuple(sorted((old, new)))}
