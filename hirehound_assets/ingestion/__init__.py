"""Ingestion stage: scrape files to raw and normalized postings."""
