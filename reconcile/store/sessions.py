"""Dashboard sessions that exist server-side, so that signing out ends them everywhere.

Statements come from sessions.sql. The cookie carries a random session id; only its SHA-256
is stored, so the table alone never lets anyone act as a reviewer.
"""

from __future__ import annotations

import hashlib

from reconcile.store import repo
from reconcile.store.db import sql

Conn = repo.Conn


def _hashed(session_id: str) -> bytes:
    return hashlib.sha256(session_id.encode()).digest()


def start(conn: Conn, session_id: str, reviewer: str, seconds: int) -> None:
    conn.execute(sql("sessions_expired_delete"))
    conn.execute(sql("session_start"), {"id_hash": _hashed(session_id), "reviewer": reviewer,
                                        "seconds": seconds})


def reviewer_of(conn: Conn, session_id: str) -> str | None:
    """The session's reviewer, or None once it ended or expired (or never existed)."""
    row = conn.execute(sql("session_reviewer"), {"id_hash": _hashed(session_id)}).fetchone()
    return row["reviewer"] if row else None


def end(conn: Conn, session_id: str) -> None:
    conn.execute(sql("session_end"), {"id_hash": _hashed(session_id)})
