"""The data contract: the schema, the table and domain checks, provenance and coverage."""
