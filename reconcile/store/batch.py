"""Set-at-a-time statements of the ingest path: one round trip where there would be one per
claim. Statements come from batch.sql (and queries.sql) by name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from reconcile.domain import Claim
from reconcile.store.db import sql
from reconcile.store.repo import Conn, claim_params


def nearest_claims_many(conn: Conn, story: str, embeddings: Sequence[np.ndarray], k: int,
                        min_similarity: float = -1.0) -> list[list[dict[str, Any]]]:
    """For each vector, the claims already stored in the story with a cosine of at least
    min_similarity to it, nearest first, at most k: their id, cluster, seed flag, similarity."""
    out: list[list[dict[str, Any]]] = [[] for _ in embeddings]
    if not embeddings:
        return out
    rows = conn.execute(sql("nearest_claims_many"),
                        {"story": story, "embeddings": list(embeddings), "k": k,
                         "min_similarity": min_similarity})
    for row in rows:
        out[row["i"] - 1].append(row)
    return out


def sketches(conn: Conn, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The text, figures and quote of stored claims, by id (in no particular order)."""
    if not ids:
        return []
    return list(conn.execute(sql("sketches"), {"ids": list(ids)}))


def insert_clusters(conn: Conn, story: str, n: int) -> list[int]:
    """n new clusters of the story; their ids, ascending."""
    if n <= 0:
        return []
    return [int(r["id"]) for r in conn.execute(sql("insert_clusters"), {"story": story, "n": n})]


def insert_claims(conn: Conn, *, article_id: int, story: str, outlet: str,
                  claims: Sequence[tuple[Claim, int, np.ndarray]],
                  seeds: Sequence[bool], heads: Sequence[bool] | None = None) -> list[int]:
    """Store (claim, cluster id, embedding) triples in one pipelined batch; their ids, in order.
    `seeds`: which of them go into the global HNSW index (schemas/006); `heads`: which are the
    first of their sentence in the story (schemas/012; all of them when not given)."""
    heads = heads if heads is not None else [True] * len(claims)
    params = [claim_params(article_id=article_id, cluster_id=cluster_id, story=story,
                           outlet=outlet, claim=claim, embedding=embedding, seed=seed, head=head)
              for (claim, cluster_id, embedding), seed, head
              in zip(claims, seeds, heads, strict=True)]
    ids: list[int] = []
    if params:
        with conn.cursor() as cur:
            cur.executemany(sql("insert_claim"), params, returning=True)
            while True:
                row = cur.fetchone()
                assert row is not None
                ids.append(int(row["id"]))
                if not cur.nextset():
                    break
    return ids
