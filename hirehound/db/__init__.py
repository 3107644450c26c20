"""Database plumbing shared by every stage: server, engine, migrations and the failure ledger."""
