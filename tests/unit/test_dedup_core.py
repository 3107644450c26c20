"""Dedup building blocks without a database: MinHash keys, pair verdicts and types, anti-chaining, stable ids."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import numpy as np

from hirehound.dedup.clustering import Edge, build_clusters, canonical_of, connected_groups, pair_key
from hirehound.dedup.minhash import band_keys, jaccard, shingle_hashes, signatures, text_band_keys, texts_band_keys
from hirehound.dedup.records import PostingRecord
from hirehound.dedup.scoring import DedupSettings, decide
from hirehound.dedup.signals import compute_signals
from hirehound.embeddings.posting_text import embedding_text

random.seed(7)
VOCAB = [f"word{i}" for i in range(3000)]
BODY = " ".join(random.choice(VOCAB) for _ in range(250))
D0 = date(2026, 11, 20)


# Each posting on its own board by default: two listings of one board at the same time are two jobs.
def rec(pid: str, **kw: object) -> PostingRecord:
    base: dict[str, object] = dict(
        posting_id=pid, source=f"board{pid}", title="Senior Data Engineer", description=BODY, content_hash="h1",
        first_seen=D0, last_seen=D0, organization_id="org_a", city="Berlin", country_code="DE",
    )  # fmt: skip
    base.update(kw)
    return PostingRecord(**base)  # type: ignore[arg-type]


def test_shingles_are_five_word_runs_and_keys_are_stable_64_bit() -> None:
    assert len(shingle_hashes("a b c d e f")) == 2  # "a b c d e", "b c d e f"
    assert len(shingle_hashes("a b c")) == 1  # a text shorter than a shingle is one shingle
    assert jaccard(shingle_hashes("a b c d e f"), shingle_hashes("A, b c d e! f")) == 1.0  # words, not punctuation
    assert jaccard(shingle_hashes("a b c d e"), shingle_hashes("e d c b a")) == 0.0  # word order matters
    keys = text_band_keys(BODY)
    assert keys == text_band_keys(BODY) and len(keys) == 20
    assert all(-(2**63) <= k < 2**63 for k in keys)
    assert text_band_keys("") == [] and text_band_keys("  ...  ") == []


def test_band_keys_do_not_depend_on_the_batch_a_text_is_in() -> None:
    others = [" ".join(random.Random(i).choice(VOCAB) for _ in range(300)) for i in range(40)]
    alone = text_band_keys(BODY)
    assert texts_band_keys([*others[:25], BODY, "", *others[25:]])[25] == alone


def test_minhash_agreement_estimates_jaccard() -> None:
    rng = random.Random(3)
    base = [rng.choice(VOCAB) + str(rng.randrange(10**6)) for _ in range(400)]
    edited = [w if rng.random() > 0.1 else "zz" + str(i) for i, w in enumerate(base)]
    a, b = shingle_hashes(" ".join(base)), shingle_hashes(" ".join(edited))
    sig = signatures([a, b])
    assert abs(float((sig[0] == sig[1]).mean()) - jaccard(a, b)) < 0.12


def test_near_duplicates_share_a_band_and_unrelated_texts_do_not() -> None:
    words = BODY.split()
    near = " ".join(w if i % 40 else "changed" for i, w in enumerate(words))
    other = " ".join(random.choice(VOCAB) for _ in range(250))
    assert jaccard(shingle_hashes(BODY), shingle_hashes(near)) > 0.6
    assert set(text_band_keys(BODY)) & set(text_band_keys(near))
    assert not set(text_band_keys(BODY)) & set(text_band_keys(other))
    assert sorted(set(band_keys(signatures([shingle_hashes(BODY)]))[0].tolist())) == text_band_keys(BODY)


def test_same_text_same_employer_same_day_is_full_and_later_is_temporal() -> None:
    v = decide(compute_signals(rec("a"), rec("b", source="linkedin")))
    assert v.accepted and v.duplicate_type == "FULL"
    later = rec("c", first_seen=D0 + timedelta(days=20), last_seen=D0 + timedelta(days=20))
    v = decide(compute_signals(rec("a"), later), DedupSettings(repost_days=7))
    assert v.accepted and v.duplicate_type == "TEMPORAL"


def test_template_postings_in_other_cities_and_other_employers_are_not_duplicates() -> None:
    assert not decide(compute_signals(rec("a"), rec("b", city="Munich"))).accepted
    assert not decide(compute_signals(rec("a"), rec("b", country_code="AT", city="Berlin"))).accepted
    verdict = decide(compute_signals(rec("a"), rec("b", organization_id="org_b")))
    assert not verdict.accepted and "organizations" in verdict.reason


def test_same_ats_job_is_a_duplicate_even_with_another_title() -> None:
    a = rec("a", ats_key="greenhouse:acme:123")
    b = rec(
        "b", ats_key="greenhouse:acme:123", title="Data Platform Engineer", description="short text", content_hash="x"
    )
    v = decide(compute_signals(a, b))
    assert v.accepted and "ats" in v.reason


def test_partly_changed_text_is_partial_and_reworded_text_is_semantic() -> None:
    words = BODY.split()
    half = " ".join(words[:150] + [random.choice(VOCAB) for _ in range(100)])
    v = decide(compute_signals(rec("a"), rec("b", description=half, content_hash="h2")))
    assert v.accepted and v.duplicate_type == "PARTIAL"
    vec = np.ones(384, dtype=np.float32) / np.sqrt(384)
    reworded = rec("b", description=" ".join(random.choice(VOCAB) for _ in range(250)), content_hash="h3", vector=vec)
    v = decide(compute_signals(rec("a", vector=vec), reworded))
    assert v.accepted and v.duplicate_type == "SEMANTIC"
    far = vec.copy()
    far[:192] *= -1
    v = decide(
        compute_signals(rec("a", vector=vec), rec("b", description=reworded.description, content_hash="h3", vector=far))
    )
    assert not v.accepted


def test_incompatible_salaries_block_a_near_duplicate() -> None:
    a = rec("a", salary_min=50000.0, salary_max=60000.0, salary_currency="EUR")
    b = rec("b", salary_min=120000.0, salary_max=150000.0, salary_currency="EUR", content_hash="h9")
    assert not decide(compute_signals(a, b)).accepted


def test_anti_chaining_requires_a_match_with_the_anchor() -> None:
    recs = [rec("a"), rec("b", first_seen=D0 + timedelta(days=1)), rec("c", first_seen=D0 + timedelta(days=2))]
    edges = {pair_key("a", "b"): Edge("FULL", 1.0), pair_key("b", "c"): Edge("PARTIAL", 0.8)}
    clusters = build_clusters(recs, edges)
    assert [c.members for c in clusters] == [["a", "b"], ["c"]]
    assert connected_groups(["a", "b", "c"], edges) == [{"a", "b", "c"}]


def test_cluster_ids_do_not_depend_on_the_order_postings_arrive_in() -> None:
    recs = [rec(f"p{i}", first_seen=D0 + timedelta(days=i % 3)) for i in range(6)]
    edges = {pair_key(a, b): Edge("FULL", 1.0) for a, b in itertools.combinations(["p0", "p1", "p3", "p4"], 2)}
    edges[pair_key("p2", "p5")] = Edge("TEMPORAL", 0.9)
    expected = {tuple(c.members): c.cluster_id for c in build_clusters(recs, edges)}
    for perm in itertools.permutations(recs):
        got = {tuple(c.members): c.cluster_id for c in build_clusters(list(perm), edges)}
        assert got == expected
    assert expected[("p0", "p3", "p1", "p4")] == "cl_p0"  # earliest seen, then smallest id


def test_canonical_is_earliest_then_most_complete() -> None:
    thin = rec("a", description="short")
    full = rec("b")
    later = rec("0", first_seen=D0 + timedelta(days=1))
    assert canonical_of([thin, full, later]).posting_id == "b"


def test_embedding_text_combines_title_place_and_description_start() -> None:
    text = embedding_text("Data  Engineer", "Berlin, DE", "x" * 5000)
    assert text.startswith("Data Engineer | Berlin, DE\n") and len(text) == len("Data Engineer | Berlin, DE\n") + 1000
    assert embedding_text(None, "Berlin", "  ") == ""
    assert embedding_text("Nurse", None, None) == "Nurse"
