"""Skill extraction against an ESCO-compatible taxonomy plus the team's curated technology vocabulary."""
