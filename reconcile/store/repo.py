"""Rows to domain objects and back. Every statement is read by name from the store's .sql files."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import psycopg
from psycopg.types.json import Jsonb

from reconcile.domain import Claim, ConflictDraft
from reconcile.errors import InvalidCursor, NotFound
from reconcile.models import (
    ArticleOut,
    ClaimCopy,
    ClaimOut,
    ClusterOut,
    ConflictEvent,
    ConflictOut,
    SimilarClaim,
)
from reconcile.store.db import sql

Conn = psycopg.Connection[dict[str, Any]]


# --- cursors: opaque to clients, keyset underneath --------------------------------------------


MAX_ID = 2**63 - 1  # bigint: ids, and offsets into a list, fit in one
MAX_CURSOR = 200  # characters: every cursor this API writes is far shorter


def encode_cursor(*parts: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


def an_id(value: Any) -> bool:
    return type(value) is int and 1 <= value <= MAX_ID


def an_offset(value: Any) -> bool:
    # Into a list past its first page: a next page starts one page in, at least.
    return type(value) is int and 1 <= value <= MAX_ID


def a_severity(value: Any) -> bool:
    # NaN fails both comparisons; bool is an int but never a severity.
    return type(value) in (int, float) and 0 <= value <= 1


def decode_cursor(cursor: str, *parts: Callable[[Any], bool]) -> list[Any]:
    """The values of a cursor encode_cursor wrote, each passing its check in `parts`.

    A cursor is opaque to clients but not trusted: a forged one ('["abc"]', '[-5]', junk) is
    InvalidCursor (400) here, before any of it reaches SQL.
    """
    try:
        if len(cursor) > MAX_CURSOR:
            raise ValueError
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.b64decode(padded.encode(), altchars=b"-_", validate=True))
    except (ValueError, RecursionError) as exc:  # binascii.Error is a ValueError
        raise _invalid_cursor() from exc
    if (not isinstance(values, list) or len(values) != len(parts)
            or not all(ok(v) for ok, v in zip(parts, values, strict=True))):
        raise _invalid_cursor()
    return values


def _invalid_cursor() -> InvalidCursor:
    return InvalidCursor(errors=[{"field": "cursor", "message": "not a cursor this API returned"}])


# --- articles and claims ---------------------------------------------------------------------


def find_duplicate(conn: Conn, story: str, url: str | None, outlet: str, content_hash: str
                   ) -> int | None:
    row = conn.execute(sql("find_duplicate_article"), {
        "story": story, "url": url, "outlet": outlet, "content_hash": content_hash,
    }).fetchone()
    return int(row["id"]) if row else None


def lock_story(conn: Conn, story: str) -> None:
    conn.execute(sql("lock_story"), {"story": story})


def insert_article(conn: Conn, **fields: Any) -> dict[str, Any]:
    row = conn.execute(sql("insert_article"), fields).fetchone()
    assert row is not None
    return row


def merge_clusters(conn: Conn, into: int, others: Sequence[int]) -> None:
    """Move the claims and conflicts of `others` into `into` and drop the emptied clusters.

    Conflicts with the same key in two merged clusters are one conflict now: the one a
    reviewer acted on (or else the oldest) is kept; an unreviewed duplicate is deleted and a
    reviewed one is kept inactive, so no decision is lost.
    """
    ids = [into, *others]
    conn.execute(sql("move_claims"), {"into": into, "others": list(others)})
    rows = conn.execute(sql("conflicts_of_clusters"), {"ids": ids}).fetchall()
    by_key: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_key.setdefault(row["key"], []).append(row)
    for key, group in by_key.items():
        group.sort(key=lambda r: (r["status"] == "open" and r["note"] is None, r["id"]))
        keep, *rest = group
        for row in rest:
            if unreviewed(row):
                conn.execute(sql("delete_conflict"), {"id": row["id"]})
            else:
                conn.execute(sql("move_conflict"), {"id": row["id"], "cluster_id": into,
                                                    "key": f"{key}#merged-{row['id']}",
                                                    "active": False})
        conn.execute(sql("move_conflict"), {"id": keep["id"], "cluster_id": into, "key": key,
                                            "active": keep["active"]})
    conn.execute(sql("delete_clusters"), {"ids": list(others)})


def touch_clusters(conn: Conn, ids: Sequence[int]) -> None:
    conn.execute(sql("touch_clusters"), {"ids": list(ids)})


def claim_params(*, article_id: int, cluster_id: int, story: str, outlet: str, claim: Claim,
                 embedding: np.ndarray, seed: bool, head: bool = True) -> dict[str, Any]:
    """The parameters of queries.sql's insert_claim for one claim (batch.insert_claims);
    `seed`: the claim starts its cluster, and its vector goes into the global HNSW index
    (schemas/006); `head`: no earlier claim of the story has its text (schemas/012)."""
    return {
        "article_id": article_id, "cluster_id": cluster_id, "story": story, "outlet": outlet,
        "position": claim.index, "text": claim.text, "start_char": claim.start,
        "end_char": claim.end,
        "values": Jsonb([v.model_dump(mode="json") for v in claim.values]),
        "source": Jsonb(claim.source.model_dump(mode="json")) if claim.source else None,
        "citations": Jsonb([c.model_dump(mode="json") for c in claim.citations]),
        "time_span": Jsonb(claim.time_span.model_dump(mode="json")) if claim.time_span else None,
        "quote": claim.quote, "embedding": embedding, "seed": seed, "head": head,
    }


def get_article(conn: Conn, article_id: int, *, duplicate: bool = False) -> ArticleOut:
    row = conn.execute(sql("get_article"), {"id": article_id}).fetchone()
    if row is None:
        raise NotFound(f"no article with id {article_id}")
    claims = [ClaimOut.from_row(r) for r in
              conn.execute(sql("claims_of_article"), {"article_id": article_id})]
    return ArticleOut(**row, claims=claims, duplicate=duplicate)


def claims_of_clusters(conn: Conn, ids: Sequence[int]) -> dict[int, list[ClaimOut]]:
    out: dict[int, list[ClaimOut]] = {i: [] for i in ids}
    for row in conn.execute(sql("claims_of_clusters"), {"ids": list(ids)}):
        out[row["cluster_id"]].append(ClaimOut.from_row(row))
    return out


def claims_by_ids(conn: Conn, ids: Sequence[int]) -> list[ClaimOut]:
    return [ClaimOut.from_row(r) for r in conn.execute(sql("claims_by_ids"), {"ids": list(ids)})]


def seeds_for(k: int) -> int:
    """How many clusters the search for k claims looks in (their seeds nearest the query).

    The k nearest claims often lie in k different clusters (the same sentence in k stories),
    each found by a seed a little farther from the query than the claim, so the search looks
    well past k: 8k, at least 80, is the rule whose recall against an exact scan of every claim
    bench.similar measured best for its cost (bench/RESULTS.md)."""
    return max(80, 8 * k)


def similar_claims(conn: Conn, embedding: np.ndarray, k: int) -> list[SimilarClaim]:
    """The k claims of any story nearest to the vector, most similar first: exact among the
    claims of the clusters whose seeds are nearest (HNSW: approximate)."""
    seeds = seeds_for(k)
    # Twice as many candidates as seeds wanted: the 80 nearest from a graph are less exact than
    # the 10 nearest, and the wider scan raised recall at no cost in time (bench/RESULTS.md);
    # pgvector allows at most 1000.
    conn.execute(sql("set_ef_search"), {"ef_search": str(min(1000, max(100, 2 * seeds)))})
    rows = conn.execute(sql("similar_claims"), {"embedding": embedding, "k": k, "seeds": seeds})
    return [SimilarClaim.from_row(r, similarity=float(r["similarity"]))
            for r in rows]


# --- clusters --------------------------------------------------------------------------------


def list_clusters(conn: Conn, *, story: str | None, has_conflict: bool | None, limit: int,
                  cursor: str | None) -> tuple[list[ClusterOut], str | None]:
    before_id = decode_cursor(cursor, an_id)[0] if cursor else None
    rows = conn.execute(sql("list_clusters"), {
        "story": story, "has_conflict": has_conflict, "before_id": before_id, "limit": limit + 1,
    }).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    claims = claims_of_clusters(conn, [r["id"] for r in rows])
    conflicts = _active_conflict_ids(conn, [r["id"] for r in rows])
    items = [ClusterOut(**r, claims=claims[r["id"]], conflicts=conflicts.get(r["id"], []))
             for r in rows]
    return items, encode_cursor(rows[-1]["id"]) if more and rows else None


def get_cluster(conn: Conn, cluster_id: int) -> ClusterOut:
    row = conn.execute(sql("get_cluster"), {"id": cluster_id}).fetchone()
    if row is None:
        raise NotFound(f"no cluster with id {cluster_id}")
    claims = claims_of_clusters(conn, [cluster_id])[cluster_id]
    conflicts = _active_conflict_ids(conn, [cluster_id])
    return ClusterOut(**row, claims=claims, conflicts=conflicts.get(cluster_id, []))


def _active_conflict_ids(conn: Conn, cluster_ids: Sequence[int]) -> dict[int, list[int]]:
    rows = conn.execute(sql("active_conflict_ids"), {"ids": list(cluster_ids)}).fetchall()
    out: dict[int, list[int]] = {}
    for r in rows:
        out.setdefault(r["cluster_id"], []).append(r["id"])
    return out


# --- conflicts -------------------------------------------------------------------------------


def unreviewed(conflict: Mapping[str, Any]) -> bool:
    """No reviewer has acted on this stored conflict (still open, no note, no assignee): when
    its evidence goes, it may be deleted. One a reviewer touched is kept, inactive, so that
    no decision is lost."""
    return (conflict["status"] == "open" and conflict["note"] is None
            and conflict["assignee"] is None)


def save_conflicts(conn: Conn, story: str, cluster_id: int, drafts: Sequence[ConflictDraft]
                   ) -> None:
    """Make the stored conflicts of a cluster match the drafts, keeping review decisions."""
    existing = {r["key"]: r for r in
                conn.execute(sql("conflicts_of_cluster"), {"cluster_id": cluster_id})
                if r["kind"] == "attribution"}  # numeric ones belong to the story's figures
    _save(conn, story, {d.key: cluster_id for d in drafts}, drafts, existing)


def save_numeric_conflicts(conn: Conn, story: str, drafts: Sequence[ConflictDraft],
                           clusters: dict[int, int]) -> None:
    """Store the numeric conflicts a new article's figures take part in: new ones inserted,
    known ones (same key) refreshed with their review decisions kept. A figure added to a story
    never makes another compatible, so nothing stored is withdrawn. A conflict is filed under
    the cluster of its first claim (`clusters`: claim id -> cluster id)."""
    if not drafts:
        return
    existing = {r["key"]: r for r in conn.execute(
        sql("conflicts_by_keys"), {"story": story, "keys": [d.key for d in drafts]})}
    _save(conn, story, {d.key: clusters[min(d.claim_ids)] for d in drafts}, drafts, existing,
          withdraw=False)


def _save(conn: Conn, story: str, cluster_of: dict[str, int], drafts: Sequence[ConflictDraft],
          existing: dict[str, dict[str, Any]], *, withdraw: bool = True) -> None:
    for draft in drafts:
        params = {
            "story": story, "cluster_id": cluster_of[draft.key], "key": draft.key,
            "kind": draft.kind, "severity": draft.severity, "explanation": draft.explanation,
            "measure": draft.measure, "frame": draft.frame,
            "positions": Jsonb([p.model_dump(mode="json") for p in draft.positions]),
            "claim_ids": draft.claim_ids,
        }
        row = existing.pop(draft.key, None)
        if row is None:
            conn.execute(sql("insert_conflict"), params)
        else:
            conn.execute(sql("refresh_conflict"), {**params, "id": row["id"]})
    if not withdraw:
        return
    for row in existing.values():
        # A conflict that no longer holds: forget it unless a reviewer already acted on it.
        if unreviewed(row):
            conn.execute(sql("delete_conflict"), {"id": row["id"]})
        else:
            conn.execute(sql("deactivate_conflict"), {"id": row["id"]})


def insert_figure_keys(conn: Conn, story: str, keys: Sequence[tuple[int, str]]) -> None:
    """Index figures under their frames' keys: (claim id, key) pairs (schemas/007)."""
    if keys:
        with conn.cursor() as cur:
            cur.executemany(sql("insert_figure_key"),
                            [{"claim_id": c, "story": story, "key": k} for c, k in keys])


