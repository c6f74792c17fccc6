"""What truth discovery reads: the claims that state figures and the values reviewers accepted.

Statements come from truth.sql. The connection is one from Database.transaction(), which turns
driver errors into reconcile's own.
"""

from __future__ import annotations

from typing import Any

from reconcile.models import ClaimOut
from reconcile.store.db import sql

Conn = Any

Fingerprint = tuple[int, str]


def fingerprint(conn: Conn) -> Fingerprint | None:
    """A value that changes whenever a claim is added or a review decision is recorded."""
    row = conn.execute(sql("truth_fingerprint")).fetchone()
    return (row["claims"], row["reviews"]) if row else None


def numeric_claims(conn: Conn) -> list[ClaimOut]:
    """Every claim that states a figure, in every cluster."""
    return [ClaimOut.from_row(r) for r in conn.execute(sql("numeric_claims"))]


def accepted_values(conn: Conn, cluster_ids: list[int] | None
                    ) -> dict[tuple[int, str], float]:
    """{(cluster id, measure): the value a reviewer accepted} of the given clusters (all: None)."""
    rows = conn.execute(sql("accepted_values"), {"cluster_ids": cluster_ids}).fetchall()
    return {(r["cluster_id"], r["measure"]): float(r["accepted_value"]) for r in rows}
