"""Embedding throughput and cache savings.

1. Texts/s of the pipeline's encoders (ONNX Runtime graphs exported with torch.onnx, length-sorted batches:
   `onnx` with attention/GELU/LayerNorm fused, `onnx-int8` with int8 weights per channel) vs plain
   `SentenceTransformer.encode` on the same real-length texts, side by side in one run: three alternating rounds,
   so a load spike on a shared machine hits all of them, with cosine agreement (mean and min) per round.
2. Model calls on a re-scrape where 1% of the texts changed (the embed-once cache against a real Postgres).
Texts: real descriptions from ../shared/data when present (about 500 chars each there), stitched to 180-250
tokens like full postings; otherwise synthetic sentences of the same length.
"""

from __future__ import annotations

import csv
import os
import random
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
SHARED = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real_samples" / "jobspy_export_2025-03-07.csv"
)


def real_length_texts(n: int) -> tuple[list[str], str]:
    rng = random.Random(5)
    pieces: list[str] = []
    origin = "synthetic"
    if SHARED.exists():
        with SHARED.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                text = row.get("Job Description") or ""
                if len(text) > 100:
                    pieces.append(text)
        origin = f"real ({SHARED.name}, {len(pieces)} descriptions stitched)"
    if not pieces:
        pieces = [" ".join(f"word{rng.randrange(5000)}" for _ in range(80)) for _ in range(50)]
    texts = []
    for i in range(n):
        parts = [pieces[(i + k * 7) % len(pieces)] for k in range(3)]
        texts.append(f"Posting {i}: " + " ".join(parts)[: rng.randint(900, 1300)])
    return texts, origin


def run(size: str = "small") -> str:
    from sentence_transformers import SentenceTransformer

    from hirehound.embeddings.encoder import EncoderSettings, default_model_path, encode

    n = 120 if size == "small" else 600
    rounds = 3
    texts, origin = real_length_texts(n)
    path = default_model_path()
    plain = SentenceTransformer(path, device="cpu")
    plain.max_seq_length = 256
    backends = {name: EncoderSettings(model_path=path, backend=name, batch_size=32) for name in ("onnx", "onnx-int8")}
    for settings in backends.values():
        encode(settings, texts[:4])  # load (and export once) outside the timing
    plain.encode(texts[:4])
    lines = [
        "## Embeddings",
        f"Texts: {n} x ~{int(np.mean([len(x) for x in texts]))} chars, {origin}; {os.cpu_count()} CPU cores; "
        f"{rounds} alternating rounds in one process (plain, then each backend).",
        "",
        "| round | plain SentenceTransformer.encode texts/s | `onnx` (fused fp32) texts/s, speed-up, cosine "
        "mean / min | `onnx-int8` (int8 per channel, default, one text per call) texts/s, speed-up, cosine "
        "mean / min |",
        "|---|---|---|---|",
    ]
    ratios: dict[str, list[float]] = {name: [] for name in backends}
    for r in range(rounds):
        t = time.perf_counter()
        ref = plain.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
        t_plain = time.perf_counter() - t
        cells = []
        for name, settings in backends.items():
            t = time.perf_counter()
            got = encode(settings, texts)
            seconds = time.perf_counter() - t
            cos = (ref * got).sum(axis=1)
            ratios[name].append(t_plain / seconds)
            cells.append(f"{n / seconds:.1f}, {t_plain / seconds:.2f}x, {cos.mean():.4f} / {cos.min():.4f}")
        lines.append(f"| {r + 1} | {n / t_plain:.1f} | " + " | ".join(cells) + " |")
    for name, values in ratios.items():
        lines.append(
            f"\n`{name}`: speed-up {min(values):.2f}x to {max(values):.2f}x, median {float(np.median(values)):.2f}x."
        )
    lines += [
        "",
        _rescrape(texts[: min(n, 200)]),
    ]
    return "\n".join(lines)


def _rescrape(texts: list[str]) -> str:
    """1% of a re-scrape's texts changed: only those reach the model."""
    from bench.harness import bench_environment
    from hirehound.db.engine import get_engine
    from hirehound.embeddings.cache import embed_texts_cached_with_stats

    class Counting:
        model_id = "bench-fake:seq256:torch"
        calls = 0

        def encode(self, batch: list[str]) -> np.ndarray:
            Counting.calls += len(batch)
            v = np.random.default_rng(len(batch)).standard_normal((len(batch), 384)).astype(np.float32)
            return v / np.linalg.norm(v, axis=1, keepdims=True)

    with bench_environment("hhembbench"):
        engine = get_engine()
        with engine.begin() as conn:
            embed_texts_cached_with_stats(conn, Counting(), texts)
        first = Counting.calls
        changed = list(texts)
        k = max(1, len(texts) // 100)
        for i in range(k):
            changed[i * 97 % len(texts)] += " (updated)"
        with engine.begin() as conn:
            _, stats = embed_texts_cached_with_stats(conn, Counting(), changed)
        engine.dispose()
    return (
        f"Re-scrape with 1% changed: first scrape {first} model calls for {len(texts)} texts; re-scrape "
        f"{Counting.calls - first} model calls ({k} texts changed), {stats.reused} reused from the cache."
    )


if __name__ == "__main__":
    import sys

    print(run(sys.argv[1] if len(sys.argv) > 1 else "small"))
