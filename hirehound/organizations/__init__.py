"""Organizations: which employer posted each job, and what we know about that employer.

`normalize` turns raw company spellings into comparable keys, `evidence` reads domains and ATS tenants from
URLs, `kinds` recognizes staffing agencies and hidden employers, `matching` decides which organization a
spelling belongs to, `store` keeps the global organization tables in PostgreSQL, and `enrichment/` fills in
logo, industry, size, headquarters and embedding from every source we have.
"""
