"""Enrichment stage: skills, quality scores, spam scores and the spam model."""