def figure_claims(conn: Conn, story: str, keys: Sequence[str], clusters: Sequence[int]
                  ) -> list[ClaimOut | ClaimCopy]:
    """The story's claims with a figure indexed under any of `keys` or with a figure in one of
    `clusters`, in id order. Each distinct sentence is read once: the claims repeating it
    are copies of the first (ClaimCopy)."""
    out: list[ClaimOut | ClaimCopy] = []
    for row in conn.execute(sql("figure_claims"), {"story": story, "keys": list(keys),
                                                   "clusters": list(clusters)}):
        first = ClaimOut.from_row(row)
        out.append(first)
        out += [ClaimCopy(i, a, k, o, p, first)
                for i, a, k, o, p in zip(row["ids"][1:], row["article_ids"][1:],
                                         row["cluster_ids"][1:], row["outlets"][1:],
                                         row["published"][1:], strict=True)]
    return sorted(out, key=lambda c: c.id)


def credited_claims_of_clusters(conn: Conn, ids: Sequence[int]
                                ) -> dict[int, list[ClaimOut | ClaimCopy]]:
    """The claims of each cluster that credit a source in their own words, read once a
    wording and source: the claims repeating one are copies of the first (ClaimCopy)."""
    out: dict[int, list[ClaimOut | ClaimCopy]] = {i: [] for i in ids}
    for row in conn.execute(sql("credited_claims_of_clusters"), {"ids": list(ids)}):
        first = ClaimOut.from_row(row)
        out[row["cluster_id"]] += [first, *(
            ClaimCopy(i, a, k, o, p, first)
            for i, a, k, o, p in zip(row["ids"][1:], row["article_ids"][1:],
                                     row["cluster_ids"][1:], row["outlets"][1:],
                                     row["published"][1:], strict=True))]
    return out


