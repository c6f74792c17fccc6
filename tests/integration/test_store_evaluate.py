"""reconcile.store.evaluate: the scratch database of `reconcile eval` and what it reads back."""

from __future__ import annotations

import os

import psycopg
import pytest

from reconcile.store.db import Database, migrations
from reconcile.store.evaluate import EVAL_DATABASE, fresh_database, has_active_conflict
from tests import store_helpers


def add_conflict(db: Database, story: str, *, active: bool) -> None:
    with db.transaction() as conn:
        cluster = store_helpers.insert_cluster(conn, story)
        conn.execute(
            "INSERT INTO conflicts (story, cluster_id, key, kind, severity, explanation, "
            "positions, claim_ids, active) VALUES (%s, %s, 'k', 'numeric', 0.5, 'x', "
            "'[]'::jsonb, '{}', %s)", (story, cluster, active))


def test_has_active_conflict_counts_only_the_storys_active_ones(db: Database) -> None:
    add_conflict(db, "flagged", active=True)
    add_conflict(db, "settled", active=False)
    with db.transaction() as conn:
        assert has_active_conflict(conn, "flagged")
        assert not has_active_conflict(conn, "settled")
        assert not has_active_conflict(conn, "absent")


@pytest.mark.skipif(bool(os.environ.get("RECONCILE_TEST_DATABASE_URL")),
                    reason=f"would drop a {EVAL_DATABASE} database on a server shared with "
                           "real runs")
def test_fresh_database_is_migrated_and_forgets_the_last_run(pg_url: str) -> None:
    url = fresh_database(pg_url)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
            assert versions == [v for v, _, _ in migrations()]
            conn.execute("INSERT INTO clusters (story) VALUES ('left-over')")
        again = fresh_database(pg_url)
        assert again == url
        with psycopg.connect(again) as conn:
            row = conn.execute("SELECT count(*) FROM clusters").fetchone()
            assert row is not None and row[0] == 0
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {EVAL_DATABASE} WITH (FORCE)")
