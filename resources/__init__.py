"""Dagster resources: the database, the landing zone, the embedding model and enrichment providers."""
