"""Hybrid search over canonical postings of open clusters: one row per cluster, relevant jobs first, filters."""

from __future__ import annotations

import pytest

from hirehound.search.hybrid import SearchFilters, rrf, search
from resources.embedding_model import EmbeddingModelResource
from tests.integration.test_dedup_clusters import D1, D2, run, seed

pytestmark = pytest.mark.integration


def test_rrf_rewards_agreement() -> None:
    fused = rrf(["a", "b", "c"], ["b", "x"])
    assert max(fused, key=lambda k: fused[k]) == "b"


def test_search_returns_one_row_per_cluster(engine, database) -> None:  # type: ignore[no-untyped-def]
    ids = seed(engine)
    assert run(database, D1).success and run(database, D2).success
    model = EmbeddingModelResource()
    query = "data engineer python pipelines dagster"
    with engine.begin() as conn:
        hits = search(conn, model.encode([query])[0], model.model_id, query, SearchFilters(), limit=5)
        nurse = search(conn, model.encode(["cardiology nurse"])[0], model.model_id, "nurse", SearchFilters(), 3)
        munich = search(conn, model.encode(["supervisor"])[0], model.model_id, "supervisor", SearchFilters("Munich"), 5)
    clusters = [h.cluster_id for h in hits]
    assert len(clusters) == len(set(clusters))
    assert hits[0].cluster_id in (f"cl_{ids['a1']}", f"cl_{ids['beta']}")
    assert f"cl_{ids['a2']}" not in clusters  # the LinkedIn copy is folded into the Indeed posting's cluster
    acme = next(h for h in hits if h.cluster_id == f"cl_{ids['a1']}")
    assert acme.boards == ["indeed", "linkedin"] and acme.organization == "Acme"
    assert nurse[0].cluster_id == f"cl_{ids['ats1']}"
    assert [h.cluster_id for h in munich] == [f"cl_{ids['t_munich']}"]


def test_filters_reach_past_the_first_page_of_candidates(engine) -> None:  # type: ignore[no-untyped-def]
    """Details are read for the best-ranked candidates first; a filter that only a low-ranked entry passes must
    still find it (the catalogue here: 39 nurse jobs in Berlin ranked above one in Munich)."""
    import numpy as np
    import sqlalchemy as sa

    rows = [(f"cl_{i:02d}", "Nurse", "Berlin", "Nurse for our ward.") for i in range(39)]
    rows.append(("cl_munich", "Ward assistant", "Munich", "Support the nurse team on the ward."))
    with engine.begin() as conn:
        for cid, title, city, snippet in rows:
            conn.execute(
                sa.text(
                    "INSERT INTO published_postings (cluster_id, posting_id, partition_date, title, location, "
                    "description_snippet, search_tsv, rank_tsv) VALUES (:c, :c, '2026-11-20', :t, :l, :s, "
                    "to_tsvector('english', :t || ' ' || :s), "
                    "setweight(to_tsvector('english', :t), 'A') || setweight(to_tsvector('english', :s), 'D'))"
                ),
                {"c": cid, "t": title, "l": city, "s": snippet},
            )
        query = np.zeros(384, dtype=np.float32)
        query[0] = 1.0
        everyone = search(conn, query, "no-such-model", "nurse", SearchFilters(), limit=40)
        munich = search(conn, query, "no-such-model", "nurse", SearchFilters(location="Munich"), limit=1)
    assert len(everyone) == 40 and everyone[-1].cluster_id == "cl_munich"
    assert [h.cluster_id for h in munich] == ["cl_munich"]


def test_neighbours_are_posting_texts_not_other_cached_texts(engine, database) -> None:  # type: ignore[no-untyped-def]
    """The cache also holds organization profiles (and old skill phrases): 300 of them nearer to the query than any
    posting must not push the postings out of the vector list."""
    import sqlalchemy as sa

    from hirehound.embeddings.cache import store, text_hash

    ids = seed(engine)
    assert run(database, D1).success and run(database, D2).success
    model = EmbeddingModelResource()
    query = "cardiology nurse"
    vector = model.encode([query])[0]
    crowd = {text_hash(f"not a posting {i}"): vector for i in range(300)}  # distance 0: nearer than every posting
    with engine.begin() as conn:
        store(conn, model.model_id, crowd)
        postings = conn.execute(sa.text("SELECT count(*) FROM posting_embeddings")).scalar_one()
        hits = search(conn, vector, model.model_id, "zzzqqq", SearchFilters(), limit=3)  # no keyword match
    assert postings > 0 and hits, "the vector list found no posting behind the crowd"
    assert hits[0].cluster_id == f"cl_{ids['ats1']}"
