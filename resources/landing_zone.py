"""The landing zone resource: where scrape files arrive, as a local folder or any fsspec/UPath URL.

Default `data/landing` (relative to the working directory), or `HIREHOUND_LANDING_DIR`; in production an object
store URL such as `s3://bucket/landing` (credentials through the fsspec backend's usual environment variables).
"""

from __future__ import annotations

import dagster as dg
from pydantic import Field
from upath import UPath

from hirehound import config
from hirehound.ingestion.landing import LandingFile, LandingZone


class LandingZoneResource(dg.ConfigurableResource):
    """Lists, reads, hashes and quarantines the scrape files dropped into the landing location."""

    location: str | None = Field(
        default=None,
        description="Folder or fsspec URL of the landing zone. Empty: HIREHOUND_LANDING_DIR, else data/landing.",
    )
    quarantine_mode: str = Field(
        default="mark",
        description="What happens to unreadable files: 'mark' (a note under _quarantine/) or 'move' them there.",
    )

    def url(self) -> str:
        return self.location or config.landing_dir()

    def zone(self) -> LandingZone:
        return LandingZone(self.url(), self.quarantine_mode)

    def list_files(self) -> list[LandingFile]:
        return self.zone().list_files()

    def path(self) -> UPath:
        """The landing root as a universal path (local, s3://, gs://, ...), for ad-hoc inspection."""
        return UPath(self.url())
