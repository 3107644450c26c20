"""Organization enrichment: everything we can learn about an employer, merged field by field with provenance.

Providers (`offline_provider` from the postings themselves, `http_provider` for a company-data API) return field
values; `fields` merges them by a documented precedence; `industry`, `size` and `geocode` turn raw values into
a NAICS sector, a size band and coordinates; `pipeline` runs the steps for the organizations of one scrape date,
the first being `hirehound.organizations.merges` (organizations found to be one).
"""
