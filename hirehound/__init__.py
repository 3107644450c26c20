"""Hirehound: turns raw job-board scrapes into a clean, deduplicated catalogue of jobs and organizations.

This package holds the domain logic (parsing, normalisation, matching, dedup, scoring) as plain Python that
tests call without Dagster; the Dagster assets in `hirehound_assets` are thin wrappers around it.
"""

__version__ = "0.1.0"
