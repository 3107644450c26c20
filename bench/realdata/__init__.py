"""Dev sets assembled from public repositories for `make eval` (recipes only: the built data is never committed)."""
