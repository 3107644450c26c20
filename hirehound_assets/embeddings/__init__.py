"""Embeddings stage: one vector per distinct posting text, stored in pgvector."""
