"""Everything a school runs inside its own PostgreSQL schema, one Django app per bounded context."""
