"""Embedding throughput and cache savings.

1. Texts/s of the pipeline's encoders (ONNX Runtime graphs exported with torch.onnx, length-sorted batches:
   `onnx` with attention/GELU/LayerNorm fused, `onnx-int8` with int8 weights per channel and per-tensor
   activations, one text per call, `onnx-int8-rows` with per-token activations, batched; PyTorch bf16 where the CPU
   has AVX512-BF16/AMX) vs plain `SentenceTransformer.encode` on the same real-length texts, side by side in one
   run: three interleaved rounds, so a load spike on a shared machine hits all of them, with cosine agreement to
   plain fp32 (mean and min), achieved GOP/s, and the batch-independence check (a text alone vs in a batch).
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

from hirehound.embeddings.encoder import Backend

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


# Multiply-adds of MiniLM-L6 per token: 6 layers x (4 x 384^2 + 2 x 384 x 1536) weights, 2 ops each, plus the
# attention products (2 x 2 x tokens x 384 per layer), counted at the measured mean length.
WEIGHT_OPS_PER_TOKEN = 2 * 6 * (4 * 384 * 384 + 2 * 384 * 1536)
BACKENDS: tuple[Backend, ...] = ("onnx", "onnx-int8", "onnx-int8-rows")
LABELS = {
    "onnx": "`onnx` fused fp32",
    "onnx-int8": "`onnx-int8` per-tensor activations, one text per call",
    "onnx-int8-rows": "`onnx-int8-rows` per-token activations (fused), batches of 32",
    "bf16": "PyTorch bf16 autocast, batches of 32",
}


def _bf16_capable() -> bool:
    """AVX512-BF16 or AMX: where PyTorch's oneDNN kernels run bf16 matrix products natively."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def _gemm_peak_gflops() -> float:
    """fp32 matrix-multiply rate of this machine now (numpy, 1024^3), measured between rounds."""
    a = np.random.default_rng(0).standard_normal((1024, 1024)).astype(np.float32)
    best = 0.0
    for _ in range(3):
        t = time.perf_counter()
        a @ a
        best = max(best, 2 * 1024**3 / (time.perf_counter() - t) / 1e9)
    return best


def _int8_gemm_peak_gops() -> float:
    """int8 matrix-multiply rate of this machine now: ONNX Runtime's MatMulInteger (uint8 x int8, the kernel the
    int8 graphs use), 1024^3, one run with a thread per physical core, best of three."""
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    from hirehound.embeddings.onnx_backend import physical_cores

    n = 1024
    rng = np.random.default_rng(0)
    weights = numpy_helper.from_array(rng.integers(-127, 128, (n, n)).astype(np.int8), name="b")
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["a", "b"], ["y"])],
        "gemm",
        [helper.make_tensor_value_info("a", TensorProto.UINT8, [n, n])],
        [helper.make_tensor_value_info("y", TensorProto.INT32, [n, n])],
        [weights],
    )
    options = ort.SessionOptions()
    options.intra_op_num_threads = physical_cores()
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    a = rng.integers(0, 256, (n, n)).astype(np.uint8)
    session.run(None, {"a": a})
    best = 0.0
    for _ in range(3):
        t = time.perf_counter()
        session.run(None, {"a": a})
        best = max(best, 2 * n**3 / (time.perf_counter() - t) / 1e9)
    return best


def _short_texts(texts: list[str], encoders: dict[str, object]) -> str:
    """Phrases/s on the skills step's phrases (3-12 words): there batching, not the matrix size, decides."""
    from hirehound.skills.spans import phrases

    short = list(dict.fromkeys(p.text for t in texts for p in phrases(t)))[:2000]
    rates = []
    for name in BACKENDS:
        fn = encoders[name]
        fn(short[:8])  # type: ignore[operator]
        t = time.perf_counter()
        fn(short)  # type: ignore[operator]
        rates.append(f"{LABELS[name]} {len(short) / (time.perf_counter() - t):.0f}")
    mean_chars = np.mean([len(x) for x in short]) if short else 0.0
    return f"Short texts ({len(short)} distinct phrases of the same texts, ~{mean_chars:.0f} chars), phrases/s: " + (
        ", ".join(rates) + "."
    )


def _batch_independence(name: str, texts: list[str], encode_fn: object) -> float:
    """Largest change of any vector component between a text embedded alone and in a mixed-length batch."""
    sample = [texts[i] for i in range(0, min(len(texts), 40), 5)] + ["Welder", "Registered nurse, night shift."]
    alone = np.stack([encode_fn([t])[0] for t in sample])  # type: ignore[operator]
    together = encode_fn(sample)  # type: ignore[operator]
    return float(np.abs(alone - together).max())


