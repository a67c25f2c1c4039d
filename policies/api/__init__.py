"""REST API for the core tables: companies, policies, versions, sections, clauses."""
