"""Embedding backends on real job texts: agreement with the fp32 reference and independence from the batch.

Data: real JobSpy descriptions from ../shared/data, stitched to full-posting length (~218 tokens), as
bench/bench_embeddings.py builds them. For each ONNX backend: cosine of its vectors to plain PyTorch fp32 (mean and
worst text), and the largest change of a vector component between a text embedded alone and in a batch of mixed
lengths (a vector that moves with its batch makes dedup depend on the order days are processed in). Speed is in
bench/bench_embeddings.py: it needs a quiet machine, these figures do not.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from bench.eval_common import Section, at_least, at_most

COMMAND = "PYTHONPATH=$PWD .venv/bin/python -m bench.evaluate --only perf --out /tmp/eval_perf.md"
SAMPLE = "jobspy_export_2025-03-07.csv"
TEXTS = 48
BATCH_TOLERANCE = 1e-6  # float rounding only (tests/unit/test_embeddings_rowwise_int8.py)


def evaluate(shared: Path | None) -> Section:
    section = Section("Embedding backends: agreement and batch independence", command=COMMAND)
    if shared is None or not (shared / "real_samples" / SAMPLE).exists():
        section.skipped = f"needs ../shared/data/real_samples/{SAMPLE}"
        return section
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bench.bench_embeddings import real_length_texts
    from hirehound.embeddings.encoder import EncoderSettings, default_model_path, encode

    texts, _ = real_length_texts(TEXTS)
    data = f"{TEXTS} real JobSpy descriptions, full-posting length"
    path = default_model_path()
    reference = encode(EncoderSettings(model_path=path, backend="torch"), texts)
    for backend in ("onnx-int8", "onnx-int8-rows"):
        settings = EncoderSettings(model_path=path, backend=backend, batch_size=32)
        batched = encode(settings, texts)
        cosine = (batched * reference).sum(axis=1)
        section.add(data, f"`{backend}` cosine to fp32, mean", float(cosine.mean()), goal=at_least(cosine.mean(), 0.99))
        section.add(
            data, f"`{backend}` cosine to fp32, worst text", float(cosine.min()), goal=at_least(cosine.min(), 0.98)
        )
        alone = np.stack([encode(settings, [t])[0] for t in texts[:12]])
        diff = float(np.abs(alone - encode(settings, texts[:12] + texts[-20:])[:12]).max())
        section.add(
            data, f"`{backend}` max abs diff, alone vs in a batch", f"{diff:.1e}", goal=at_most(diff, BATCH_TOLERANCE)
        )
    return section
