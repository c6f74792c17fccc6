"""Migrations: numbered files, applied once, recorded, and re-applying is a no-op."""

from __future__ import annotations

import json

import psycopg

from reconcile.embed import Embedder
from reconcile.ingest import Ingestor
from reconcile.loaders import read_articles, seed_files
from reconcile.settings import Settings
from reconcile.store.db import SCHEMAS_DIR, Database, migrate, migrations
from tests.conftest import ROOT, create_database, drop_database


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


def test_a_database_with_data_upgrades_to_story_notifications(pg_url: str, embedder: Embedder
                                                              ) -> None:
    """Migration 004 on a database filled under 003: its keys hold for what the service wrote,
    and writes are announced by story from then on."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS mig_upgrade WITH (FORCE)")
        conn.execute("CREATE DATABASE mig_upgrade")
    url = psycopg.conninfo.make_conninfo(pg_url, dbname="mig_upgrade")
    try:
        with psycopg.connect(url, autocommit=True) as conn:  # the schema as 003 left it
            conn.execute("CREATE TABLE schema_migrations (version int PRIMARY KEY, name text "
                         "NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
            for version, name, body in migrations()[:3]:
                conn.execute(body)
                conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                             (version, name))
        db = Database(url)
        db.open()
        try:
            ingestor = Ingestor(db, embedder, Settings().cluster_threshold)
            for path in seed_files(ROOT / "seeds"):
                for article in read_articles(path):
                    ingestor.ingest(article)
        finally:
            db.close()
        assert migrate(url) == ["004_story_notifications.sql", "005_cluster_notifications.sql"]
        with psycopg.connect(url, autocommit=True) as conn:
            keys = {r[0] for r in conn.execute(
                "SELECT conname FROM pg_constraint WHERE contype = 'f'")}
            assert {"claims_article_story", "claims_cluster_story",
                    "conflicts_cluster_story"} <= keys
            conn.execute("LISTEN reconcile_changes")
            conn.execute("UPDATE conflicts SET note = 'upgraded' WHERE id = "
                         "(SELECT min(id) FROM conflicts)")
            row = conn.execute("SELECT story, cluster_id FROM conflicts WHERE note = 'upgraded'"
                               ).fetchone()
            payloads = [json.loads(n.payload) for n in conn.notifies(timeout=0.5)]
            assert row is not None
            assert payloads == [{"stories": [row[0]], "clusters": [row[1]]}]
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS mig_upgrade WITH (FORCE)")
