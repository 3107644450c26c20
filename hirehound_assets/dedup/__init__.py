"""Dedup stage: duplicate pairs and stable duplicate clusters."""
