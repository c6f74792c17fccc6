"""Migrations: numbered files, applied once, recorded, and re-applying is a no-op."""

from __future__ import annotations

import psycopg

from reconcile.store.db import SCHEMAS_DIR, migrate, migrations
from tests.conftest import create_database, drop_database


def test_migrations_are_numbered_without_gaps() -> None:
    versions = [v for v, _, _ in migrations()]
    assert versions == list(range(1, len(versions) + 1))
    assert all((SCHEMAS_DIR / name).exists() for _, name, _ in migrations())


def test_fresh_database_gets_every_migration_once(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS mig_fresh WITH (FORCE)")
        conn.execute("CREATE DATABASE mig_fresh")
    url = psycopg.conninfo.make_conninfo(pg_url, dbname="mig_fresh")
    try:
        applied = migrate(url)
        assert applied == [name for _, name, _ in migrations()]
        assert migrate(url) == []  # re-applying is a no-op
        with psycopg.connect(url) as conn:
            recorded = [r[0] for r in conn.execute(
                "SELECT version FROM schema_migrations ORDER BY version")]
            assert recorded == [v for v, _, _ in migrations()]
            tables = {r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
            assert {"articles", "claims", "clusters", "conflicts", "conflict_events"} <= tables
            indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes")}
            assert "claims_embedding_hnsw" in indexes
            assert "conflicts_active_severity" in indexes
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS mig_fresh WITH (FORCE)")


def test_template_clone_is_already_migrated(pg_url: str, template_url: str) -> None:
    name, url = create_database(pg_url)
    try:
        assert migrate(url) == []
    finally:
        drop_database(pg_url, name)
