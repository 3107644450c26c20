"""Hirehound's Dagster assets, grouped by pipeline stage, and the `Definitions` that load them."""
