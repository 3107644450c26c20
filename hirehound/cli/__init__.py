"""The `hirehound` command line: run the product, manage the database, make demo data, search, inspect."""
