"""Store writes and reads that only tests need: one cluster, one claim, an exact scan.

The service stores an article's clusters and claims in batches (reconcile/store/batch.py);
fixtures build a story row by row, and tests check the batches against these simpler forms.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from reconcile.domain import Claim
from reconcile.store import batch
from reconcile.store.db import sql
from reconcile.store.repo import Conn, claim_params


def insert_cluster(conn: Conn, story: str) -> int:
    """One new cluster of the story; its id."""
    return batch.insert_clusters(conn, story, 1)[0]


def insert_claim(conn: Conn, *, article_id: int, cluster_id: int, story: str, outlet: str,
                 claim: Claim, embedding: np.ndarray, seed: bool = True) -> int:
    """One claim, by the statement the batch runs once a claim. A seed by default: a cluster
    without one is not found by search."""
    row = conn.execute(sql("insert_claim"), claim_params(
        article_id=article_id, cluster_id=cluster_id, story=story, outlet=outlet, claim=claim,
        embedding=embedding, seed=seed)).fetchone()
    assert row is not None
    return int(row["id"])


def nearest_claims(conn: Conn, story: str, embedding: np.ndarray, k: int
                   ) -> list[dict[str, Any]]:
    """The k claims of one story nearest to the vector, by an exact scan of every claim (reprints
    included). MATERIALIZED keeps the planner off the global HNSW index, whose filtered scan
    could return nothing for a small story in a large database."""
    return conn.execute(
        """
        WITH story_claims AS MATERIALIZED (
            SELECT id, cluster_id, outlet, text, "values", source, quote, embedding
            FROM claims WHERE story = %(story)s
        )
        SELECT id, cluster_id, outlet, text, "values", source, quote,
               1 - (embedding <=> %(embedding)s) AS similarity
        FROM story_claims
        ORDER BY embedding <=> %(embedding)s
        LIMIT %(k)s
        """, {"story": story, "embedding": embedding, "k": k}).fetchall()
