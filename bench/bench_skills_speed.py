"""Where `posting_skills` spends its time, with full ESCO, in this process: the first-day ESCO vector build, then
`extract_partition` on a 200- and a 2,000-posting demo day, cold (phrases new to the cache) and warm (a re-run),
split by part under cProfile; and whether the daily job's re-run of an unchanged day skips the step.

    PYTHONPATH=$PWD HF_HUB_OFFLINE=1 .venv/bin/python -m bench.bench_skills_speed [--keep DIR] [--rows OUT.jsonl]

`--keep DIR` keeps the embedded database (with its ESCO vectors) for the next run, so only the first run pays
for the vector build; `--rows` writes every posting_skills row of both days (sorted), to compare two commits.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import time
from datetime import date
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from bench.harness import bench_environment, run_daily_job
from hirehound.embeddings.cache import text_hash

DAYS = {200: date(2026, 11, 2), 2000: date(2026, 11, 3)}
# Functions whose cumulative time is one part of the step (cProfile names: file suffix, function).
PARTS = {
    "phrase extraction": [("spans.py", "phrases")],
    "literal matching": [("finder.py", "_literal")],
    "cache lookup SQL": [("cache.py", "lookup")],
    "embedding new phrases": [("cache.py", "_encode_chunk")],
    "cache store (COPY)": [("cache.py", "store")],
    "similarity product": [("linker.py", "similarities"), ("linker.py", "best_concepts")],
    "rank_sentences / best_per_sentence": [("linker.py", "rank_sentences"), ("linker.py", "best_per_sentence")],
    "link": [("linker.py", "link")],
    "building rows": [("pipeline.py", "_rows")],
    "write (replace_partition)": [("partition_replace.py", "replace_partition")],
    "taxonomy sync": [("pipeline.py", "sync_taxonomy")],
}


def parts(profile: cProfile.Profile) -> dict[str, float]:
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    out = {}
    for part, names in PARTS.items():
        out[part] = sum(
            ct for (file, _, func), (_, _, _, ct, _) in stats.items() for suffix, name in names
            if file.endswith(suffix) and func == name
        )  # fmt: skip
    return out


def dump_rows(url: str, day: date) -> list[str]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT posting_id, skill_id, label, mention_count, mentions::text, in_title, score, esco_uri, "
                "methods FROM posting_skills WHERE partition_date = :p ORDER BY posting_id, skill_id"
            ),
            {"p": day},
        ).all()
    engine.dispose()
    return [json.dumps([str(v) for v in r]) for r in rows]


def extract(day: date) -> tuple[float, dict[str, float], dict[str, object]]:
    from hirehound.db.engine import get_engine
    from hirehound.skills.pipeline import esco_csv_path, extract_partition, finder_for
    from resources.embedding_model import EmbeddingModelResource

    engine = get_engine()
    encoder = EmbeddingModelResource()
    with engine.begin() as conn:
        finder = finder_for(conn, encoder, esco_csv_path(""))
    profile = cProfile.Profile()
    started = time.perf_counter()
    with engine.begin() as conn:
        profile.enable()
        report = extract_partition(conn, day, finder, None)
        profile.disable()
    seconds = time.perf_counter() - started
    facts = {"postings": report.postings, "rows": report.rows, "phrases": report.phrases,
             "phrases_embedded": report.phrases_embedded}  # fmt: skip
    return seconds, parts(profile), facts


def ingest(key: str) -> None:
    """The day's raw and normalized postings only, so the skills step after it starts cold."""
    from hirehound_assets.definitions import defs
    from hirehound_assets.partitions import instance_with_scrape_dates

    job = defs.resolve_job_def("daily_pipeline_job")
    result = job.execute_in_process(
        partition_key=key,
        instance=instance_with_scrape_dates(key),
        op_selection=["raw_postings", "normalized_postings"],
    )
    assert result.success


