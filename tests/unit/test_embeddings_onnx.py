"""The fused ONNX Runtime encoder gives the same vectors as the PyTorch reference model (cosine >= 0.99)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from hirehound.embeddings.encoder import EncoderSettings, default_model_path, encode

TEXTS = [
    "Senior data engineer, remote. Build Spark and Airflow pipelines for our analytics platform.",
    "Registered nurse for the night shift in a busy emergency department; valid licence required.",
    "Welder",
    "Kundenberater (m/w/d) im Außendienst, Vollzeit, Firmenwagen und 30 Tage Urlaub. " * 12,
]


def test_fused_onnx_vectors_agree_with_torch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("onnxruntime")
    import onnx

    from hirehound.embeddings.onnx_backend import OnnxEncoder, onnx_model_file

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HIREHOUND_HOME", str(tmp_path))  # export and fuse from scratch, as a fresh install does
    path = default_model_path()
    onnx_encoder = OnnxEncoder.load(path, 256)
    ops = {node.op_type for node in onnx.load(str(onnx_model_file(path, 256))).graph.node}
    assert {"Attention", "SkipLayerNormalization"} <= ops  # the fusion that makes it fast actually happened

    # Batch size 2 mixes a short and a long (truncated, 256-token) text in one padded batch.
    got = onnx_encoder.encode(TEXTS, batch_size=2)
    got = got / np.linalg.norm(got, axis=1, keepdims=True)
    ref = encode(EncoderSettings(model_path=path, backend="torch"), TEXTS)
    cosine = (got * ref).sum(axis=1)
    assert cosine.min() >= 0.99, cosine
    # Different texts stay different: agreement is not an artefact of constant vectors.
    assert float(got[0] @ got[1]) < 0.9


def test_int8_backend_stays_close_to_torch_and_is_its_own_vector_space(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("onnxruntime")
    import onnx

    from hirehound.embeddings.onnx_backend import OnnxEncoder, onnx_model_file

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HIREHOUND_HOME", str(tmp_path))  # export and quantize from scratch, as a fresh install does
    path = default_model_path()
    # Loaded directly: the process-wide encoder cache may hold a model another test exported under another home.
    int8 = EncoderSettings(model_path=path, backend="onnx-int8")
    got = OnnxEncoder.load(path, 256, quantized=True).encode(TEXTS)
    got = got / np.linalg.norm(got, axis=1, keepdims=True)
    ops = {node.op_type for node in onnx.load(str(onnx_model_file(path, 256, quantized=True))).graph.node}
    assert "DynamicQuantizeLinear" in ops or "MatMulInteger" in ops  # the weights really are int8
    ref = encode(EncoderSettings(model_path=path, backend="torch"), TEXTS)
    cosine = (got * ref).sum(axis=1)
    assert cosine.mean() >= 0.98 and cosine.min() >= 0.97, cosine  # measured 0.992 / 0.984 on real postings
    assert int8.model_id != EncoderSettings(model_path=path, backend="onnx").model_id  # never mixed in the cache


def test_an_unknown_backend_is_a_clear_error() -> None:
    from resources.embedding_model import EmbeddingModelResource

    with pytest.raises(ValueError, match="onnx-int8"):
        EmbeddingModelResource(backend="onnx_int8").settings()


def test_int8_vectors_do_not_depend_on_the_other_texts_of_a_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dynamic quantization scales by the input's range: batched, a text's vector would change with its companions,
    and so with the order days are processed in."""
    from hirehound.embeddings.onnx_backend import OnnxEncoder

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HIREHOUND_HOME", str(tmp_path))
    encoder = OnnxEncoder.load(default_model_path(), 256, quantized=True)
    alone = encoder.encode([TEXTS[0]])
    in_company = encoder.encode([TEXTS[3], TEXTS[0], TEXTS[2]], batch_size=32)
    assert np.array_equal(alone[0], in_company[1])
