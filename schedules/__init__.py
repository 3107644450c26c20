"""Schedules: expiry, revalidation, cluster re-checks, daily statistics and upkeep."""
