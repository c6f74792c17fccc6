from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter

from reconcile.models import ClusterOut, ClusterPage
from reconcile.store import repo
from reconcile.store.db import Database
from reconcile.truth import Truth, describe_cluster, describe_clusters

MAX_LIMIT = 1000


class ClusterController(Controller):
    path = "/api/clusters"
    tags = ("clusters",)

    @get("/", operation_id="listClusters", sync_to_thread=True)
    def list_(
        self,
        db: NamedDependency[Database],
        truth: NamedDependency[Truth],
        story: FromQuery[str | None] = None,
        has_conflict: FromQuery[bool | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 50,
        cursor: FromQuery[str | None] = None,
    ) -> ClusterPage:
        with db.transaction() as conn:
            items, nxt = repo.list_clusters(conn, story=story, has_conflict=has_conflict,
                                            limit=limit, cursor=cursor)
            items = describe_clusters(truth, conn, items)
        return ClusterPage(items=items, next=nxt)

    @get("/{cluster_id:int}", operation_id="getCluster", sync_to_thread=True)
    def get_one(self, cluster_id: FromPath[int], db: NamedDependency[Database],
                truth: NamedDependency[Truth]) -> ClusterOut:
        with db.transaction() as conn:
            return describe_cluster(truth, conn, repo.get_cluster(conn, cluster_id))
