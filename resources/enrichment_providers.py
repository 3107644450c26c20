"""Organization enrichment providers as Dagster resources: the offline one always, the HTTP API when configured.

Configure the HTTP provider with `HIREHOUND_ENRICHMENT_URL` (base URL of an API following
docs/enrichment_api.md) and `HIREHOUND_ENRICHMENT_API_KEY`; `hirehound_assets.resources_config` passes them as
`dg.EnvVar`s so the key never appears in run config. Without a URL, enrichment uses only the offline provider.
The HTTP client (and so its rate limiter and circuit breaker) lives as long as the resource, i.e. one run.
"""

from __future__ import annotations

import dagster as dg
from pydantic import Field, PrivateAttr

from hirehound.organizations.enrichment.http_provider import HttpCompanyProvider
from hirehound.organizations.enrichment.offline_provider import OfflineProvider
from hirehound.organizations.enrichment.resilience import Backoff, CircuitBreaker


class EnrichmentProviderResource(dg.ConfigurableResource):
    """Company-data providers for `enriched_organizations`."""

    base_url: str | None = Field(default=None, description="HTTP provider base URL; empty: offline provider only.")
    api_key: str | None = Field(default=None, description="Bearer token for the HTTP provider.")
    timeout_s: float = Field(default=5.0, description="Per-request timeout.")
    rate_per_s: float = Field(default=5.0, description="Token-bucket refill rate (requests per second).")
    burst: int = Field(default=5, description="Token-bucket capacity.")
    max_retries: int = Field(default=3, description="Retries of a 429/5xx/timeout before the lookup fails.")
    backoff_base_s: float = Field(default=0.5, description="Exponential backoff base (full jitter).")
    backoff_cap_s: float = Field(default=20.0, description="Longest single wait, Retry-After included.")
    breaker_failures: int = Field(default=5, description="Consecutive failed lookups that open the breaker.")
    breaker_cooldown_s: float = Field(default=60.0, description="Open time before a half-open trial call.")

    _http: HttpCompanyProvider | None = PrivateAttr(default=None)

    def offline(self) -> OfflineProvider:
        return OfflineProvider()

    def http(self) -> HttpCompanyProvider | None:
        """The HTTP provider (one per resource instance), or None when no base URL is configured."""
        if not self.base_url:
            return None
        if self._http is None:
            self._http = HttpCompanyProvider(
                self.base_url,
                self.api_key or None,
                timeout_s=self.timeout_s,
                rate_per_s=self.rate_per_s,
                burst=self.burst,
                backoff=Backoff(self.backoff_base_s, self.backoff_cap_s, self.max_retries),
                breaker=CircuitBreaker(self.breaker_failures, self.breaker_cooldown_s),
            )
        return self._http

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._http is not None:
            self._http.close()
