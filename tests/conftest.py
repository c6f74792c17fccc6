"""Shared fixtures: one PostgreSQL per test session, a fresh database per test, one model.

The server is the embedded pgserver (or RECONCILE_TEST_DATABASE_URL, any PostgreSQL with
pgvector). Migrations run once into a template database; each test gets a clone of it
(CREATE DATABASE ... TEMPLATE), which takes milliseconds.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.gettempdir())

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from reconcile.embedding.embed import Embedder
from reconcile.settings import Settings
from reconcile.store.db import migrate, start_embedded

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = "reconcile_test_template"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """Maintenance URL of the session's PostgreSQL server."""
    external = os.environ.get("RECONCILE_TEST_DATABASE_URL")
    if external:
        yield external
        return
    # Not under pytest's basetemp: pytest prunes old basetemp folders, and a concurrent
    # session doing so would delete a running server's data directory.
    data = Path(tempfile.mkdtemp(prefix="reconcile-test-pg-"))
    # atexit runs last-registered first: pgserver's own hook (registered when the server
    # starts, below) stops the server, then this one removes its data.
    atexit.register(shutil.rmtree, data, True)
    yield start_embedded(data)


@pytest.fixture(scope="session")
def template_url(pg_url: str) -> str:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
    url = make_conninfo(pg_url, dbname=TEMPLATE)
    migrate(url)
    return url


def create_database(pg_url: str, template: str = TEMPLATE) -> tuple[str, str]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return name, make_conninfo(pg_url, dbname=name)


def drop_database(pg_url: str, name: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database_url(pg_url: str, template_url: str) -> Iterator[str]:
    """A fresh, migrated database for one test."""
    name, url = create_database(pg_url)
    yield url
    drop_database(pg_url, name)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real model, loaded once for the whole session."""
    return Embedder()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(RECONCILE_DATA_DIR=tmp_path / "data", RECONCILE_SEEDS_DIR=ROOT / "seeds")
