"""Posting identity and content fingerprint.

A posting is the board's job id on that board (`indeed:in-123`), else its canonical URL; its id is the first 16
hex characters of the key's sha256, so every stage derives the same id from the same data. The content hash covers
the fields that make two postings "the same text", so exact duplicates across boards share it.
"""

from __future__ import annotations

import hashlib


def posting_key(source: str, source_job_id: str | None, canonical_url: str | None) -> str | None:
    if source_job_id:
        return f"{source}:{source_job_id}"
    if canonical_url:
        return f"url:{canonical_url}"
    return None


def posting_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def content_hash(
    title: str, company: str | None, city: str | None, country_code: str | None, remote: str, description: str
) -> str:
    """sha256 (32 hex) over case- and whitespace-folded title, company, place and description text."""
    parts = [title, company or "", city or "", country_code or "", remote, description]
    folded = "\x1f".join(" ".join(p.split()).casefold() for p in parts)
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]
