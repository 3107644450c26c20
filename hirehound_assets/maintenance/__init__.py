"""Maintenance: expiry, revalidation, cluster re-checks, index upkeep and archiving."""
