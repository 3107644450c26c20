"""Finding jobs: hybrid (meaning + keywords) search over the deduplicated catalogue, one result per job."""
