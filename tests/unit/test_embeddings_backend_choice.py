"""Backend `auto`: the first candidate that reproduces the stored reference vectors here, checked once per machine."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from hirehound.embeddings import backend_choice
from hirehound.embeddings.encoder import EncoderSettings, default_model_path, encode


def test_the_stored_reference_is_the_torch_models_vectors() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    path = default_model_path()
    stored = backend_choice.reference_vectors(path, 256)
    fresh = encode(EncoderSettings(model_path=path, backend="torch"), list(backend_choice.REFERENCE_TEXTS))
    assert stored.shape == (len(backend_choice.REFERENCE_TEXTS), 384)
    assert float(np.abs(stored - fresh).max()) < 1e-4  # rounded to 7 decimals; not another model's vectors


def test_auto_takes_the_first_candidate_that_agrees_and_remembers_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIREHOUND_HOME", str(tmp_path))
    path = default_model_path()
    reference = backend_choice.reference_vectors(path, 256)
    rng = np.random.default_rng(0)
    noise = rng.standard_normal(reference.shape).astype(np.float32)
    far = noise / np.linalg.norm(noise, axis=1, keepdims=True)  # unrelated vectors: cosine near 0
    tried: list[str] = []

    fastest, second = backend_choice.CANDIDATES[:2]

    def fake_encode(settings: EncoderSettings, texts: list[str]) -> np.ndarray:
        tried.append(settings.backend)
        return far if settings.backend == fastest else reference  # the fastest one disagrees on this machine

    monkeypatch.setattr(backend_choice, "encode", fake_encode)
    auto = EncoderSettings(model_path=path, backend="auto")
    assert backend_choice.resolve(auto).backend == second
    assert tried == [fastest, second]
    assert auto.model_id.endswith(f":{second}")  # the cache key names the chosen space, never "auto"
    stored = json.loads(next((tmp_path / "models").glob("backend-choice-*.json")).read_text())
    assert stored["backend"] == second and stored["cosine_mean_min"][fastest][0] < 0.5
    backend_choice._CHOSEN.clear()  # a later process: reads the stored choice, embeds nothing
    tried.clear()
    assert backend_choice.choose_backend(path, 256) == second and tried == []


def test_auto_falls_back_to_torch_when_no_candidate_agrees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIREHOUND_HOME", str(tmp_path))
    reference = backend_choice.reference_vectors(default_model_path(), 256)
    monkeypatch.setattr(backend_choice, "encode", lambda settings, texts: -reference)
    assert backend_choice.choose_backend(default_model_path(), 256) == "torch"


def test_the_resource_accepts_auto() -> None:
    from resources.embedding_model import EmbeddingModelResource

    assert EmbeddingModelResource(backend="auto").settings().backend == "auto"
    with pytest.raises(ValueError, match="auto"):
        EmbeddingModelResource(backend="fastest").settings()
