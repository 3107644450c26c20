"""Duplicate detection: the same job seen on several boards, re-posted or reworded becomes one cluster."""
