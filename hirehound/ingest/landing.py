"""The landing zone: the folder (local or any fsspec URL such as s3://bucket/landing) scrapers drop files into.

Files and folders whose name starts with `_` or `.` are never scrape files (`_quarantine/` lives there, and
half-written `.tmp` files too). Unreadable files are quarantined: marked with a note under `_quarantine/` (the
default, the file stays where the user put it), or moved there.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import fsspec

from hirehound.ingest.scrape_date import scrape_date

QUARANTINE_DIR = "_quarantine"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class LandingFile:
    path: str  # relative to the landing root, `/`-separated
    size: int
    mtime: float

    @property
    def scrape_date(self) -> date | None:
        return scrape_date(self.path, self.mtime)


def _hidden(name: str) -> bool:
    return name.startswith(("_", "."))


def _mtime(info: dict[str, Any]) -> float:
    for key in ("mtime", "LastModified", "last_modified", "updated", "created"):
        value = info.get(key)
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, datetime):
            return value.replace(tzinfo=value.tzinfo or UTC).timestamp()
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
            except ValueError:
                continue
    return 0.0


class LandingZone:
    """Listing, reading, hashing and quarantining the files of one landing location."""

    def __init__(self, url: str, quarantine_mode: str = "mark") -> None:
        self.url = url
        self.fs, root = fsspec.core.url_to_fs(url)
        self.root = root.rstrip("/")
        self.local = "file" in (self.fs.protocol if isinstance(self.fs.protocol, tuple) else (self.fs.protocol,))
        self.quarantine_mode = quarantine_mode

    def _full(self, rel: str) -> str:
        return f"{self.root}/{rel}"

    def list_files(self) -> list[LandingFile]:
        """Every scrape file with size and modification time (one stat per file; no content is read)."""
        if self.local:
            return sorted(self._scan_local(self.root, ""), key=lambda f: f.path)
        if not self.fs.exists(self.root):
            return []
        found = []
        for full, info in self.fs.find(self.root, detail=True).items():
            rel = full[len(self.root) :].lstrip("/")
            if not rel or any(_hidden(part) for part in rel.split("/")):
                continue
            found.append(LandingFile(rel, int(info.get("size") or 0), _mtime(info)))
        return sorted(found, key=lambda f: f.path)

    def _scan_local(self, folder: str, prefix: str) -> Iterator[LandingFile]:
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            return
        for entry in entries:
            if _hidden(entry.name):
                continue
            rel = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                yield from self._scan_local(entry.path, rel + "/")
            elif entry.is_file():
                stat = entry.stat()
                yield LandingFile(rel, stat.st_size, stat.st_mtime)

    def read_bytes(self, rel: str) -> bytes:
        with self.fs.open(self._full(rel), "rb") as handle:
            data: bytes = handle.read()
        return data

    def sha256(self, rel: str) -> str:
        digest = hashlib.sha256()
        with self.fs.open(self._full(rel), "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def quarantine(self, rel: str, reason: str, sha256: str | None = None) -> str:
        """Mark (default) or move an unreadable file; returns where the note or the file now is."""
        target = f"{QUARANTINE_DIR}/{rel}"
        if self.quarantine_mode == "move":
            self.fs.makedirs(self._full(target).rsplit("/", 1)[0], exist_ok=True)
            self.fs.mv(self._full(rel), self._full(target))
            note = target + ".json"
        else:
            note = target + ".json"
            self.fs.makedirs(self._full(note).rsplit("/", 1)[0], exist_ok=True)
        body = {"path": rel, "reason": reason, "sha256": sha256, "at": datetime.now(UTC).isoformat()}
        with self.fs.open(self._full(note), "w") as handle:
            handle.write(json.dumps(body))
        return target if self.quarantine_mode == "move" else note
