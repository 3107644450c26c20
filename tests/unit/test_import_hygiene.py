"""Every Dagster step process imports the code location first: heavy libraries must wait until a step needs them.

scikit-learn, matplotlib, pandas and the model stacks (torch, sentence-transformers, ONNX Runtime) cost seconds
to import on two cores; imported at module level they were paid again by every step of every run (issue 16).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sklearn", "matplotlib", "pandas", "scipy", "torch", "sentence_transformers", "transformers", "onnxruntime")


def loaded_after_import(module: str) -> list[str]:
    """The heavy top-level packages in sys.modules after importing `module` in a fresh interpreter."""
    code = (
        f"import json, sys; import {module}; print(json.dumps(sorted(m for m in {list(HEAVY)!r} if m in sys.modules)))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_code_location_imports_no_heavy_library() -> None:
    assert loaded_after_import("hirehound_assets.definitions") == []


def test_the_search_command_path_stays_free_of_torch() -> None:
    # `hirehound search` encodes one query with ONNX Runtime; PyTorch is only needed to export a graph once.
    loaded = loaded_after_import("hirehound.embeddings.query")
    assert "torch" not in loaded and "sentence_transformers" not in loaded, loaded
