"""Organizations stage: match postings to employers and enrich them."""
