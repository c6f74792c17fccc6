"""Driver errors become reconcile's own in store/db.py: a value the database refuses is a 4xx,
an unreachable database a 503, and neither carries the driver's text."""

from __future__ import annotations

import logging

import psycopg
import pytest

from reconcile.errors import Clash, DatabaseError, ReconcileError, RejectedValue
from reconcile.store.db import Database, translate_errors

DRIVER_WORDS = ("psycopg", "PostgreSQL", "bigint", "SELECT", "syntax", "0x00", "refused",
                "surrogate", "utf-8")


def assert_no_driver_text(exc: ReconcileError) -> None:
    text = f"{exc.detail} {exc.title} {exc.extra}"
    assert not any(word.lower() in text.lower() for word in DRIVER_WORDS), text


@pytest.mark.parametrize(("statement", "params"), [
    ("SELECT %s::text", ("a\x00b",)),  # NUL: the driver refuses it
    ("SELECT %s::text", ("a\ud800b",)),  # a lone surrogate: UTF-8 cannot encode it
    ("SELECT %s::bigint", (2**70,)),  # out of range
    ("SELECT 'abc'::bigint", None),  # invalid text representation
    ("SELECT %s::jsonb", ('"\\u0000"',)),  # jsonb holds no NUL either
    ("SELECT 1 FROM articles WHERE id = %s", ("abc",)),  # a value of the wrong type
    ("SELECT nothing FROM nowhere", None),  # the statement cannot run as given
])
def test_a_value_the_database_refuses_is_a_4xx_without_driver_text(
    db: Database, statement: str, params: tuple[object, ...] | None
) -> None:
    with pytest.raises(RejectedValue) as caught, db.transaction() as conn:
        conn.execute(statement, params)
    assert 400 <= caught.value.status_code < 500
    assert_no_driver_text(caught.value)


def test_a_duplicate_is_a_409_conflict(db: Database) -> None:
    with pytest.raises(Clash) as caught, db.transaction() as conn:
        conn.execute("CREATE TEMPORARY TABLE t (k int PRIMARY KEY)")
        conn.execute("INSERT INTO t VALUES (1), (1)")
    assert caught.value.status_code == 409
    assert_no_driver_text(caught.value)


def test_an_unreachable_database_is_a_503_and_the_driver_text_goes_to_the_log(
    caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="reconcile.store.db"), \
            pytest.raises(DatabaseError) as caught, translate_errors():
        psycopg.connect("host=127.0.0.1 port=1 dbname=nothing connect_timeout=2")
    assert caught.value.status_code == 503
    assert_no_driver_text(caught.value)
    logged = [r for r in caplog.records if getattr(r, "action", None) == "database"]
    assert logged and "OperationalError" in str(getattr(logged[0], "error", ""))


def test_the_database_still_works_after_a_refused_value(db: Database) -> None:
    with pytest.raises(RejectedValue), db.transaction() as conn:
        conn.execute("SELECT %s::text", ("\x00",))
    with db.transaction() as conn:
        assert conn.execute("SELECT 1 AS one").fetchone() == {"one": 1}
