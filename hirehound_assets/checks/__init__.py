"""Asset checks every stage shares: per-day check specs and the one failure-rate check."""
