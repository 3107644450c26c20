"""Getting text out of a scrape file's bytes: gzip, byte-order marks, mixed encodings and binary garbage.

Scrapers write UTF-8 mostly, but Windows exports arrive as latin-1/cp1252, some with a BOM, and a crashed
scraper leaves truncated gzip or half-written binary. Files that cannot be turned into text are rejected with a
reason (the caller quarantines them); text with a few invalid bytes is kept with the bad bytes replaced.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass

GZIP_MAGIC = b"\x1f\x8b"
_SNIFF = 8192


class UnreadableFile(Exception):
    """A file whose bytes cannot be turned into text at all (quarantine it)."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    compressed: bool
    replaced_bytes: int  # invalid bytes replaced by U+FFFD (0 for a clean file)


def decompress(data: bytes) -> tuple[bytes, bool]:
    """Gunzip when the bytes are gzip (by magic number, whatever the file name says)."""
    if not data.startswith(GZIP_MAGIC):
        return data, False
    try:
        return gzip.decompress(data), True
    except (EOFError, OSError, zlib.error) as exc:
        raise UnreadableFile(f"truncated or corrupt gzip: {exc}") from exc


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        # UTF-16 text has NULs too; we do not accept it silently, the BOM check below handles real UTF-16
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return len(sample) > 0 and controls / len(sample) > 0.05


def decode(data: bytes) -> DecodedText:
    """Text of a scrape file: gunzip, honour a BOM, prefer UTF-8, else guess (charset-normalizer), else cp1252."""
    if not data:
        raise UnreadableFile("zero-byte file")
    raw, compressed = decompress(data)
    if raw.startswith(b"\xef\xbb\xbf"):
        return _utf8(raw[3:], compressed, "utf-8-sig")
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            try:
                return DecodedText(raw[2:].decode(codec), codec, compressed, 0)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"invalid {codec}: {exc}") from exc
    if _looks_binary(raw[:_SNIFF]):
        raise UnreadableFile("binary content (NUL or control bytes), not a text scrape")
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8", compressed, 0)
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    # Real UTF-8 with a few broken bytes still has valid multi-byte characters; a single-byte encoding has none.
    if good > bad:
        return DecodedText(text, "utf-8", compressed, bad)
    return _single_byte(raw, compressed)


def _utf8(raw: bytes, compressed: bool, name: str) -> DecodedText:
    text = raw.decode("utf-8", errors="replace")
    return DecodedText(text, name, compressed, text.count("\ufffd"))


def _single_byte(raw: bytes, compressed: bool) -> DecodedText:
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:262_144]).best()
    codec = best.encoding if best is not None else "cp1252"
    if codec in {"utf_8", "utf-8", "ascii"}:
        codec = "cp1252"
    try:
        return DecodedText(raw.decode(codec), codec, compressed, 0)
    except (UnicodeDecodeError, LookupError):
        return DecodedText(raw.decode("latin-1"), "latin-1", compressed, 0)
