"""Publication stage: the searchable catalogue and its daily statistics."""