class HashVectors:
    """A stand-in encoder: a unit vector seeded by each text's hash (the writes cost the same, no model time)."""

    model_id = "bench-hash-vectors"

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = [np.random.default_rng(int(text_hash(t)[:15], 16)).standard_normal(384) for t in texts]
        matrix = np.asarray(rows, dtype=np.float32)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def esco_writes() -> None:
    """The first ESCO build's database side alone (encoder replaced), on a fresh database: as built now (no
    vector index), and with the HNSW indexes the tables had before migration 0011."""
    from hirehound.db.engine import get_engine
    from hirehound.skills import esco_vectors
    from hirehound.skills.pipeline import esco_csv_path, extractor_for

    wanted = esco_vectors.concepts(extractor_for(esco_csv_path("")).taxonomy)
    for variant in ("no vector index (now)", "HNSW indexes (before 0011)"):
        with bench_environment("hhescow") as env:
            engine = get_engine(env.database_url)
            if variant.startswith("HNSW"):
                with engine.begin() as conn:
                    for table in ("phrase_embeddings", "esco_skill_vectors"):
                        conn.execute(sa.text(f"CREATE INDEX ON {table} USING hnsw (embedding vector_cosine_ops)"))
            encoder = HashVectors()
            profile = cProfile.Profile()
            started = time.perf_counter()
            with engine.begin() as conn:
                profile.enable()
                embedded = esco_vectors.ensure(conn, encoder, wanted)
                profile.disable()
            seconds = time.perf_counter() - started
            split = parts(profile)
            encode = split["embedding new phrases"]
            print(
                f"ESCO first build, {variant}: {seconds:.1f} s for {embedded} texts, of which stand-in encoder "
                f"{encode:.1f} s, cache COPY+INSERT {split['cache store (COPY)']:.1f} s, vector table and the "
                f"rest {seconds - encode - split['cache store (COPY)']:.1f} s; load {os.getloadavg()}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--rows", type=Path)
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument("--job", action="store_true", help="then the daily job twice: does the re-run skip?")
    parser.add_argument(
        "--forget-phrases", action="store_true", help="empty the phrase cache first, so the first extract is cold"
    )
    parser.add_argument("--esco-writes", action="store_true", help="only the ESCO build's writes, fresh database")
    args = parser.parse_args()
    if args.esco_writes:
        esco_writes()
        return
    os.environ.pop("HIREHOUND_ESCO_CSV", None)  # full ESCO from the wheel
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"load average at start: {os.getloadavg()}")
    with bench_environment("hhskills", keep=args.keep) as env:
        from hirehound.db.engine import get_engine
        from hirehound.skills.pipeline import esco_csv_path, finder_for
        from resources.embedding_model import EmbeddingModelResource

        engine = get_engine(env.database_url)
        profile = cProfile.Profile()
        started = time.perf_counter()
        with engine.begin() as conn:
            profile.enable()
            finder = finder_for(conn, EmbeddingModelResource(), esco_csv_path(""))
            profile.disable()
        assert finder.vectors is not None
        build = parts(profile)
        print(
            f"ESCO vectors: {time.perf_counter() - started:.1f} s, {finder.vectors.embedded} texts embedded "
            f"(encode {build['embedding new phrases']:.1f} s, cache lookup {build['cache lookup SQL']:.1f} s, "
            f"cache COPY {build['cache store (COPY)']:.1f} s), load {os.getloadavg()}"
        )
        from hirehound.demo import generate_scrapes

        if args.forget_phrases:
            with engine.begin() as conn:
                conn.execute(sa.text("TRUNCATE phrase_embeddings"))  # this bench's own database only

        rows: list[str] = []
        for size in sizes:
            day = DAYS[size]
            with engine.connect() as c:
                have = c.execute(
                    sa.text("SELECT count(*) FROM normalized_postings WHERE partition_date = :p"), {"p": day}
                ).scalar_one()
            if not have:
                generate_scrapes(env.landing, days=1, per_day=size, seed=11, start=day, truth_path=env.truth)
                ingest(day.isoformat())
            for label in ("extract, cold (phrases new)", "extract again (phrases cached)"):
                seconds, split, facts = extract(day)
                print(f"{size}: {label}: {seconds:.1f} s {facts}, load {os.getloadavg()}")
                for part, t in split.items():
                    print(f"    {part:36s} {t:7.2f} s")
            if args.job:
                job = run_daily_job(day.isoformat())
                print(f"{size}: daily job {job.seconds:.1f} s, steps {json.dumps(job.steps)}, load {os.getloadavg()}")
                again = run_daily_job(day.isoformat())
                print(
                    f"{size}: re-run {again.seconds:.1f} s, posting_skills skipped: {again.skipped['posting_skills']}"
                )
            rows += [f"{day} {r}" for r in dump_rows(env.database_url, day)]
        if args.rows:
            args.rows.write_text("\n".join(rows) + "\n")
            print(f"{len(rows)} rows written to {args.rows}")


if __name__ == "__main__":
    main()
