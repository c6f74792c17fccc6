"""Write schemas/schema.sql: the schema every migration together builds, as pg_dump prints it.

    .venv/bin/python -m reconcile.store.schema_dump

builds a scratch database with every migration on an embedded PostgreSQL and writes its dump;
tests/integration/test_schema_file.py fails when the file and the migrations disagree.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

from reconcile.store.db import (
    SCHEMAS_DIR,
    migrate,
    migrations,
    start_embedded,
    translate_errors,
)

SCHEMA_FILE = SCHEMAS_DIR / "schema.sql"

HEADER = """\
-- The current schema: what migrations 001 to {last:03d} build together, as pg_dump prints it.
-- Generated; do not edit. After adding a migration, regenerate it with one command:
--     .venv/bin/python -m reconcile.store.schema_dump
-- tests/integration/test_schema_file.py checks that the migrations build exactly this.
"""


def pg_dump_path() -> Path:
    """pg_dump as shipped with pgserver, so the text does not vary with whatever is installed."""
    from pgserver._commands import POSTGRES_BIN_PATH  # lazily: only dumping needs it

    return Path(POSTGRES_BIN_PATH) / "pg_dump"


def normalise(dump: str) -> str:
    """The statements of a pg_dump --schema-only, without what varies from dump to dump: its
    comments (versions), session settings, and the random key of psql's \\restrict lines."""
    kept = [ln.rstrip() for ln in dump.splitlines()
            if not ln.startswith(("--", "SET ", "SELECT pg_catalog.set_config(", "\\restrict",
                                  "\\unrestrict"))]
    out: list[str] = []
    for line in kept:
        if line or (out and out[-1]):  # one blank line between statements, however many
            out.append(line)
    return "\n".join(out).strip() + "\n"


def dump_schema(url: str) -> str:
    """The normalised schema of the database at `url`."""
    done = subprocess.run(
        [str(pg_dump_path()), "--schema-only", "--no-owner", "--no-privileges",
         "--no-tablespaces", "--dbname", url],
        check=True, capture_output=True, text=True)
    return normalise(done.stdout)


def with_header(schema: str) -> str:
    """The file's text: the header, then the schema; normalise() reads the schema back."""
    return HEADER.format(last=migrations()[-1][0]) + "\n" + schema


@contextmanager
def scratch_database(server: str) -> Iterator[str]:
    """An empty database on the server at `server`, dropped on the way out."""
    name = f"schema_{uuid.uuid4().hex[:12]}"
    with translate_errors(), psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # name is ours: hex digits
    try:
        yield make_conninfo(server, dbname=name)
    finally:
        with translate_errors(), psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrated_schema(server: str) -> str:
    """The normalised dump of a fresh database built by every migration on `server`."""
    with scratch_database(server) as url:
        migrate(url)
        return dump_schema(url)


def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="reconcile-schema-pg-"))
    # atexit runs last-registered first: pgserver's hook, registered as the server starts,
    # stops it, then this one removes its data.
    atexit.register(shutil.rmtree, data, True)
    schema = migrated_schema(start_embedded(data))
    SCHEMA_FILE.write_text(with_header(schema))
    print(f"wrote {SCHEMA_FILE}", file=sys.stderr)


if __name__ == "__main__":
    main()
