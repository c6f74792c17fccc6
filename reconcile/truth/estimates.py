"""Truth discovery as a service: consensus per cluster, reliability per outlet and source.

The global estimate (every numeric claim in the database) is recomputed only when a claim was
added or a review decision recorded since the last one. Reading a cluster never pays for it:
the cluster's consensus uses the outlet weights learned last time (uniform before any).
"""

from __future__ import annotations

import threading
from typing import Any

from reconcile.models import ClaimOut, ClusterOut, ConsensusOut, SourceOut
from reconcile.store import truth as store
from reconcile.store.db import Database
from reconcile.truth import consensus

Conn = Any


class Truth:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._fingerprint: tuple[Any, ...] | None = None
        self._result: consensus.Result | None = None

    def result(self) -> consensus.Result:
        with self.db.transaction() as conn:
            fingerprint = store.fingerprint(conn)
            with self._lock:
                if self._result is not None and fingerprint == self._fingerprint:
                    return self._result
            claims = store.numeric_claims(conn)
            truth = store.accepted_values(conn, None)
        result = consensus.estimate(consensus.observations(claims), truth)
        with self._lock:
            before = _weights(self._result)
            self._fingerprint, self._result = fingerprint, result
        # Cluster answers, in every story, use the weights: what was cached with other ones is
        # stale. New claims often leave them as they were: then nothing is.
        if _weights(result) != before:
            self.db.changes.bump()
        return result

    def weights(self) -> dict[str, float]:
        with self._lock:
            return _weights(self._result)

    def sources(self, kind: str | None = None) -> list[SourceOut]:
        result = self.result()
        items = []
        if kind in (None, "outlet"):
            items += [SourceOut(kind="outlet", name=r.name, reliability=r.score, agree=r.agree,
                                compared=r.compared, claims=r.claims)
                      for r in result.outlets.values()]
        if kind in (None, "source"):
            items += [SourceOut(kind="source", name=r.name, reliability=r.score, agree=r.agree,
                                compared=r.compared, claims=r.claims)
                      for r in result.sources.values()]
        return sorted(items, key=lambda s: (s.kind, -s.claims, s.name))

    def for_cluster(self, conn: Conn, cluster_id: int, claims: list[ClaimOut]
                    ) -> tuple[list[ConsensusOut], dict[str, float]]:
        return self.for_clusters(conn, {cluster_id: claims})[cluster_id]

    def for_clusters(self, conn: Conn, claims: dict[int, list[ClaimOut]]
                     ) -> dict[int, tuple[list[ConsensusOut], dict[str, float]]]:
        """for_cluster for many clusters, with one query for their accepted values."""
        weights = self.weights()
        truth = store.accepted_values(conn, list(claims))
        out = {}
        for cluster_id, members in claims.items():
            result = consensus.estimate(consensus.observations(members), truth,
                                        weights=weights, rounds=1)
            estimates = [
                ConsensusOut(measure=e.item[1], value=e.value, low=e.low, high=e.high,
                             unit=e.unit, ground_truth=e.ground_truth, outlets=e.outlets,
                             sources=e.sources, claim_ids=e.claim_ids)
                for e in sorted(result.estimates.values(), key=lambda e: e.item)
            ]
            outlets = sorted({c.outlet for c in members})
            out[cluster_id] = (estimates, {o: weights[o] for o in outlets if o in weights})
        return out


def _weights(result: consensus.Result | None) -> dict[str, float]:
    return {k: r.score for k, r in result.outlets.items()} if result else {}


def describe_clusters(truth: Truth, conn: Conn, clusters: list[ClusterOut]) -> list[ClusterOut]:
    """Clusters with their updates, consensus and their outlets' reliability filled in."""
    from reconcile.rules.conflicts import find_updates

    found = truth.for_clusters(conn, {c.id: c.claims for c in clusters})
    return [c.model_copy(update={"updates": find_updates(c.claims), "consensus": found[c.id][0],
                                 "reliability": found[c.id][1]})
            for c in clusters]


def describe_cluster(truth: Truth, conn: Conn, cluster: ClusterOut) -> ClusterOut:
    """A cluster with its updates, consensus and its outlets' reliability filled in."""
    return describe_clusters(truth, conn, [cluster])[0]
