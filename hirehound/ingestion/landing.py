"""The landing zone: the folder (local or any fsspec URL such as s3://bucket/landing) scrapers drop files into.

Files and folders whose name starts with `_` or `.` are never scrape files (`_quarantine/` lives there, and
half-written `.tmp` files too). Unreadable files are quarantined: marked with a note under `_quarantine/` (the
default, the file stays where the user put it), or moved there.

The zone is sealed: a symlink is followed only when it is a file link that resolves inside the landing root, so a
link to `/etc/passwd` or to another user's folder is never read (and its first line never shows up in an error);
such links, and linked folders, are listed in `refused` with the reason instead. Reads and quarantine writes check
the resolved path again, so a `_quarantine` that is a link, or a link swapped in after listing, writes and reads
nothing outside the root.
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

from hirehound.ingestion.scrape_date import scrape_date

QUARANTINE_DIR = "_quarantine"
_CHUNK = 1 << 20


class LandingZoneError(OSError):
    """A path the landing zone refuses to read or write (it resolves outside the landing root)."""


@dataclass(frozen=True)
class RefusedFile:
    """A landing-zone entry that is not ingested, and why (shown in the sensor log and in `scrape_files`)."""

    path: str
    reason: str
    mtime: float = 0.0


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
        self.real_root = os.path.realpath(self.root) if self.local else self.root
        self.refused: list[RefusedFile] = []  # filled by list_files

    def _full(self, rel: str) -> str:
        return f"{self.root}/{rel}"

    def _inside(self, real: str, under: str | None = None) -> bool:
        base = under or self.real_root
        return real == base or real.startswith(base.rstrip("/") + "/")

    def _resolved(self, rel: str) -> str:
        """The real path of a landing file, refusing one that resolves outside the root (links, `..`)."""
        full = self._full(rel)
        if not self.local:
            return full
        real = os.path.realpath(full)
        if not self._inside(real):
            raise LandingZoneError(f"{rel}: resolves outside the landing zone; not read")
        return real

    def _open_read(self, rel: str) -> Any:
        if not self.local:
            return self.fs.open(self._full(rel), "rb")
        fd = os.open(self._resolved(rel), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        return os.fdopen(fd, "rb")

    def list_files(self) -> list[LandingFile]:
        """Every scrape file with size and modification time (one stat per file; no content is read).

        Entries that are not followed (links out of the zone, linked folders, broken links) go to `self.refused`.
        """
        self.refused = []
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
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            return
        for entry in entries:
            if _hidden(entry.name):
                continue
            rel = f"{prefix}{entry.name}"
            if entry.is_symlink():
                linked = self._linked_file(entry, rel)
                if linked is not None:
                    yield linked
            elif entry.is_dir(follow_symlinks=False):
                yield from self._scan_local(entry.path, rel + "/")
            elif entry.is_file(follow_symlinks=False):
                stat = entry.stat(follow_symlinks=False)
                yield LandingFile(rel, stat.st_size, stat.st_mtime)

    def _linked_file(self, entry: os.DirEntry[str], rel: str) -> LandingFile | None:
        """A symlink inside the zone: followed only to a regular file inside the root."""
        real = os.path.realpath(entry.path)
        try:
            mtime = entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            mtime = 0.0
        if not self._inside(real):
            self.refused.append(RefusedFile(rel, "symlink to a path outside the landing zone (not followed)", mtime))
        elif os.path.isdir(real):
            self.refused.append(RefusedFile(rel, "symlinked folder (not followed)", mtime))
        elif not os.path.isfile(real):
            self.refused.append(RefusedFile(rel, "broken symlink", mtime))
        else:
            stat = os.stat(real)
            return LandingFile(rel, stat.st_size, stat.st_mtime)
        return None

    def read_bytes(self, rel: str) -> bytes:
        with self._open_read(rel) as handle:
            data: bytes = handle.read()
        return data

    def sha256(self, rel: str) -> str:
        digest = hashlib.sha256()
        with self._open_read(rel) as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def _quarantine_target(self, rel: str) -> str:
        """The full path of `_quarantine/<rel>`, refusing a `_quarantine` (or a folder in it) that leads elsewhere."""
        full = self._full(f"{QUARANTINE_DIR}/{rel}")
        if not self.local:
            return full
        own = os.path.join(self.real_root, QUARANTINE_DIR)
        if os.path.islink(own) or os.path.realpath(own) != own:
            raise LandingZoneError(f"{QUARANTINE_DIR} is a symlink: refusing to write outside the landing zone")
        os.makedirs(os.path.dirname(full), exist_ok=True)
        parent = os.path.realpath(os.path.dirname(full))
        if not self._inside(parent, own) or os.path.islink(full):
            raise LandingZoneError(f"{QUARANTINE_DIR}/{rel}: resolves outside the quarantine folder; not written")
        return full

    def quarantine(self, rel: str, reason: str, sha256: str | None = None) -> str:
        """Mark (default) or move an unreadable file; returns where the note or the file now is."""
        target = f"{QUARANTINE_DIR}/{rel}"
        note = target + ".json"
        note_full = self._quarantine_target(rel + ".json")
        if self.quarantine_mode == "move":
            self._resolved(rel)  # refuses a file that leads outside the zone; the entry itself is what moves
            source = self._full(rel)
            target_full = self._quarantine_target(rel)
            if not self.local:
                self.fs.makedirs(target_full.rsplit("/", 1)[0], exist_ok=True)
            self.fs.mv(source, target_full)
        elif not self.local:
            self.fs.makedirs(note_full.rsplit("/", 1)[0], exist_ok=True)
        body = {"path": rel, "reason": reason, "sha256": sha256, "at": datetime.now(UTC).isoformat()}
        if self.local:
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
            with os.fdopen(os.open(note_full, flags, 0o644), "w") as handle:
                handle.write(json.dumps(body))
        else:
            with self.fs.open(note_full, "w") as handle:
                handle.write(json.dumps(body))
        return target if self.quarantine_mode == "move" else note
