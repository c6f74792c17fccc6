"""schemas/schema.sql is the schema the migrations build, statement for statement.

As procrastinate's migration test: a database built by every migration and one built from
schema.sql alone dump (pg_dump --schema-only, normalised) to the same text. When a migration
is added, `.venv/bin/python -m reconcile.store.schema_dump` writes the file again.
"""

from __future__ import annotations

import difflib

import psycopg

from reconcile.store.db import migrations
from reconcile.store.schema_dump import (
    SCHEMA_FILE,
    dump_schema,
    migrated_schema,
    normalise,
    scratch_database,
    with_header,
)
from tests.integration.test_migrations import schema_as_of

REGENERATE = "run `.venv/bin/python -m reconcile.store.schema_dump` to write it again"


def _diff(expected: str, actual: str) -> str:
    return "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        "schemas/schema.sql", "migrations", n=2))


def test_schema_file_is_the_dump_of_a_database_built_by_every_migration(pg_url: str) -> None:
    expected = SCHEMA_FILE.read_text()
    actual = with_header(migrated_schema(pg_url))
    assert actual == expected, f"schema.sql is stale; {REGENERATE}\n{_diff(expected, actual)}"


def test_schema_file_loaded_alone_builds_the_same_schema_as_the_migrations(pg_url: str) -> None:
    with scratch_database(pg_url) as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(SCHEMA_FILE.read_text())  # no parameters: many statements at once
        from_file = dump_schema(url)
    from_migrations = migrated_schema(pg_url)
    assert from_file == from_migrations, _diff(from_file, from_migrations)


def test_a_database_one_migration_short_does_not_match_the_schema_file(pg_url: str) -> None:
    """The comparison sees a missing migration: it is not vacuously equal."""
    with scratch_database(pg_url) as url:
        with psycopg.connect(url, autocommit=True) as conn:
            schema_as_of(conn, len(migrations()) - 1)
        short = dump_schema(url)
    assert short != normalise(SCHEMA_FILE.read_text())


def test_schema_file_header_names_the_last_migration_and_the_command() -> None:
    header = SCHEMA_FILE.read_text().split("\n\n", 1)[0]
    assert f"001 to {migrations()[-1][0]:03d}" in header
    assert "python -m reconcile.store.schema_dump" in header


def test_normalise_drops_what_varies_between_dumps_and_keeps_statements() -> None:
    dump = ("--\n-- Dumped from database version 16.2\n--\n\\restrict aBc123\n"
            "SET statement_timeout = 0;\nSELECT pg_catalog.set_config('search_path', '', false);"
            "\n\n\n\nCREATE TABLE public.t (\n    id bigint\n);\n\n\n"
            "CREATE INDEX t_id ON public.t USING btree (id);\n\\unrestrict aBc123\n")
    assert normalise(dump) == ("CREATE TABLE public.t (\n    id bigint\n);\n\n"
                               "CREATE INDEX t_id ON public.t USING btree (id);\n")