def conflict_out(conn: Conn, row: dict[str, Any], *, with_events: bool = False) -> ConflictOut:
    claims = claims_by_ids(conn, row["claim_ids"])
    events = []
    if with_events:
        events = [ConflictEvent(**e) for e in conn.execute(sql("conflict_events"),
                                                           {"id": row["id"]})]
    fields = {k: v for k, v in row.items() if k not in {"key", "claim_ids"}}
    return ConflictOut(**fields, claims=claims, events=events)


def list_conflicts(conn: Conn, *, story: str | None, status: str | None, kind: str | None,
                   limit: int, cursor: str | None) -> tuple[list[ConflictOut], str | None]:
    after_severity = after_id = None
    if cursor:
        after_severity, after_id = decode_cursor(cursor, a_severity, an_id)
    rows = conn.execute(sql("list_conflicts"), {
        "story": story, "status": status, "kind": kind, "after_severity": after_severity,
        "after_id": after_id, "limit": limit + 1,
    }).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    all_ids = sorted({i for r in rows for i in r["claim_ids"]})
    claims = {c.id: c for c in claims_by_ids(conn, all_ids)}
    items = []
    for r in rows:
        fields = {k: v for k, v in r.items() if k not in {"key", "claim_ids"}}
        items.append(ConflictOut(**fields, claims=[claims[i] for i in r["claim_ids"]
                                                   if i in claims]))
    nxt = encode_cursor(rows[-1]["severity"], rows[-1]["id"]) if more and rows else None
    return items, nxt


def get_conflict(conn: Conn, conflict_id: int, *, for_update: bool = False) -> dict[str, Any]:
    row = conn.execute(sql("get_conflict_for_update" if for_update else "get_conflict"),
                       {"id": conflict_id}).fetchone()
    if row is None:
        raise NotFound(f"no conflict with id {conflict_id}")
    return row


def review_conflict(conn: Conn, conflict_id: int, *, actor: str, changes: dict[str, Any]
                    ) -> dict[str, Any]:
    row = get_conflict(conn, conflict_id, for_update=True)
    fields = ("status", "note", "assignee", "accepted_value")
    before = {k: row[k] for k in fields}
    after = {**before, **changes}
    updated = conn.execute(sql("update_conflict_review"), {"id": conflict_id, **after}).fetchone()
    assert updated is not None
    if after != before:
        action = changes.get("status") or ("assign" if "assignee" in changes else "note")
        conn.execute(sql("insert_conflict_event"), {
            "conflict_id": conflict_id, "actor": actor, "action": action,
            "before": Jsonb(before), "after": Jsonb(after),
        })
    return updated
