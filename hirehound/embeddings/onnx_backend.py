"""The faster CPU paths: the same MiniLM weights exported once to ONNX with `torch.onnx`, run by ONNX Runtime.

The exported graph includes mean pooling, so it returns sentence vectors directly. After export it is either
fused by ONNX Runtime's transformer optimizer (attention, GELU and LayerNorm into single kernels; the vectors of
PyTorch, cosine 1.0000) or its MatMul weights are quantized to int8 per channel (the default backend: 2.2x plain
PyTorch here, cosine 0.993, one text per call), optionally with activations quantized per token instead of per
tensor (`onnx-int8-rows`: batched, vectors independent of their batch, cosine 0.997; rowwise_int8.py). Each
graph is written once under `HIREHOUND_HOME/models/` and reused by every later process (exporting takes about
15 s and needs PyTorch; running it does not). See docs/embeddings.md.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from hirehound.config import home_dir


def onnx_model_file(model_path: str, max_seq_length: int, quantized: bool = False, rowwise: bool = False) -> Path:
    """Where the exported graph for these weights lives (the name changes when the weights change).

    `rowwise` (with `quantized`): activations quantized per token instead of per tensor (rowwise_int8.py)."""
    weights = Path(model_path) / "model.safetensors"
    stamp = f"{weights.stat().st_size}" if weights.exists() else "noweights"
    digest = hashlib.sha256(f"{Path(model_path).resolve()}|{stamp}".encode()).hexdigest()[:12]
    # "-fused": graphs written before attention fusion existed are not picked up again; "-int8rowf": the faster
    # fused form of the per-token graph (same vectors bit for bit) replaces the first "-int8row" files.
    kind = ("int8rowf" if rowwise else "int8pc") if quantized else "fused"
    return home_dir() / "models" / f"minilm-{digest}-{kind}.onnx"


def export_onnx(model_path: str, target: Path, quantized: bool = False) -> Path:
    """Export the transformer plus mean pooling, fuse it (or quantize it), write `target` (atomic rename).

    Quantized: weights of every MatMul as int8 per output channel, activations quantized at run time
    (`quantize_dynamic(per_channel=True)`), on the unfused graph (the fused attention kernels have no int8 form
    here). Per-tensor int8 lost too much (cosine to PyTorch 0.94); per channel keeps 0.993 (docs/embeddings.md).
    """
    import torch
    from onnxruntime.transformers.optimizer import optimize_model
    from sentence_transformers import SentenceTransformer

    # Eager attention exports the plain MatMul/Softmax pattern ONNX Runtime's optimizer recognizes and fuses; the
    # default SDPA attention exports a graph it leaves unfused (measured: no Attention node fused, no speed-up).
    st = SentenceTransformer(model_path, device="cpu", model_kwargs={"attn_implementation": "eager"})
    transformer: Any = st[0].auto_model
    transformer.eval()

    class _Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    dummy = st.tokenizer(["a posting text", "another one"], padding=True, return_tensors="pt")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".raw{os.getpid()}")
    built = target.with_suffix(f".tmp{os.getpid()}")
    axes = {0: "batch", 1: "tokens"}
    # The tracer warns about every Python-level branch in the transformer (shapes are fixed per trace, which is
    # what the dynamic axes undo); the warnings say nothing a user can act on and flooded the terminal.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", category=torch.jit.TracerWarning)
        torch.onnx.export(
            _Pooled(),
            (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]),
            str(tmp),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["sentence_embedding"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes},
            opset_version=17,
            dynamo=False,
        )
    if quantized:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(tmp), str(built), weight_type=QuantType.QInt8, per_channel=True)
    else:
        # MiniLM-L6: 12 heads, hidden size 384. Fuses 6 Attention, 6 BiasGelu, 12 SkipLayerNorm, 1 EmbedLayerNorm.
        optimize_model(str(tmp), model_type="bert", num_heads=12, hidden_size=384).save_model_to_file(str(built))
    tmp.unlink()
    built.replace(target)
    return target


def derive_rowwise(per_tensor: Path, target: Path) -> Path:
    """The per-token int8 graph, rewritten from the per-tensor one (the same int8 weights; no PyTorch needed)."""
    import onnx

    from hirehound.embeddings.rowwise_int8 import rowwise_activations

    built = target.with_suffix(f".tmp{os.getpid()}")
    onnx.save(rowwise_activations(onnx.load(str(per_tensor))), str(built))
    built.replace(target)
    return target


def physical_cores() -> int:
    """Physical CPU cores of this machine (logical count when psutil cannot tell)."""
    import psutil

    return psutil.cpu_count(logical=False) or os.cpu_count() or 1


def parallel_runs() -> int:
    """How many batches run at once: one per physical core this process may use (a worker pinned with `taskset`
    to one core gets one)."""
    try:
        allowed = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        allowed = os.cpu_count() or 1
    return max(1, min(physical_cores(), allowed))


class OnnxEncoder:
    """Tokenize with the model's own fast tokenizer, run the exported graph in length-sorted batches."""

    def __init__(
        self,
        session: Any,
        tokenizer: Any,
        max_seq_length: int,
        quantized: bool = False,
        rowwise: bool = False,
        runs: int = 1,
    ) -> None:
        self.session = session
        self.runs = runs
        self.tokenizer = tokenizer
        self.max_seq_length = max_seq_length
        self.quantized = quantized
        self.rowwise = rowwise

    @classmethod
    def load(
        cls, model_path: str, max_seq_length: int, device: str = "cpu", quantized: bool = False, rowwise: bool = False
    ) -> OnnxEncoder:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        rowwise = rowwise and quantized
        target = onnx_model_file(model_path, max_seq_length, quantized, rowwise)
        base = onnx_model_file(model_path, max_seq_length, quantized)
        if not base.exists():
            export_onnx(model_path, base, quantized)
        if not target.exists():
            derive_rowwise(base, target)  # only reached for rowwise: otherwise target is base
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # One thread per run, and as many runs at once as there are cores (`encode`): the batches are independent,
        # so nothing waits on the other core, where two threads in one run meet at every operator's end (measured
        # 1.2-1.7x more texts/s on 2 cores, docs/embeddings.md). A thread count never changes a vector: ONNX
        # Runtime splits work over rows and columns, not over the sums (checked bit for bit, tests).
        runs = parallel_runs() if device == "cpu" else 1
        options.intra_op_num_threads = 1 if device == "cpu" else physical_cores()
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        providers = ["CUDAExecutionProvider", "CPUExecutionProvider"] if device == "cuda" else ["CPUExecutionProvider"]
        available = set(ort.get_available_providers())
        session = ort.InferenceSession(str(target), options, providers=[p for p in providers if p in available])
        tokenizer = AutoTokenizer.from_pretrained(model_path)
        return cls(session, tokenizer, max_seq_length, quantized, rowwise, runs)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        # Dynamic quantization scales activations by the range of the whole input tensor, so in a batch a text's
        # vector depends on its batch companions (and their padding): up to 0.03 per dimension, enough to move
        # near-threshold dedup pairs when days run in another order. One text per call makes the vector a
        # function of the text alone, and is faster here besides (no padding): 2.04x plain encode vs 1.73x.
        # Rowwise int8 quantizes each token on its own (padding tokens included, masked out of attention and
        # pooling), so it batches like the fp32 graph: a vector then differs from the text's vector alone only by
        # float rounding in the fp32 kernels (about 1e-7), not by its companions' ranges.
        if self.quantized and not self.rowwise:
            batch_size = 1
        encoded = self.tokenizer(texts, truncation=True, max_length=self.max_seq_length, padding=False)
        ids: list[list[int]] = encoded["input_ids"]
        out = np.zeros((len(texts), 384), dtype=np.float32)
        order = np.argsort([len(x) for x in ids], kind="stable")
        batches = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]

        def run(idx: np.ndarray) -> np.ndarray:
            width = max(len(ids[i]) for i in idx)
            input_ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                input_ids[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            feeds = {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(input_ids)}
            return np.asarray(self.session.run(None, feeds)[0])

        if self.runs > 1 and len(batches) > 1:
            # ONNX Runtime releases the GIL while it runs and a session takes concurrent runs.
            with ThreadPoolExecutor(max_workers=self.runs) as pool:
                for idx, vectors in zip(batches, pool.map(run, batches), strict=True):
                    out[idx] = vectors
        else:
            for idx in batches:
                out[idx] = run(idx)
        return out
