"""Articles listed: a page of them, each with its claims, read in two queries."""

from __future__ import annotations

from collections.abc import Iterable

from reconcile.api.formats import ArticleRef
from reconcile.models import ArticleOut, ClaimOut
from reconcile.store.db import sql
from reconcile.store.repo import Conn, an_id, decode_cursor, encode_cursor


def list_articles(conn: Conn, *, story: str | None, outlet: str | None, limit: int,
                  cursor: str | None) -> tuple[list[ArticleOut], str | None]:
    before_id = decode_cursor(cursor, an_id)[0] if cursor else None
    rows = conn.execute(sql("list_articles"), {
        "story": story, "outlet": outlet, "before_id": before_id, "limit": limit + 1,
    }).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    claims: dict[int, list[ClaimOut]] = {r["id"]: [] for r in rows}
    for row in conn.execute(sql("claims_of_articles"), {"ids": list(claims)}):
        claims[row["article_id"]].append(ClaimOut.from_row(row))
    items = [ArticleOut(**r, claims=claims[r["id"]]) for r in rows]
    return items, encode_cursor(rows[-1]["id"]) if more and rows else None


def article_refs(conn: Conn, ids: Iterable[int]) -> dict[int, ArticleRef]:
    """Outlet, title, URL and time of each article, by id."""
    rows = conn.execute(sql("article_refs"), {"ids": sorted(set(ids))})
    return {r["id"]: ArticleRef(**r) for r in rows}


def reviewed_conflicts(conn: Conn, story: str) -> list[int]:
    return [r["id"] for r in conn.execute(sql("reviewed_conflicts_of_story"), {"story": story})]


def story_exists(conn: Conn, story: str) -> bool:
    row = conn.execute(sql("story_has_articles"), {"story": story}).fetchone()
    return bool(row and row["found"])
