"""Posting embeddings: which text of a posting is embedded, the sentence encoder, and the embed-once cache."""
