"""Database plumbing shared by every stage: server, engine, migrations, the failure ledger, driver access (COPY,
pgvector) and replacing a stage's slice of a table; ARCHITECTURE.md "Database access" says which to use when."""
