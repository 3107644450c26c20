"""The resources every code location process gets, keyed by the names assets ask for."""

from __future__ import annotations

import os
from typing import Any

import dagster as dg

from resources.database import DatabaseResource
from resources.embedding_model import EmbeddingModelResource
from resources.enrichment_providers import EnrichmentProviderResource
from resources.landing_zone import LandingZoneResource
from resources.settings import PipelineSettings


def default_resources() -> dict[str, Any]:
    """Resources with their defaults: embedded Postgres unless HIREHOUND_DATABASE_URL is set."""
    return {
        "database": DatabaseResource(),
        "embedding_model": EmbeddingModelResource(),
        "enrichment_provider": _enrichment_provider(),
        "landing_zone": LandingZoneResource(),
        "settings": PipelineSettings(),
    }


def _enrichment_provider() -> EnrichmentProviderResource:
    """Offline only, unless HIREHOUND_ENRICHMENT_URL names a company-data API (key: HIREHOUND_ENRICHMENT_API_KEY)."""
    if not os.environ.get("HIREHOUND_ENRICHMENT_URL"):
        return EnrichmentProviderResource()
    return EnrichmentProviderResource(
        base_url=dg.EnvVar("HIREHOUND_ENRICHMENT_URL"),
        api_key=dg.EnvVar("HIREHOUND_ENRICHMENT_API_KEY") if os.environ.get("HIREHOUND_ENRICHMENT_API_KEY") else None,
    )
