"""The data layer: PostgreSQL through psycopg. Every statement is read by name (db.sql) from the
.sql files of this folder; driver errors become reconcile's own here only."""
