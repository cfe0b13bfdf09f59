"""Report queries. Every figure is aggregated in the database; each table costs a fixed number
of queries whatever the amount of data."""
