"""Reliability: hostile and damaged input handled right, on real scrape text re-encoded and on our own attack cases.

Real scrape samples (../shared/data/real_samples) re-saved the way Windows tools save them (cp1252, latin-1, a UTF-8
file continued in cp1252, Hebrew in cp1255) must decode back to the same text line for line; the sanitizer's and
the SSRF guard's attack lists must let nothing through; a file of poison rows must account for every row.
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

from bench.eval_common import OWN, REAL, Section, at_least, at_most

JOBSPY = "real_samples/jobspy_export_2025-03-07.csv"
ISRAEL = "real_samples/indeed_linkedin_israel_jobs.csv"


def _same_lines(original: list[str], data: bytes) -> float:
    from hirehound.ingestion.decoding import decode

    decoded = decode(data).text.split("\n")
    return sum(1 for a, b in zip(original, decoded, strict=False) if a == b) / max(1, len(original))


def _encodable(lines: list[str], codec: str) -> list[str]:
    out = []
    for line in lines:
        try:
            line.encode(codec)
        except UnicodeEncodeError:
            continue
        out.append(line)
    return out


def _encodings(section: Section, shared: Path) -> None:
    lines = (shared / JOBSPY).read_text(encoding="utf-8").split("\n")
    for codec in ("cp1252", "latin-1"):
        kept = _encodable(lines, codec)
        value = _same_lines(kept, "\n".join(kept).encode(codec))
        section.add(JOBSPY, f"lines decoded exactly from {codec}", value, goal=at_least(value, 1.0), origin=REAL)
    kept = _encodable(lines, "cp1252")
    half = len(kept) // 2
    mixed = "\n".join(kept[:half]).encode() + b"\n" + "\n".join(kept[half:]).encode("cp1252")
    value = _same_lines(kept, mixed)
    section.add(JOBSPY, "lines decoded exactly, UTF-8 file continued in cp1252", value, goal=at_least(value, 1.0))
    hebrew = (shared / ISRAEL).read_text(encoding="utf-8").split("\n")
    kept = _encodable(hebrew, "cp1255")
    value = _same_lines(kept, "\n".join(kept).encode("cp1255"))
    section.add(ISRAEL, "lines decoded exactly from cp1255 (Hebrew)", value, origin=REAL, note="informative")


def _attacks(section: Section) -> None:
    from hirehound.ingestion import text
    from hirehound.maintenance.ssrf import address_problem
    from tests.unit.test_html_sanitizer import HOSTILE

    bad = ("javascript", "vbscript", "data:", " on", "<script", "<iframe", "style=")
    survived = sum(
        1 for markup in HOSTILE if any(b in (text.description_to_text(markup, "html")[0] or "").lower() for b in bad)
    )
    section.add(f"{len(HOSTILE)} hostile HTML snippets", "stored with a script URL or handler", survived,
                goal=at_most(survived, 0), origin=OWN)  # fmt: skip
    embedded = ["2002:7f00:1::", "2002:a9fe:a9fe::", "64:ff9b::7f00:1", "64:ff9b:1::a00:1", "::ffff:10.0.0.1",
                "::127.0.0.1", "2001:0:4136:e378:8000:63bf:80ff:fffe"]  # fmt: skip
    allowed = sum(1 for a in embedded if address_problem(ipaddress.ip_address(a)) is None)
    section.add(f"{len(embedded)} IPv6 forms of private IPv4", "allowed by the SSRF guard", allowed,
                goal=at_most(allowed, 0), origin=OWN)  # fmt: skip


def _poison_file(section: Section) -> None:
    from hirehound.ingestion.layouts import load_layouts
    from hirehound.ingestion.readers import read_scrape_file

    good = [json.dumps({"title": f"Cook {n}", "url": f"https://a.io/{n}"}) for n in range(9)]
    poison = [
        '{"title": "x", "url": "https://a.io/d", "e": ' + "[" * 600 + "]" * 600 + "}",
        '{"title": "y", "e": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"title": "z", "url": ',
        "[1, 2]",
    ]
    lines = good[:4] + poison + good[4:]
    read = read_scrape_file("d/indeed-poison.jsonl", "\n".join(lines).encode(), load_layouts())
    accounted = len(read.rows) + sum(1 for p in read.problems if p.failed)
    section.add(
        f"a JSONL file of {len(lines)} rows, {len(poison)} hostile",
        "rows landed + rows ledgered - rows in",
        accounted - len(lines),
        goal=at_most(abs(accounted - len(lines)), 0),
        origin=OWN,
        note=f"{len(read.rows)} landed, {accounted - len(read.rows)} ledgered",
    )


def evaluate(shared: Path | None) -> Section:
    section = Section("Reliability: encodings, sanitizer, SSRF guard, poison rows",
                      command="python -m bench.evaluate --only reliability")  # fmt: skip
    _attacks(section)
    _poison_file(section)
    if shared is None:
        section.detail = "_Encoding figures need ../shared/data (real scrape samples); skipped._"
    else:
        _encodings(section, shared)
    return section
