"""Migrations: numbered files, applied once, recorded, and re-applying is a no-op."""

from __future__ import annotations

import json
from typing import Any

import psycopg

from reconcile.embedding.embed import Embedder
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
            assert {"articles", "claims", "clusters", "conflicts", "conflict_events",
                    "reviewer_sessions"} <= tables
            indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes")}
            assert "claims_seed_hnsw" in indexes and "claims_embedding_hnsw" not in indexes
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


def schema_as_of(conn: psycopg.Connection[Any], version: int) -> None:
    """Apply the first `version` migrations, recorded as migrate() records them."""
    conn.execute("CREATE TABLE schema_migrations (version int PRIMARY KEY, name text "
                 "NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
    for number, name, body in migrations()[:version]:
        conn.execute(body)
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                     (number, name))


def names_after(version: int) -> list[str]:
    """The migrations an upgrade from `version` applies, whatever later ones there are."""
    return [name for number, name, _ in migrations() if number > version]


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
            schema_as_of(conn, 3)
            # Today's ingest also writes 006's seed flag: a column only for the fill, dropped
            # before the upgrade, so the rows are what the service wrote under 003.
            conn.execute("ALTER TABLE claims ADD COLUMN seed boolean NOT NULL DEFAULT false")
            # and 007's figure index and conflict frames, likewise dropped before the upgrade
            conn.execute("CREATE TABLE figure_keys (claim_id bigint, story text, key text, "
                         "PRIMARY KEY (story, key, claim_id))")
            conn.execute("ALTER TABLE conflicts ADD COLUMN frame text")
            # and 011's story rows
            conn.execute("CREATE SEQUENCE story_activity")
            conn.execute("CREATE TABLE stories (id text PRIMARY KEY, title text, found boolean "
                         "NOT NULL DEFAULT false, activity bigint NOT NULL DEFAULT "
                         "nextval('story_activity'))")
            # and 012's sentence heads
            conn.execute("ALTER TABLE claims ADD COLUMN head boolean NOT NULL DEFAULT true")
            # and 013's claim_rows view, which today's statements read claims through
            conn.execute((SCHEMAS_DIR / "013_claim_rows.sql").read_text())
        db = Database(url)
        db.open()
        try:
            ingestor = Ingestor(db, embedder, Settings().cluster_threshold)
            for path in seed_files(ROOT / "seeds"):
                for article in read_articles(path):
                    ingestor.ingest(article)
        finally:
            db.close()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ALTER TABLE claims DROP COLUMN seed")
            conn.execute("DROP TABLE figure_keys")
            conn.execute("ALTER TABLE conflicts DROP COLUMN frame")
            conn.execute("DROP TABLE stories")
            conn.execute("DROP SEQUENCE story_activity")
            conn.execute("ALTER TABLE claims DROP COLUMN head")
            conn.execute("DROP VIEW claim_rows")
        assert migrate(url) == names_after(3)
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


