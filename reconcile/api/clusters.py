from __future__ import annotations

from litestar import Controller, get
from litestar.params import Parameter

from reconcile.models import ClusterOut, ClusterPage
from reconcile.store import repo
from reconcile.store.db import Database

MAX_LIMIT = 1000


class ClusterController(Controller):
    path = "/api/clusters"
    tags = ["clusters"]

    @get("/", operation_id="listClusters", sync_to_thread=True)
    def list_(
        self,
        db: Database,
        story: str | None = None,
        has_conflict: bool | None = None,
        limit: int = Parameter(default=50, ge=1, le=MAX_LIMIT),
        cursor: str | None = None,
    ) -> ClusterPage:
        with db.transaction() as conn:
            items, nxt = repo.list_clusters(conn, story=story, has_conflict=has_conflict,
                                            limit=limit, cursor=cursor)
        return ClusterPage(items=items, next=nxt)

    @get("/{cluster_id:int}", operation_id="getCluster", sync_to_thread=True)
    def get_one(self, cluster_id: int, db: Database) -> ClusterOut:
        with db.transaction() as conn:
            return repo.get_cluster(conn, cluster_id)