def run(size: str = "small") -> str:
    import torch
    from sentence_transformers import SentenceTransformer

    from hirehound.embeddings.encoder import EncoderSettings, default_model_path, encode

    n = 120 if size == "small" else 600
    rounds = 3
    texts, origin = real_length_texts(n)
    path = default_model_path()
    plain = SentenceTransformer(path, device="cpu")
    plain.max_seq_length = 256
    tokens = float(np.mean([min(256, len(x)) for x in plain.tokenizer(texts)["input_ids"]]))
    ops_per_text = tokens * (WEIGHT_OPS_PER_TOKEN + 6 * 4 * tokens * 384)

    def plain_encode(batch: list[str]) -> np.ndarray:
        return np.asarray(plain.encode(batch, batch_size=32, normalize_embeddings=True, convert_to_numpy=True))

    def bf16_encode(batch: list[str]) -> np.ndarray:
        with torch.autocast("cpu", dtype=torch.bfloat16):
            return plain_encode(batch)

    encoders: dict[str, object] = {
        name: (lambda batch, s=EncoderSettings(model_path=path, backend=name, batch_size=32): encode(s, batch))
        for name in BACKENDS
    }
    if _bf16_capable():
        encoders["bf16"] = bf16_encode
    for fn in encoders.values():
        fn(texts[:4])  # type: ignore[operator]  # load (and export once) outside the timing
    plain_encode(texts[:4])
    speed: dict[str, list[float]] = {name: [] for name in encoders}
    ratios: dict[str, list[float]] = {name: [] for name in encoders}
    cosines: dict[str, tuple[float, float]] = {}
    plain_rates: list[float] = []
    peaks: list[float] = []
    int8_peaks: list[float] = []
    for _ in range(rounds):
        peaks.append(_gemm_peak_gflops())
        int8_peaks.append(_int8_gemm_peak_gops())
        t = time.perf_counter()
        ref = plain_encode(texts)
        t_plain = time.perf_counter() - t
        plain_rates.append(n / t_plain)
        for name, fn in encoders.items():
            t = time.perf_counter()
            got = fn(texts)  # type: ignore[operator]
            seconds = time.perf_counter() - t
            cos = (ref * got).sum(axis=1)
            cosines[name] = (float(cos.mean()), float(cos.min()))
            speed[name].append(n / seconds)
            ratios[name].append(t_plain / seconds)
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    lines = [
        "## Embeddings",
        f"Texts: {n} x ~{int(np.mean([len(x) for x in texts]))} chars (~{tokens:.0f} tokens), {origin}; "
        f"{os.cpu_count()} CPU cores; load average {' '.join(load)} at the end; {rounds} interleaved rounds in one "
        "process (plain, then each backend), so ratios hold on a loaded machine and absolute rates do not.",
        f"Plain `SentenceTransformer.encode`: {', '.join(f'{x:.1f}' for x in plain_rates)} texts/s per round. "
        f"GEMM rates measured between rounds (1024^3): fp32 (numpy) best {max(peaks):.0f} GFLOP/s, int8 (ONNX "
        f"Runtime MatMulInteger) best {max(int8_peaks):.0f} GOP/s ({max(int8_peaks) / max(peaks):.1f}x fp32).",
        "",
        "| backend | texts/s per round | speed-up vs plain (median, range) | GOP/s (median round) | share of the "
        "int8 GEMM peak | cosine to plain fp32 mean / min | batch independence: max abs diff alone vs in a batch |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, fn in encoders.items():
        med = float(np.median(ratios[name]))
        gops = float(np.median(speed[name])) * ops_per_text / 1e9
        diff = _batch_independence(name, texts, fn)
        lines.append(
            f"| {LABELS[name]} | {', '.join(f'{x:.1f}' for x in speed[name])} | {med:.2f}x "
            f"({min(ratios[name]):.2f}-{max(ratios[name]):.2f}) | {gops:.0f} | {100 * gops / max(int8_peaks):.0f}% | "
            f"{cosines[name][0]:.4f} / "
            f"{cosines[name][1]:.4f} | {diff:.1e} |"
        )
    lines += ["", _short_texts(texts, encoders), "", _rescrape(texts[: min(n, 200)])]
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
