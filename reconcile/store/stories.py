"""Stories in the database: leads found by vector, story rows, moves and merges.

Statements come from stories.sql by name; the decisions are reconcile/stories.py's.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from reconcile.store.db import sql
from reconcile.store.repo import Conn
from reconcile.stories import Lead, Neighbour


def lock_new_stories(conn: Conn) -> None:
    conn.execute(sql("lock_new_stories"))


def nearest_leads(conn: Conn, embedding: np.ndarray, k: int) -> list[Neighbour]:
    return [Neighbour(r["story"], float(r["similarity"]), frozenset(r["names"]),
                      frozenset(r["figures"]), r["at"])
            for r in conn.execute(sql("nearest_leads"), {"embedding": embedding, "k": k})]


def insert_lead(conn: Conn, article_id: int, lead: Lead, embedding: np.ndarray) -> None:
    conn.execute(sql("insert_lead"), {
        "article_id": article_id, "embedding": embedding, "names": sorted(lead.names),
        "figures": sorted(lead.figures), "at": lead.at})


def create_story(conn: Conn, ids: Iterable[str], title: str) -> str:
    """Start a story under the first of `ids` not taken; its id."""
    for story in ids:
        if conn.execute(sql("create_story"), {"id": story, "title": title}).fetchone():
            return story
    raise RuntimeError("every id offered for a new story is taken")


def touch_story(conn: Conn, story: str, title: str | None) -> None:
    conn.execute(sql("touch_story"), {"id": story, "title": title})

