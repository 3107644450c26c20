"""Scrape ingestion: turning files that scrapers drop into rows, and rows into normalized postings."""
