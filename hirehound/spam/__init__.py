"""Spam and fraud detection: red-flag rules with named reasons, plus a trainable scikit-learn classifier."""
