"""Encoding a search query fast, in a fresh process: the command line's path to a query vector.

`hirehound search` runs as a new process each time, so what it imports is its latency: sentence-transformers,
transformers and PyTorch take seconds to import before any work. The ONNX backends need none of them to run:
the graph goes to ONNX Runtime and the text to the model's own `tokenizer.json` through the `tokenizers` library
(the Rust tokenizer that transformers' fast tokenizer wraps, so the token ids, and the vectors, are the same as the
pipeline's). The torch backend, or a graph not exported yet, falls back to the pipeline's encoder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from hirehound.embeddings.backend_choice import resolve
from hirehound.embeddings.encoder import ONNX_BACKENDS, EncoderSettings, encode, normalize
from hirehound.embeddings.onnx_backend import onnx_model_file


class _QueryEncoder:
    def __init__(self, session: Any, tokenizer: Any) -> None:
        self.session = session
        self.tokenizer = tokenizer

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):  # one text per call, as the int8 pipeline does (no padding)
            ids = np.asarray([self.tokenizer.encode(text).ids], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
            out[row] = self.session.run(None, feeds)[0][0]
        return out


def load_query_encoder(settings: EncoderSettings) -> _QueryEncoder | None:
    """The light encoder for these settings, or None when only the full pipeline encoder can serve them."""
    settings = resolve(settings)  # `auto`: the stored choice for this machine (a small file read)
    if settings.backend not in ONNX_BACKENDS:
        return None
    graph = onnx_model_file(
        settings.model_path,
        settings.max_seq_length,
        quantized=settings.backend in ("onnx-int8", "onnx-int8-rows"),
        rowwise=settings.backend == "onnx-int8-rows",
    )
    tokenizer_file = Path(settings.model_path) / "tokenizer.json"
    if not graph.exists() or not tokenizer_file.exists():
        return None
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=settings.max_seq_length)
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
    return _QueryEncoder(session, tokenizer)


def encode_query(settings: EncoderSettings, texts: list[str]) -> np.ndarray:
    """Unit vectors for the query texts, the same as the pipeline's encoder gives for these settings."""
    fast = load_query_encoder(settings)
    if fast is None:
        return encode(settings, texts)
    return normalize(fast.encode(texts))
