"""Stories in the database: leads found by vector, story rows, moves and merges.

Statements come from stories.sql by name; the decisions are reconcile/rules/stories.py's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from psycopg.types.json import Jsonb

from reconcile.errors import NotFound
from reconcile.models import StoryEvent, StoryOut
from reconcile.rules.stories import Lead, Neighbour
from reconcile.store.db import sql
from reconcile.store.repo import Conn, an_id, decode_cursor, encode_cursor, unreviewed


def lock_new_stories(conn: Conn) -> None:
    conn.execute(sql("lock_new_stories"))


# The HNSW scan of leads keeps pgvector's default candidates (hnsw.ef_search 40; nothing in an
# ingest transaction raises it, and NEIGHBOURS is below it). A new event's few leads are a small
# island among many stored ones that the graph search misses however much that is raised
# (bench/stories.py, with 100k stored leads); reading the newest leads exactly (RECENT_LEADS)
# finds them: follow-ups join their story at 100k stored leads as at 1k (bench/RESULTS.md).
# The newest leads read exactly besides (nearest_leads in stories.sql): about a day of a large
# newsroom's articles, a fixed cost however many leads are stored.
RECENT_LEADS = 2000


def nearest_leads(conn: Conn, embedding: np.ndarray, k: int) -> list[Neighbour]:
    return [Neighbour(r["story"], float(r["similarity"]), frozenset(r["names"]),
                      frozenset(r["figures"]), r["at"])
            for r in conn.execute(sql("nearest_leads"), {"embedding": embedding, "k": k,
                                                         "recent": RECENT_LEADS})]


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



def _story(conn: Conn, row: dict[str, Any], with_events: bool) -> StoryOut:
    events = [StoryEvent(**e) for e in conn.execute(sql("story_events"), {"story": row["id"]})
              ] if with_events else []
    return StoryOut(**{k: v for k, v in row.items() if k != "activity"}, events=events)


def list_stories(conn: Conn, *, q: str | None, limit: int, cursor: str | None
                 ) -> tuple[list[StoryOut], str | None]:
    before = decode_cursor(cursor, an_id)[0] if cursor else None
    pattern = None
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = conn.execute(sql("list_stories"), {"pattern": pattern, "before": before,
                                              "limit": limit + 1}).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [_story(conn, r, False) for r in rows]
    return items, encode_cursor(rows[-1]["activity"]) if more and rows else None


def get_story(conn: Conn, story: str) -> StoryOut:
    row = conn.execute(sql("get_story"), {"id": story}).fetchone()
    if row is None:
        raise NotFound(f"no story with id {story}")
    return _story(conn, row, True)


def record(conn: Conn, story: str, actor: str, action: str, before: dict[str, Any],
           after: dict[str, Any]) -> None:
    conn.execute(sql("insert_story_event"), {"story": story, "actor": actor, "action": action,
                                             "before": Jsonb(before), "after": Jsonb(after)})


def articles_of(conn: Conn, story: str) -> list[int]:
    return [r["id"] for r in conn.execute(sql("articles_of_story"), {"story": story})]


@dataclass(frozen=True)
class Detached:
    """What taking an article's claims out of a story left behind, for the caller to reconcile
    again."""

    clusters: set[int]
    """The clusters the claims were in."""
    others: set[int]
    """The other claims of the numeric conflicts they were part of."""
    keys: list[str]
    """The figure keys of those claims."""
    spans: dict[tuple[int, int], int]
    """Each claim's id by its (start, end) in the article's text."""
    reviewed: list[int]
    """The numeric conflicts kept, inactive, because a reviewer acted on them."""


def detach_claims(conn: Conn, story: str, article_id: int) -> Detached:
    """Delete an article's claims from its story, and the numeric conflicts they were part of
    (a reviewed one is kept, inactive, with its decision)."""
    rows = conn.execute(sql("claims_of_article_ids"), {"article_id": article_id}).fetchall()
    ids = [r["id"] for r in rows]
    clusters = {r["cluster_id"] for r in rows}
    others: set[int] = set()
    reviewed = []
    for row in conn.execute(sql("numeric_conflicts_with_claims"),
                            {"story": story, "ids": ids}).fetchall():
        others |= set(row["claim_ids"]) - set(ids)
        deletable = unreviewed(row)
        conn.execute(sql("delete_conflict" if deletable else "deactivate_conflict"),
                     {"id": row["id"]})
        if not deletable:
            reviewed.append(row["id"])
    keys = [r["key"] for r in conn.execute(sql("figure_keys_of_claims"), {"ids": sorted(others)})]
    conn.execute(sql("delete_claims_of_article"), {"article_id": article_id})
    headed = sorted({r["text"] for r in rows if r["head"]})
    if headed:
        conn.execute(sql("restore_heads"), {"story": story, "texts": headed})
    conn.execute(sql("delete_empty_clusters"), {"ids": sorted(clusters)})
    spans = {(r["start_char"], r["end_char"]): r["id"] for r in rows}
    return Detached(clusters, others, keys, spans, reviewed)


def carry_reviews(conn: Conn, target: str, reviewed: Iterable[int], moved: dict[int, int],
                  actor: str) -> list[int]:
    """Reviewed conflicts that lost their claims to `target` (`moved`: old claim id -> new
    one there) and were not found again where they were: each that is found again in `target`
    (the same figures' key, holding every one of its claims, now open and untouched) takes
    that conflict's place, so the reviewer's decision follows it. The ids carried."""
    carried = []
    for row in conn.execute(sql("conflicts_by_ids_for_update"),
                            {"ids": sorted(set(reviewed))}).fetchall():
        now = [moved.get(i) for i in row["claim_ids"]]
        if row["active"] or not now or None in now:
            continue
        found = next((f for f in conn.execute(sql("numeric_conflicts_holding"),
                                              {"story": target, "ids": now}).fetchall()
                      if same_figures(f["key"], row["key"]) and unreviewed(f)), None)
        if found is None:
            continue
        conn.execute(sql("delete_conflict"), {"id": found["id"]})
        conn.execute(sql("take_place_of_conflict"), {
            **{k: found[k] for k in ("story", "cluster_id", "key", "severity", "explanation",
                                     "measure", "claim_ids", "frame")},
            "positions": Jsonb(found["positions"]), "id": row["id"]})
        conn.execute(sql("delete_empty_clusters"), {"ids": [row["cluster_id"]]})
        conn.execute(sql("insert_conflict_event"), {
            "conflict_id": row["id"], "actor": actor, "action": "move",
            "before": Jsonb({"story": row["story"], "claim_ids": row["claim_ids"]}),
            "after": Jsonb({"story": target, "claim_ids": found["claim_ids"]})})
        carried.append(row["id"])
    return carried


def same_figures(key: str, other: str) -> bool:
    """Whether two numeric conflicts' keys ('numeric:<quantity>@<claim>.<offset>') name the
    same quantity; the part after '@' names the first claim, whose id a move changes."""
    return key.partition("@")[0] == other.partition("@")[0]


def set_article_story(conn: Conn, article_id: int, story: str) -> None:
    conn.execute(sql("set_article_story"), {"id": article_id, "story": story})


def mark_merged(conn: Conn, story: str, into: str) -> None:
    conn.execute(sql("mark_merged"), {"id": story, "into": into})
