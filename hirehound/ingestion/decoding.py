"""Getting text out of a scrape file's bytes: gzip, byte-order marks, mixed encodings and binary garbage.

Scrapers write UTF-8 mostly, but Windows exports arrive as latin-1/cp1252, some with a BOM, a file appended to
by two tools holds UTF-8 lines followed by latin-1 lines, and a crashed scraper leaves truncated gzip or
half-written binary. UTF-8 is tried first, line by line: a line that is not UTF-8 is read as cp1252 (latin-1
where cp1252 has no character), or in the non-Latin code page charset-normalizer finds for those lines
(Cyrillic, Greek, ... exports). A line that is mostly UTF-8 with a few broken bytes keeps its UTF-8 and has the
broken bytes replaced (U+FFFD), and the file says which lines so the caller can ledger them. UTF-16 is read with
or without a BOM. Files that cannot be turned into text (binary) are rejected with a reason (the caller
quarantines them). A stray NUL byte does not make a file binary: the reader removes NULs.
"""

from __future__ import annotations

import gzip
import unicodedata
import zlib
from dataclasses import dataclass, field

GZIP_MAGIC = b"\x1f\x8b"
_SNIFF = 8192
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_FALLBACK = "cp1252"  # Windows Western: a superset of latin-1's printable characters, what Excel writes
_MAX_LISTED_LINES = 20
# Code pages of non-Latin scripts that job-ad exports really use; charset-normalizer's other answers on short
# Western text (cp1006, cp1125, utf_16_be for "Ñandú") are noise.
_NON_LATIN = frozenset(
    {
        "cp1251",
        "koi8_r",
        "koi8_u",
        "cp866",
        "iso8859_5",
        "mac_cyrillic",
        "cp1253",
        "iso8859_7",
        "cp1255",
        "iso8859_8",
        "cp1256",
        "iso8859_6",
        "cp874",
        "tis_620",
        "shift_jis",
        "cp932",
        "euc_jp",
        "gb2312",
        "gbk",
        "gb18030",
        "big5",
        "cp950",
        "euc_kr",
        "cp949",
    }
)
_MIN_NON_ASCII = 16  # below this many non-ASCII bytes a guess is a coin toss: keep cp1252


class UnreadableFile(Exception):
    """A file whose bytes cannot be turned into text at all (quarantine it)."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # "utf-8", "utf-16-le", or "utf-8+cp1252" for a file whose lines differ
    compressed: bool
    replaced_bytes: int  # invalid bytes replaced by U+FFFD (0 for a clean file)
    replaced_lines: tuple[int, ...] = field(default=())  # 1-based lines with replaced bytes (first 20)
    fallback_lines: int = 0  # lines that were not UTF-8 and were read with the fallback codec


def decompress(data: bytes) -> tuple[bytes, bool]:
    """Gunzip when the bytes are gzip (by magic number, whatever the file name says)."""
    if not data.startswith(GZIP_MAGIC):
        return data, False
    try:
        return gzip.decompress(data), True
    except (EOFError, OSError, zlib.error) as exc:
        raise UnreadableFile(f"truncated or corrupt gzip: {exc}") from exc


def utf16_without_bom(sample: bytes) -> str | None:
    """utf-16-le / utf-16-be when the NULs sit in every other byte (ASCII text in UTF-16), else None."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd > 0.3 * pairs and even < 0.05 * pairs:
        return "utf-16-le"
    if even > 0.3 * pairs and odd < 0.05 * pairs:
        return "utf-16-be"
    return None


def looks_binary(sample: bytes) -> bool:
    """Many control bytes (NUL included): an image, an archive, a half-written file; one stray NUL is not."""
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return len(sample) > 0 and controls / len(sample) > 0.05


def decode(data: bytes) -> DecodedText:
    """Text of a scrape file: gunzip, honour a BOM, detect BOM-less UTF-16, then UTF-8 per line with fallback."""
    if not data:
        raise UnreadableFile("zero-byte file")
    raw, compressed = decompress(data)
    if raw.startswith(b"\xef\xbb\xbf"):
        return _lines(raw[3:], compressed, "utf-8-sig")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _wide(raw[len(bom) :], codec, compressed)
    wide = utf16_without_bom(raw[:_SNIFF])
    if wide is not None:
        return _wide(raw, wide, compressed)
    if looks_binary(raw[:_SNIFF]):
        raise UnreadableFile("binary content (NUL or control bytes), not a text scrape")
    return _lines(raw, compressed, "utf-8")


def _wide(raw: bytes, codec: str, compressed: bool) -> DecodedText:
    text = raw.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    if bad > max(4, len(text) // 100):
        raise UnreadableFile(f"not valid {codec}: {bad} undecodable code units")
    return DecodedText(text, codec, compressed, bad)


def _lines(raw: bytes, compressed: bool, name: str) -> DecodedText:
    try:
        return DecodedText(raw.decode("utf-8"), name, compressed, 0)
    except UnicodeDecodeError:
        pass
    lines = raw.split(b"\n")
    foreign: list[int] = []
    decoded: list[str | None] = []
    replaced: list[int] = []
    bad = 0
    for number, line in enumerate(lines, start=1):
        try:
            decoded.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        lenient = line.decode("utf-8", errors="replace")
        broken = lenient.count("\ufffd")
        valid_multibyte = sum(1 for ch in lenient if ord(ch) > 127 and ch != "\ufffd")
        if valid_multibyte and valid_multibyte >= broken:
            # Real UTF-8 with a few broken bytes still has valid multi-byte characters; a single-byte line has none.
            decoded.append(lenient)
            bad += broken
            replaced.append(number)
        else:
            decoded.append(None)
            foreign.append(number)
    codec = _single_byte_codec(b"\n".join(lines[n - 1] for n in foreign))
    codecs_used = {codec} if foreign else set()
    for number in foreign:
        text, used = _single_byte(lines[number - 1], codec)
        decoded[number - 1] = text
        codecs_used.add(used)
    encoding = "+".join([name] * (len(foreign) < len(lines)) + sorted(codecs_used))
    return DecodedText(
        "\n".join(t or "" for t in decoded),
        encoding,
        compressed,
        bad,
        tuple(replaced[:_MAX_LISTED_LINES]),
        len(foreign),
    )


def _single_byte(line: bytes, codec: str) -> tuple[str, str]:
    try:
        return line.decode(codec), codec
    except UnicodeDecodeError:
        return line.decode("latin-1"), "latin-1"  # every byte is a latin-1 character: nothing is lost


def _single_byte_codec(sample: bytes) -> str:
    """cp1252, unless charset-normalizer finds a code page whose letters are not Latin (cp1251, cp1253, ...).

    Among Latin code pages it cannot tell cp1252 from cp1250/cp1257/iso8859-10 reliably on short job ads (it read
    `crème` as `crčme`), so Western wins there; a Cyrillic or Greek export is recognisable by its script.
    """
    if sum(1 for b in sample if b > 127) < _MIN_NON_ASCII:
        return _FALLBACK
    from charset_normalizer import from_bytes

    best = from_bytes(sample[:262_144]).best()
    codec = best.encoding if best is not None else _FALLBACK
    if codec not in _NON_LATIN:
        return _FALLBACK
    try:
        text = sample.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return _FALLBACK
    letters = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    if letters and latin / len(letters) < 0.5:
        return codec
    return _FALLBACK
