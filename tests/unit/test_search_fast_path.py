"""`hirehound search` starts fast: its path imports no Dagster, PyTorch or transformers, and its light query
encoder gives the pipeline's own vectors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from hirehound.embeddings.encoder import EncoderSettings, default_model_path, default_settings

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("torch", "transformers", "sentence_transformers", "dagster", "sklearn", "matplotlib", "alembic", "pandas")
QUERIES = ["senior data engineer remote", "Krankenpfleger Nachtschicht", "welder", "data " * 400]


def test_the_search_path_imports_nothing_heavy() -> None:
    probe = (
        "import sys\n"
        "from hirehound.cli.main import app\n"
        "import hirehound.cli.search_cmd, hirehound.cli.output, hirehound.db.engine, hirehound.search.hybrid\n"
        "import hirehound.search.as_of, hirehound.embeddings.query\n"
        "from hirehound.embeddings.encoder import default_settings; default_settings()\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_settings_match_the_pipeline_resource() -> None:
    from resources.embedding_model import EmbeddingModelResource

    assert default_settings() == EmbeddingModelResource().settings()


def test_the_light_query_encoder_gives_the_pipelines_vectors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("onnxruntime")
    from transformers import AutoTokenizer

    from hirehound.embeddings.onnx_backend import OnnxEncoder
    from hirehound.embeddings.query import encode_query, load_query_encoder

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HIREHOUND_HOME", str(tmp_path))
    settings = EncoderSettings(model_path=default_model_path(), max_seq_length=256, backend="onnx-int8")
    assert load_query_encoder(settings) is None  # no graph exported yet: the full encoder serves (and exports it)
    pipeline = OnnxEncoder.load(settings.model_path, 256, quantized=True)  # exports the int8 graph
    light = load_query_encoder(settings)
    assert light is not None
    reference = AutoTokenizer.from_pretrained(settings.model_path)
    for query in QUERIES:  # the same token ids as the pipeline's tokenizer, truncation included
        expected = reference([query], truncation=True, max_length=256)["input_ids"][0]
        assert light.tokenizer.encode(query).ids == expected
    got = encode_query(settings, QUERIES)
    want = pipeline.encode(QUERIES)
    want = want / np.linalg.norm(want, axis=1, keepdims=True)
    assert float((got * want).sum(axis=1).min()) > 0.9999
    assert load_query_encoder(EncoderSettings(model_path=settings.model_path, backend="torch")) is None
