"""What the review dashboard reads and writes, by page. Statements come from reviews.sql.

Only data here: rows become the API's own models (ConflictOut, ClaimOut, ...) or small row
models; what to make of them is decided in reconcile/dashboard. Single conflicts, clusters and
articles are read with repo.py's functions, so the pages and the API cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from reconcile.models import ArticleBase, ClaimOut, ConflictOut, StoryOut
from reconcile.store import repo
from reconcile.store.db import sql

Conn = repo.Conn


class ArticleText(ArticleBase):
    """An article as the claims' context needs it."""

    text: str


class ArticleRow(ArticleBase):
    created_at: datetime
    claims: int
    disputed: int


class OutletRow(BaseModel):
    outlet: str
    articles: int
    claims: int
    numeric_claims: int
    credited_claims: int


class SourceRow(BaseModel):
    key: str
    name: str
    """The longest spelling of the key."""
    spellings: list[str]
    """Every spelling of the key the claims use."""
    kind: str
    claims: int
    numeric_claims: int
    outlet_names: list[str]


class StoryChoice(BaseModel):
    """A story as a filter menu offers it."""

    id: str
    title: str | None


class Neighbours(BaseModel):
    next_id: int | None
    prev_id: int | None


def _conflicts(conn: Conn, rows: Sequence[dict[str, Any]]) -> list[ConflictOut]:
    """Rows of `conflicts` as ConflictOut, their claims fetched in one statement."""
    claims = {c.id: c for c in repo.claims_by_ids(conn, sorted(
        {i for r in rows for i in r["claim_ids"]}))}
    out = []
    for r in rows:
        fields = {k: v for k, v in r.items() if k not in {"key", "claim_ids"}}
        out.append(ConflictOut(**fields, claims=[claims[i] for i in r["claim_ids"]
                                                 if i in claims]))
    return out


# --- the queue --------------------------------------------------------------------------------


def queue(conn: Conn, params: dict[str, Any]) -> tuple[list[ConflictOut], dict[str, int]]:
    """One page of the queue and the number of conflicts per status under the same filters."""
    rows = conn.execute(sql("dashboard_queue"), params).fetchall()
    counts = {r["status"]: int(r["n"]) for r in
              conn.execute(sql("dashboard_status_counts"), params)}
    return _conflicts(conn, rows), counts


def conflicts_by_ids(conn: Conn, ids: Sequence[int]) -> list[ConflictOut]:
    """Several conflicts in the order asked for (unknown ids are left out)."""
    rows = conn.execute(sql("dashboard_conflicts_by_ids"), {"ids": list(ids)}).fetchall()
    found = {c.id: c for c in _conflicts(conn, rows)}
    return [found[i] for i in ids if i in found]


def filter_options(conn: Conn) -> tuple[list[StoryChoice], list[str]]:
    """(stories, outlets) for the queue's filter menus."""
    return story_choices(conn), [r["outlet"] for r in conn.execute(sql("dashboard_outlet_names"))]


def story_choices(conn: Conn) -> list[StoryChoice]:
    """The stories a filter menu offers, newest activity first."""
    return [StoryChoice(id=r["story"], title=r["title"])
            for r in conn.execute(sql("dashboard_stories"))]


def stories(conn: Conn, params: dict[str, Any]) -> tuple[list[StoryOut], int]:
    """One page of stories (StoryFilter.sql_params) and how many match in all."""
    rows = conn.execute(sql("dashboard_story_list"), params).fetchall()
    total = conn.execute(sql("dashboard_story_count"), params).fetchone()
    return [StoryOut(**r) for r in rows], int(total["n"]) if total else 0


def neighbours(conn: Conn, conflict_id: int) -> Neighbours:
    row = conn.execute(sql("dashboard_neighbours"), {"id": conflict_id}).fetchone()
    return Neighbours(**row) if row else Neighbours(next_id=None, prev_id=None)


# --- one conflict, cluster, article -----------------------------------------------------------


def conflict(conn: Conn, conflict_id: int) -> ConflictOut:
    """A conflict with its claims and audit events (NotFound when there is none)."""
    return repo.conflict_out(conn, repo.get_conflict(conn, conflict_id), with_events=True)


def articles_by_ids(conn: Conn, ids: Sequence[int]) -> dict[int, ArticleText]:
    return {r["id"]: ArticleText(**r) for r in
            conn.execute(sql("dashboard_articles_by_ids"), {"ids": sorted(set(ids))})}


def cluster_claims(conn: Conn, cluster_id: int) -> list[ClaimOut]:
    return repo.claims_of_clusters(conn, [cluster_id])[cluster_id]


def claims_of_clusters(conn: Conn, cluster_ids: Sequence[int]) -> dict[int, list[ClaimOut]]:
    """Every claim of each cluster, in one statement."""
    return repo.claims_of_clusters(conn, cluster_ids)


def conflicts_of_cluster(conn: Conn, cluster_id: int) -> list[ConflictOut]:
    """Every conflict of a cluster, including inactive ones a reviewer already acted on."""
    rows = conn.execute(sql("conflicts_of_cluster"), {"cluster_id": cluster_id}).fetchall()
    return _conflicts(conn, rows)


def conflicts_of_claims(conn: Conn, claim_ids: Sequence[int]) -> list[ConflictOut]:
    rows = conn.execute(sql("dashboard_conflicts_of_claims"), {"ids": list(claim_ids)}).fetchall()
    return _conflicts(conn, rows)


def articles(conn: Conn, *, story: str | None = None, outlet: str | None = None,
             limit: int = 200) -> list[ArticleRow]:
    return [ArticleRow(**r) for r in conn.execute(sql("dashboard_articles"), {
        "story": story, "outlet": outlet, "limit": limit})]


# --- outlets and sources ----------------------------------------------------------------------


def outlet_stats(conn: Conn) -> list[OutletRow]:
    return [OutletRow(**r) for r in conn.execute(sql("dashboard_outlet_stats"))]


def source_stats(conn: Conn) -> list[SourceRow]:
    return [SourceRow(**r) for r in conn.execute(sql("dashboard_source_stats"))]


def claims_of_outlet(conn: Conn, outlet: str, limit: int = 500) -> list[ClaimOut]:
    return [ClaimOut.from_row(r) for r in conn.execute(sql("dashboard_claims_of_outlet"), {
        "outlet": outlet, "limit": limit})]


def claims_of_sources(conn: Conn, keys: Sequence[str], limit: int = 500) -> list[ClaimOut]:
    return [ClaimOut.from_row(r) for r in conn.execute(sql("dashboard_claims_of_sources"), {
        "keys": list(keys), "limit": limit})]


# --- writes -----------------------------------------------------------------------------------


def review_many(conn: Conn, changes: Sequence[tuple[int, dict[str, Any]]], actor: str) -> None:
    """Apply review decisions to several conflicts in the caller's one transaction.

    Each goes through repo.review_conflict (row lock, update, audit event), so a bulk action
    leaves the same trail as one-by-one clicks; any failure rolls all of them back.
    """
    for conflict_id, change in changes:
        repo.review_conflict(conn, conflict_id, actor=actor, changes=change)
