from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter

from reconcile.api.cached import respond
from reconcile.api.exports import Format, csv_response
from reconcile.api.formats import cluster_rows, to_csv
from reconcile.api.params import Cursor, Id
from reconcile.api.readcache import ReadCache
from reconcile.models import ClusterOut, ClusterPage
from reconcile.store import articles, repo
from reconcile.store.db import Database
from reconcile.truth.estimates import Truth, describe_cluster, describe_clusters

MAX_LIMIT = 1000


class ClusterController(Controller):
    path = "/api/clusters"
    tags = ("clusters",)

    @get("/", operation_id="listClusters")
    async def list_(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[Database],
        truth: NamedDependency[Truth],
        cache: NamedDependency[ReadCache],
        story: FromQuery[str | None] = None,
        has_conflict: FromQuery[bool | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 50,
        cursor: Cursor = None,
        format: Format = "json",
    ) -> Response[ClusterPage]:
        def build() -> ClusterPage:
            with db.transaction() as conn:
                items, nxt = repo.list_clusters(conn, story=story, has_conflict=has_conflict,
                                                limit=limit, cursor=cursor)
                items = describe_clusters(truth, conn, items)
            return ClusterPage(items=items, next=nxt)

        if format == "csv":
            def table() -> tuple[str, str | None]:
                with db.transaction() as conn:
                    items, nxt = repo.list_clusters(conn, story=story, has_conflict=has_conflict,
                                                    limit=limit, cursor=cursor)
                    refs = articles.article_refs(
                        conn, (c.article_id for x in items for c in x.claims))
                return to_csv(cluster_rows(items, refs)), nxt

            return await csv_response(request, "clusters", table)

        # A list of one story is read from that story alone.
        return await respond(request, cache, build, (lambda _: story) if story else None)

    @get("/{cluster_id:int}", operation_id="getCluster")
    async def get_one(self, request: Request[Any, Any, Any], cluster_id: Id,
                      db: NamedDependency[Database], truth: NamedDependency[Truth],
                      cache: NamedDependency[ReadCache]) -> Response[ClusterOut]:
        def build() -> ClusterOut:
            with db.transaction() as conn:
                return describe_cluster(truth, conn, repo.get_cluster(conn, cluster_id))

        return await respond(request, cache, build, lambda cluster: (cluster.story, cluster.id))
