"""The review pages: each renders the screen that twins.py reads for it and its JSON twin.

The screen arrives as the dependency `s`, its query and path parameters declared once there;
these handlers only choose the template.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Template

from reconcile.dashboard import reliability, screens, twins
from reconcile.dashboard import stories as story_screens
from reconcile.dashboard.responses import page
from reconcile.dashboard.review import SHORTCUTS
from reconcile.dashboard.twins import screen

Req = Request[Any, Any, Any]


class PageController(Controller):
    path = "/"
    include_in_schema = False

    @get("/", name="queue", dependencies=screen(twins.queue), sync_to_thread=False)
    def queue(self, request: Req, s: NamedDependency[screens.QueueScreen]) -> Template:
        return page(request, "queue.html", s=s, shortcuts=SHORTCUTS)

    @get("/conflicts/{conflict_id:int}", dependencies=screen(twins.conflict),
         sync_to_thread=False)
    def conflict(self, request: Req, s: NamedDependency[screens.ConflictScreen]) -> Template:
        return page(request, "conflict.html", s=s, shortcuts=SHORTCUTS)

    @get("/clusters/{cluster_id:int}", dependencies=screen(twins.cluster), sync_to_thread=False)
    def cluster(self, request: Req, s: NamedDependency[screens.ClusterScreen]) -> Template:
        return page(request, "cluster.html", s=s)

    @get("/stories", dependencies=screen(twins.stories), sync_to_thread=False)
    def stories(self, request: Req, s: NamedDependency[story_screens.StoriesScreen]
                ) -> Template:
        return page(request, "stories.html", s=s)

    @get("/articles", dependencies=screen(twins.articles), sync_to_thread=False)
    def articles(self, request: Req, s: NamedDependency[screens.ArticlesScreen]) -> Template:
        return page(request, "articles.html", s=s)

    @get("/articles/{article_id:int}", dependencies=screen(twins.article), sync_to_thread=False)
    def article(self, request: Req, s: NamedDependency[screens.ArticleScreen]) -> Template:
        return page(request, "article.html", s=s)

    @get("/outlets", dependencies=screen(twins.outlets), sync_to_thread=False)
    def outlets(self, request: Req, s: NamedDependency[reliability.OutletsScreen]) -> Template:
        return page(request, "outlets.html", s=s)

    @get("/outlet", dependencies=screen(twins.outlet), sync_to_thread=False)
    def outlet(self, request: Req, s: NamedDependency[reliability.OutletScreen]) -> Template:
        return page(request, "outlet.html", s=s)

    @get("/sources", dependencies=screen(twins.sources), sync_to_thread=False)
    def sources(self, request: Req, s: NamedDependency[reliability.SourcesScreen]) -> Template:
        return page(request, "sources.html", s=s)

    @get("/source", dependencies=screen(twins.source), sync_to_thread=False)
    def source(self, request: Req, s: NamedDependency[reliability.SourceScreen]) -> Template:
        return page(request, "source.html", s=s)
