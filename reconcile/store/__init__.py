"""The data layer: PostgreSQL through psycopg, SQL by name from queries.sql."""
