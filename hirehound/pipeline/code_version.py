"""Which version of the pipeline's code a process runs: one digest for two uses.

A stage's input fingerprint includes it, so a deployment with new code recomputes what it touches instead of
trusting results of the old code (coarse on purpose: a missed dependency between modules would be a wrong skip, a
spurious re-run costs only time). And a Celery worker with other code refuses a run's step: a step executed by a
worker whose code differs from the code that planned the run could write rows the rest of
the run does not expect (a changed schema, a changed id rule). The version is a hash of the code location's source
and data files, computed the same way on every machine from the files themselves; a deployment that builds images
can set `HIREHOUND_CODE_VERSION` (the image tag or git commit) instead.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

PACKAGES = ("hirehound", "hirehound_assets", "resources", "sensors", "schedules", "mappings")
SUFFIXES = (".py", ".yaml", ".yml", ".json", ".csv", ".sql", ".toml", ".txt")


def source_hash(root: Path) -> str:
    """sha256 over the relative path and bytes of every source/data file of the code location, in path order."""
    digest = hashlib.sha256()
    for package in PACKAGES:
        folder = root / package
        if not folder.is_dir():
            continue
        files = sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and "__pycache__" not in p.parts)
        for path in files:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@functools.cache
def code_version() -> str:
    """This process's code version (computed once: about 30 ms)."""
    explicit = os.environ.get("HIREHOUND_CODE_VERSION", "").strip()
    if explicit:
        return explicit
    return source_hash(Path(__file__).resolve().parents[2])
