"""Posting quality: how complete a posting is (0-100) and why, and the facts quality and spam rules read."""
