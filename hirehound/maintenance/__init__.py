"""Upkeep of the catalogue: expiry, revalidation of posting URLs, daily statistics, index care and archiving."""
