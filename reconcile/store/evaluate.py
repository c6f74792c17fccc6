"""What `reconcile eval` asks of the database: a fresh scratch database, a count to score.

Statements come from evaluate.sql.
"""

from __future__ import annotations

from typing import Any

import psycopg

from reconcile.store.db import migrate, sql, translate_errors

Conn = Any

EVAL_DATABASE = "reconcile_eval"


def fresh_database(base: str) -> str:
    """Drop and re-create the evaluation database on the server at `base`, migrate it and
    return its URL: each run scores what it stored itself, nothing left from an earlier one."""
    with translate_errors(), psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql("drop_eval_database"))
        conn.execute(sql("create_eval_database"))
    url = psycopg.conninfo.make_conninfo(base, dbname=EVAL_DATABASE)
    migrate(url)
    return url


def has_active_conflict(conn: Conn, story: str) -> bool:
    """Whether the story holds a conflict that is still active."""
    row = conn.execute(sql("active_conflicts_of_story"), {"s": story}).fetchone()
    return bool(row and row["n"])
