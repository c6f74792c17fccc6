"""The review pages: thin handlers that read a screen and render its template.

`truth` is the app's one Truth (app state, reconcile.api.deps.provide_truth).
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter
from litestar.response import Template

from reconcile.api.params import Id
from reconcile.dashboard import read
from reconcile.dashboard.filters import MAX_PAGE, QueueFilter, StoryFilter
from reconcile.dashboard.responses import page
from reconcile.dashboard.review import SHORTCUTS
from reconcile.store.db import Database
from reconcile.truth.estimates import Truth

Req = Request[Any, Any, Any]


class PageController(Controller):
    path = "/"
    include_in_schema = False

    @get("/", sync_to_thread=True, name="queue")
    def queue(
        self,
        request: Req,
        db: NamedDependency[Database], truth: NamedDependency[Truth],
        story: FromQuery[str | None] = None,
        kind: FromQuery[str | None] = None,
        status: FromQuery[str | None] = None,
        outlet: FromQuery[str | None] = None,
        q: FromQuery[str | None] = None,
        page_number: Annotated[int, QueryParameter(name="page", ge=1, le=MAX_PAGE)] = 1,
    ) -> Template:
        f = QueueFilter.parse(story=story, kind=kind, status=status, outlet=outlet, q=q,
                              page=page_number)
        return page(request, "queue.html", s=read.queue(db, truth, f), shortcuts=SHORTCUTS)

    @get("/conflicts/{conflict_id:int}", sync_to_thread=True)
    def conflict(self, request: Req, conflict_id: Id, db: NamedDependency[Database],
                 truth: NamedDependency[Truth]) -> Template:
        return page(request, "conflict.html", s=read.conflict(db, truth, conflict_id),
                    shortcuts=SHORTCUTS)

    @get("/clusters/{cluster_id:int}", sync_to_thread=True)
    def cluster(self, request: Req, cluster_id: Id, db: NamedDependency[Database],
                truth: NamedDependency[Truth]) -> Template:
        return page(request, "cluster.html", s=read.cluster(db, truth, cluster_id))

    @get("/stories", sync_to_thread=True)
    def stories(
        self, request: Req, db: NamedDependency[Database], q: FromQuery[str | None] = None,
        page_number: Annotated[int, QueryParameter(name="page", ge=1, le=MAX_PAGE)] = 1,
    ) -> Template:
        f = StoryFilter.parse(q=q, page=page_number)
        return page(request, "stories.html", s=read.stories(db, f))

    @get("/articles", sync_to_thread=True)
    def articles(self, request: Req, db: NamedDependency[Database],
                 story: FromQuery[str | None] = None, outlet: FromQuery[str | None] = None
                 ) -> Template:
        return page(request, "articles.html", s=read.articles(db, story, outlet))

    @get("/articles/{article_id:int}", sync_to_thread=True)
    def article(self, request: Req, article_id: Id, db: NamedDependency[Database],
                truth: NamedDependency[Truth]) -> Template:
        return page(request, "article.html", s=read.article(db, truth, article_id))

    @get("/outlets", sync_to_thread=True)
    def outlets(self, request: Req, db: NamedDependency[Database], truth: NamedDependency[Truth]
                ) -> Template:
        return page(request, "outlets.html", s=read.outlets(db, truth))

    @get("/outlet", sync_to_thread=True)
    def outlet(self, request: Req, db: NamedDependency[Database], truth: NamedDependency[Truth],
               name: FromQuery[str]) -> Template:
        return page(request, "outlet.html", s=read.outlet(db, truth, name))

    @get("/sources", sync_to_thread=True)
    def sources(self, request: Req, db: NamedDependency[Database], truth: NamedDependency[Truth]
                ) -> Template:
        return page(request, "sources.html", s=read.sources(db, truth))

    @get("/source", sync_to_thread=True)
    def source(self, request: Req, db: NamedDependency[Database], truth: NamedDependency[Truth],
               key: FromQuery[str]) -> Template:
        return page(request, "source.html", s=read.source(db, truth, key))
