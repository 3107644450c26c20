"""Backend `auto`: the fastest embedding backend that, on this machine, still gives the reference model's vectors.

int8 kernels differ between CPUs (VNNI or not, AVX2 or AVX-512), and so can their rounding. Before a process uses
`auto`, each candidate, fastest first, embeds a few fixed texts; the first whose cosine to the stored fp32
PyTorch vectors of those texts is at least 0.99 on average and 0.98 for every text is chosen (fp32 `onnx`, then
`torch`, otherwise). The choice is written beside the exported graphs, keyed by model, sequence length and CPU, so
later processes (a step, `hirehound search`) read it instead of checking again. The chosen name, not `auto`,
goes into the model id, so the embedding cache never mixes two backends' vectors.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from dataclasses import replace
from pathlib import Path
from typing import cast

import numpy as np

from hirehound.config import home_dir
from hirehound.embeddings.encoder import Backend, EncoderSettings, default_model_path, encode

# Fastest first, as measured side by side on real-length texts (docs/embeddings.md): per-tensor int8 one text per
# call edged out per-token int8 in batches on 218-token texts; both keep a vector independent of its batch.
CANDIDATES: tuple[Backend, ...] = ("onnx-int8", "onnx-int8-rows", "onnx")
MIN_MEAN_COSINE = 0.99
MIN_COSINE = 0.98
REFERENCE_FILE = Path(__file__).with_name("reference_vectors.json")
REFERENCE_TEXTS = (
    "Senior data engineer, remote. Build Spark and Airflow pipelines for our analytics platform; Python and SQL.",
    "Registered nurse for the night shift in a busy emergency department; valid state licence required.",
    "Welder",
    "Kundenberater (m/w/d) im Außendienst, Vollzeit, Firmenwagen und 30 Tage Urlaub. " * 8,
    "Warehouse associate: pick, pack and ship orders. Forklift licence a plus. Weekly pay, $18-21/hour.",
    "We are hiring a part-time bookkeeper (QuickBooks, payroll, month-end close) for a family-owned bakery.",
)


def reference_vectors(model_path: str, max_seq_length: int) -> np.ndarray:
    """fp32 PyTorch vectors of REFERENCE_TEXTS: stored for the default model, computed for any other."""
    if Path(model_path).resolve() == Path(default_model_path()).resolve() and REFERENCE_FILE.exists():
        stored = json.loads(REFERENCE_FILE.read_text())
        if stored.get("max_seq_length") == max_seq_length and stored.get("texts") == list(REFERENCE_TEXTS):
            return np.asarray(stored["vectors"], dtype=np.float32)
    torch = EncoderSettings(model_path=model_path, max_seq_length=max_seq_length, backend="torch")
    return encode(torch, list(REFERENCE_TEXTS))


def agreement(settings: EncoderSettings, reference: np.ndarray) -> tuple[float, float]:
    """Mean and minimum cosine of this backend's vectors of the reference texts to the reference vectors."""
    cosine = (encode(settings, list(REFERENCE_TEXTS)) * reference).sum(axis=1)
    return float(cosine.mean()), float(cosine.min())


def _choice_file(model_path: str, max_seq_length: int) -> Path:
    flags = next((line for line in _cpuinfo().splitlines() if line.startswith("flags")), platform.machine())
    key = f"{Path(model_path).resolve()}|{max_seq_length}|{flags}"
    return home_dir() / "models" / f"backend-choice-{hashlib.sha256(key.encode()).hexdigest()[:12]}.json"


def _cpuinfo() -> str:
    try:
        return Path("/proc/cpuinfo").read_text()
    except OSError:
        return ""


_CHOSEN: dict[tuple[str, str, int, str], Backend] = {}


def resolve(settings: EncoderSettings) -> EncoderSettings:
    """These settings with `auto` replaced by the backend chosen for this machine (others unchanged)."""
    if settings.backend != "auto":
        return settings
    key = (str(home_dir()), settings.model_path, settings.max_seq_length, settings.device)
    if key not in _CHOSEN:
        _CHOSEN[key] = choose_backend(settings.model_path, settings.max_seq_length, settings.device)
    return replace(settings, backend=_CHOSEN[key])


def choose_backend(model_path: str, max_seq_length: int, device: str = "cpu") -> Backend:
    """The backend `auto` means on this machine (checked once, then read from the stored choice)."""
    stored = _choice_file(model_path, max_seq_length)
    if stored.exists():
        backend = json.loads(stored.read_text()).get("backend")
        if backend in (*CANDIDATES, "torch"):
            return cast(Backend, backend)
    reference = reference_vectors(model_path, max_seq_length)
    checks: dict[str, tuple[float, float]] = {}
    chosen: Backend = "torch"
    for backend in CANDIDATES:
        settings = EncoderSettings(model_path=model_path, device=device, max_seq_length=max_seq_length, backend=backend)
        checks[backend] = agreement(settings, reference)
        if checks[backend][0] >= MIN_MEAN_COSINE and checks[backend][1] >= MIN_COSINE:
            chosen = backend
            break
    stored.parent.mkdir(parents=True, exist_ok=True)
    tmp = stored.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps({"backend": chosen, "cosine_mean_min": checks}, indent=1))
    tmp.replace(stored)
    return chosen


def write_reference(max_seq_length: int = 256) -> None:
    """Store the default model's fp32 PyTorch vectors of REFERENCE_TEXTS (run when the texts or model change)."""
    torch = EncoderSettings(model_path=default_model_path(), max_seq_length=max_seq_length, backend="torch")
    vectors = encode(torch, list(REFERENCE_TEXTS))
    payload = {
        "max_seq_length": max_seq_length,
        "texts": list(REFERENCE_TEXTS),
        "vectors": [[round(float(x), 7) for x in row] for row in vectors],
    }
    REFERENCE_FILE.write_text(json.dumps(payload) + "\n")


if __name__ == "__main__":
    write_reference()
