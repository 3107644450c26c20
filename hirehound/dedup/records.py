"""What dedup knows about one posting: its latest normalized values, organization, seen dates and vector."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np


@dataclass
class PostingRecord:
    posting_id: str
    source: str
    title: str
    description: str
    content_hash: str
    first_seen: date
    last_seen: date
    organization_id: str | None = None  # None: unknown, confidential or agency
    company_raw: str | None = None
    city: str | None = None
    region: str | None = None
    country_code: str | None = None
    remote_type: str | None = None
    places: tuple[str, ...] | None = None  # every place named (COUNTRY/REGION/CITY); None: normalized before 0009_orgs
    salary_min: float | None = None  # annualized
    salary_max: float | None = None
    salary_currency: str | None = None
    ats_key: str | None = None  # the requisition (`hirehound.ingestion.identity.ats_identity_key`)
    ats_tenant: str | None = None  # vendor:tenant of that requisition: two ids of one tenant are two jobs
    apply_url: str | None = None
    vector: np.ndarray | None = None
    source_job_id: str | None = None  # the board's own id for the listing (None: the posting is keyed by its URL)
    agency_id: str | None = None  # the staffing agency that posted it (agencies are no employer: not organization_id)
    _shingles: np.ndarray | None = field(default=None, repr=False)

    @property
    def completeness(self) -> int:
        """How much the posting tells a reader: used to prefer the fuller of equally early postings."""
        filled = [self.organization_id or self.company_raw, self.city or self.country_code, self.salary_min]
        return sum(1 for x in filled if x) * 1000 + min(len(self.description), 999)

    def shingle_set(self) -> np.ndarray:
        """Hashes of the description's 5-word shingles (the title's when there is no description)."""
        if self._shingles is None:
            from hirehound.dedup.minhash import shingle_hashes

            self._shingles = shingle_hashes(self.description or self.title)
        return self._shingles

    def order_key(self) -> tuple[date, str]:
        """Cluster ids come from the member with the smallest key: earliest seen, then posting id."""
        return (self.first_seen, self.posting_id)
