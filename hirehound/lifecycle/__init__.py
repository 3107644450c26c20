"""Keeping a local Hirehound alive and tidy: `hirehound dev` supervises what it starts.

The UI, daemon and code server run as supervised children; the embedded Postgres is restarted when it stops;
runs whose worker died are marked failed (so run retries re-run them) and their leftover step processes are
stopped; nothing keeps running headless when `hirehound dev` itself is killed.
"""
