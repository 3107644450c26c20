"""Record lineage: which file, row, and Dagster run each step of one posting's path through the pipeline came from."""
