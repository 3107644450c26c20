"""The version of the code a stage's result came from: a digest of the project's own source and data files.

Any edit to a module, a mapping or a vocabulary file makes every stage's fingerprint differ, so a deployment with
new code recomputes what it touches instead of trusting results of the old code. Coarse on purpose: a missed
dependency between modules would be a wrong skip, a spurious re-run costs only time.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

# The packages whose files decide what a stage writes (the domain, the asset bodies, resources, format mappings).
_ROOTS = ("hirehound", "hirehound_assets", "resources", "mappings")
_SUFFIXES = {".py", ".yaml", ".yml", ".json", ".csv", ".txt", ".sql"}


@cache
def code_version() -> str:
    base = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for root in _ROOTS:
        folder = base / root
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in _SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
