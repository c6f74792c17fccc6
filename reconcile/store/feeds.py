"""Feeds and the entries they listed: registered, leased for a poll, recorded."""

from __future__ import annotations

from typing import Any

from reconcile.errors import NotFound
from reconcile.store.db import sql
from reconcile.store.repo import Conn, an_id, decode_cursor, encode_cursor


def insert_feed(conn: Conn, *, url: str, story: str | None, outlet: str | None,
                interval_s: int) -> tuple[dict[str, Any], bool]:
    """The feed stored, and whether it is new (False: its URL was registered before)."""
    row = conn.execute(sql("insert_feed"), {"url": url, "story": story, "outlet": outlet,
                                            "interval_s": interval_s}).fetchone()
    if row is not None:
        return row, True
    row = conn.execute(sql("feed_by_url"), {"url": url}).fetchone()
    assert row is not None
    return row, False


def list_feeds(conn: Conn, *, limit: int, cursor: str | None
               ) -> tuple[list[dict[str, Any]], str | None]:
    """A page of feeds, first registered first, and the cursor of the next (None: the last)."""
    after_id = decode_cursor(cursor, an_id)[0] if cursor else None
    rows = conn.execute(sql("list_feeds"), {"after_id": after_id, "limit": limit + 1}).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1]["id"]) if more and rows else None


def delete_feed(conn: Conn, feed_id: int) -> None:
    if conn.execute(sql("delete_feed"), {"id": feed_id}).fetchone() is None:
        raise NotFound(f"no feed with id {feed_id}")


def claim_due(conn: Conn, *, limit: int, lease_s: float) -> list[dict[str, Any]]:
    return conn.execute(sql("claim_due_feeds"), {"limit": limit, "lease_s": lease_s}).fetchall()


def finish_poll(conn: Conn, feed_id: int, **fields: Any) -> None:
    conn.execute(sql("finish_poll"), {"id": feed_id, **fields})


def items(conn: Conn, feed_id: int, keys: list[str]) -> dict[str, dict[str, Any]]:
    return {r["key"]: r for r in conn.execute(sql("feed_items"),
                                              {"feed_id": feed_id, "keys": keys})}


def record_item(conn: Conn, feed_id: int, *, key: str, url: str, status: str,
                article_id: int | None = None, last_error: str | None = None,
                retry_s: float = 0) -> None:
    conn.execute(sql("record_feed_item"), {
        "feed_id": feed_id, "key": key, "url": url, "status": status,
        "article_id": article_id, "last_error": last_error, "retry_s": retry_s})
