"""Skill extraction: aliases, word boundaries, offsets, case-sensitive words, generic false positives, ESCO CSVs."""

from __future__ import annotations

from pathlib import Path

import pytest

from hirehound.skills.evaluation import labels_to_ids, read_labels, score
from hirehound.skills.extractor import SkillExtractor
from hirehound.skills.taxonomy import load_curated, load_taxonomy, merge_esco, read_esco_csv

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def extractor() -> SkillExtractor:
    return SkillExtractor(load_curated())


def ids(extractor: SkillExtractor, text: str, title: str = "") -> set[str]:
    return extractor.skill_ids(title, text)


def test_aliases_map_to_one_skill_with_offsets(extractor: SkillExtractor) -> None:
    text = "Run k8s and Kubernetes on Postgres / PostgreSQL."
    mentions = extractor.extract(None, text)
    assert [(m.skill_id, m.surface) for m in mentions] == [
        ("tech.kubernetes", "k8s"), ("tech.kubernetes", "Kubernetes"),
        ("tech.postgresql", "Postgres"), ("tech.postgresql", "PostgreSQL"),
    ]  # fmt: skip
    assert all(text[m.start : m.end] == m.surface for m in mentions)
    assert {m.label for m in mentions} == {"Kubernetes", "PostgreSQL"}


def test_word_boundaries(extractor: SkillExtractor) -> None:
    assert ids(extractor, "JavaScript only") == {"tech.javascript"}  # no Java inside JavaScript
    assert ids(extractor, "our R&D lab") == set()  # no R in R&D
    assert ids(extractor, "C# and C++ and plain C.") == {"tech.csharp", "tech.cpp", "tech.c"}
    assert ids(extractor, "pythonic code") == set()


def test_longest_match_and_variants(extractor: SkillExtractor) -> None:
    assert ids(extractor, "test automation") == {"tech.test_automation"}
    assert ids(extractor, "Cold-Calling and cold  calling") == {"biz.cold_calling"}
    text = "fast\\-growing team using machine\\-learning"  # markdown escapes, offsets into the escaped text
    (m,) = extractor.extract(None, text)
    assert m.skill_id == "tech.ml" and text[m.start : m.end] == "machine\\-learning"


def test_case_sensitive_words(extractor: SkillExtractor) -> None:
    assert ids(extractor, "We write Go services") == {"tech.go"}
    assert ids(extractor, "you will go to clients") == set()
    assert ids(extractor, "Experience with AI tools", "") == {"tech.ai"}


def test_generic_false_positives_dropped(extractor: SkillExtractor) -> None:
    assert ids(extractor, "Our communications department is hiring.") == set()
    assert ids(extractor, "Join the Sales team.") == set()
    assert ids(extractor, "You will work closely with Sales, Marketing and Legal.") == set()
    assert ids(extractor, "Strong communication skills. Sales experience required.") == {
        "soft.communication", "biz.sales",
    }  # fmt: skip
    assert ids(extractor, "", title="Sales Coordinator") == {"biz.sales"}  # titles are not sentences


def test_esco_csv_formats_and_merge(tmp_path: Path) -> None:
    export = tmp_path / "skills_en.csv"
    export.write_text(
        "conceptUri,preferredLabel,altLabels\n"
        'http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742,SQL,"structured query language"\n'
        'http://data.europa.eu/esco/skill/aaaa,manage a team,"lead a team\nsupervise a team"\n'
        "http://data.europa.eu/esco/skill/bbbb,Haskell (computer programming),\n",
        encoding="utf-8",
    )
    skills = read_esco_csv(export)
    assert [s.skill_id for s in skills] == ["esco.598de5b0-5b58-4ea7-8058-a4bc4d18c742", "esco.aaaa", "esco.bbbb"]
    assert skills[1].alt_labels == ("lead a team", "supervise a team")
    taxonomy = merge_esco(load_curated(), skills)
    assert "esco.598de5b0-5b58-4ea7-8058-a4bc4d18c742" not in taxonomy.skills  # merged into the curated SQL
    assert "structured query language" in taxonomy.skills["tech.sql"].alt_labels
    ex = SkillExtractor(taxonomy)
    assert ex.skill_ids("", "Structured Query Language, Haskell; you lead a team") == {
        "tech.sql", "esco.bbbb", "esco.aaaa",
    }  # fmt: skip
    simple = tmp_path / "simple.csv"
    simple.write_text("id,label\ncccc,operate forklift\n", encoding="utf-8")
    assert len(load_taxonomy(simple)) == len(load_curated()) + 1
    combined = tmp_path / "bad.csv"  # the wheel's id,description layout is read now (tests/unit/test_skills_esco.py)
    combined.write_text("uri,name\nx,a b c\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not an ESCO skills CSV"):
        read_esco_csv(combined)


def test_scoring_counts_unknown_labels_as_misses() -> None:
    taxonomy = load_curated()
    gold = labels_to_ids({"a": ["Python", "k8s", "basket weaving"], "b": []}, taxonomy)
    assert gold["a"] == {"tech.python", "tech.kubernetes", "unknown:basket weaving"}
    s = score({"a": {"tech.python", "tech.sql"}, "b": {"tech.go"}}, gold)
    assert (s.true_positives, s.false_positives, s.false_negatives) == (1, 2, 2)
    assert s.precision == pytest.approx(1 / 3) and s.recall == pytest.approx(1 / 3)


def test_hand_labelled_real_postings(shared_data: Path) -> None:
    """The curated vocabulary on real postings (labels in bench/skills_labels.csv) stays well above Nesta's 0.586."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from bench_skills import real_postings

    taxonomy = load_curated()
    postings = real_postings()
    gold = labels_to_ids(read_labels(ROOT / "bench" / "skills_labels.csv"), taxonomy)
    ex = SkillExtractor(taxonomy)
    s = score({rid: ex.skill_ids(*postings[rid]) for rid in gold}, gold)
    assert s.postings == 61
    assert s.f1 >= 0.75 and s.precision >= 0.75