def test_an_upgrade_to_006_seeds_each_cluster_with_its_first_claim(pg_url: str) -> None:
    """Migration 006 on a database filled under 005: the first claim of each cluster becomes
    its seed, and so does each claim no earlier seed of its cluster covers (cosine 0.9); the
    HNSW index over every claim gives way to the one over seeds."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS mig_seeds WITH (FORCE)")
        conn.execute("CREATE DATABASE mig_seeds")
    url = psycopg.conninfo.make_conninfo(pg_url, dbname="mig_seeds")
    vector = "[" + ",".join(["0.05"] * 384) + "]"
    other = "[" + ",".join(["0.05", "-0.05"] * 192) + "]"  # another wording: cosine 0
    try:
        with psycopg.connect(url, autocommit=True) as conn:  # the schema as 005 left it
            schema_as_of(conn, 5)
            conn.execute("INSERT INTO articles (id, story, outlet, text, content_hash) "
                         "VALUES (1, 's', 'A', 'x', 'h')")
            conn.execute("INSERT INTO clusters (id, story) VALUES (10, 's'), (20, 's')")
            for claim_id, cluster_id, embedding in ((5, 20, vector), (6, 10, vector),
                                                    (7, 20, vector), (8, 10, vector),
                                                    (9, 10, other), (10, 10, other)):
                conn.execute(
                    "INSERT INTO claims (id, article_id, cluster_id, story, outlet, position, "
                    "text, start_char, end_char, embedding) "
                    "VALUES (%s, 1, %s, 's', 'A', %s, 'x', 0, 1, %s::vector)",
                    (claim_id, cluster_id, claim_id, embedding))
        assert migrate(url) == names_after(5)
        with psycopg.connect(url, autocommit=True) as conn:
            seeds = [r[0] for r in conn.execute("SELECT id FROM claims WHERE seed ORDER BY id")]
            assert seeds == [5, 6, 9]  # each cluster's first claim, and a second wording
            indexes = {r[0] for r in conn.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'claims'")}
            assert "claims_seed_hnsw" in indexes and "claims_embedding_hnsw" not in indexes
            # A claim written without saying otherwise is no seed.
            conn.execute("INSERT INTO claims (article_id, cluster_id, story, outlet, position, "
                         "text, start_char, end_char, embedding) "
                         "VALUES (1, 10, 's', 'A', 9, 'y', 0, 1, %s::vector)", (vector,))
            assert conn.execute("SELECT count(*) FROM claims WHERE seed").fetchone() == (3,)
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS mig_seeds WITH (FORCE)")


def test_an_upgrade_to_012_makes_the_earliest_claim_of_each_sentence_its_head(
    pg_url: str,
) -> None:
    """Migration 012 on a database filled under 011: of the claims of a story with one text,
    the earliest is its head; the same text in another story heads there too; a claim written
    without saying otherwise is a head."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS mig_heads WITH (FORCE)")
        conn.execute("CREATE DATABASE mig_heads")
    url = psycopg.conninfo.make_conninfo(pg_url, dbname="mig_heads")
    vector = "[" + ",".join(["0.05"] * 384) + "]"
    try:
        with psycopg.connect(url, autocommit=True) as conn:  # the schema as 011 left it
            schema_as_of(conn, 11)
            conn.execute("INSERT INTO articles (id, story, outlet, text, content_hash) "
                         "VALUES (1, 's', 'A', 'x', 'h'), (2, 't', 'B', 'x', 'i')")
            conn.execute("INSERT INTO clusters (id, story) VALUES (10, 's'), (20, 't')")
            for claim_id, story, text in ((5, "s", "Ten died."), (6, "s", "Ten died."),
                                          (7, "s", "Two fled."), (8, "t", "Ten died."),
                                          (9, "s", "Ten died.")):
                conn.execute(
                    "INSERT INTO claims (id, article_id, cluster_id, story, outlet, position, "
                    "text, start_char, end_char, embedding) "
                    "VALUES (%s, %s, %s, %s, 'A', %s, %s, 0, 1, %s::vector)",
                    (claim_id, 1 if story == "s" else 2, 10 if story == "s" else 20, story,
                     claim_id, text, vector))
        assert migrate(url) == names_after(11)
        with psycopg.connect(url, autocommit=True) as conn:
            heads = [r[0] for r in conn.execute("SELECT id FROM claims WHERE head ORDER BY id")]
            assert heads == [5, 7, 8]
            conn.execute("INSERT INTO claims (article_id, cluster_id, story, outlet, position, "
                         "text, start_char, end_char, embedding) "
                         "VALUES (1, 10, 's', 'A', 9, 'Ten died.', 0, 1, %s::vector)", (vector,))
            assert conn.execute("SELECT count(*) FROM claims WHERE head").fetchone() == (4,)
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS mig_heads WITH (FORCE)")
