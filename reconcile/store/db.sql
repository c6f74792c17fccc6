-- name: lock_migrations
-- One migrator at a time, even with several server processes starting together.
SELECT pg_advisory_lock(hashtextextended('reconcile.migrate', 0));

-- name: unlock_migrations
SELECT pg_advisory_unlock(hashtextextended('reconcile.migrate', 0));

-- name: create_schema_migrations
CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL,
                                              applied_at timestamptz NOT NULL DEFAULT now());

-- name: applied_migrations
SELECT version FROM schema_migrations;

-- name: record_migration
INSERT INTO schema_migrations (version, name) VALUES (%(version)s, %(name)s);

-- name: ping
SELECT 1;
