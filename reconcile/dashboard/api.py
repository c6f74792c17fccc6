"""The review pages' data as JSON: every page links to its twin here (paths.as_json).

Reads are open, like the rest of the API's reads; decisions go through PATCH
/api/conflicts/{id} with the bearer token, or through the pages with a signed-in reviewer.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter

from reconcile.api.params import Id
from reconcile.dashboard import paths, read, reliability, screens
from reconcile.dashboard import stories as story_screens
from reconcile.dashboard.filters import (
    KINDS,
    MAX_PAGE,
    MAX_SEARCH,
    STATUSES,
    QueueFilter,
    StoryFilter,
)
from reconcile.store.db import Database
from reconcile.truth.estimates import Truth

# As QueueFilter.parse takes them: blank is no filter, anything else outside these is a 422.
Kind = Annotated[str | None, QueryParameter(
    description="A conflict kind; blank is every kind.", schema_extra={"enum": [*KINDS, ""]})]
Status = Annotated[str | None, QueryParameter(
    description="A review status; blank is every status.",
    schema_extra={"enum": [*STATUSES, ""]})]
Search = Annotated[str | None, QueryParameter(
    description="Text to search for, matched literally.",
    schema_extra={"maxLength": MAX_SEARCH})]


class ReviewDataController(Controller):
    path = paths.JSON_PREFIX

    @get("/queue", operation_id="reviewQueue", sync_to_thread=True,
         summary="The review queue: open conflicts first, by severity, with status counts")
    def queue(
        self,
        db: NamedDependency[Database], truth: NamedDependency[Truth],
        story: FromQuery[str | None] = None,
        kind: Kind = None,
        status: Status = None,
        outlet: FromQuery[str | None] = None,
        q: Search = None,
        page: Annotated[int, QueryParameter(ge=1, le=MAX_PAGE)] = 1,
    ) -> screens.QueueScreen:
        f = QueueFilter.parse(story=story, kind=kind, status=status, outlet=outlet, q=q,
                              page=page)
        return read.queue(db, truth, f)

    @get("/conflicts/{conflict_id:int}", operation_id="reviewConflictPage", sync_to_thread=True,
         summary="A conflict with its claims in context, consensus, chart and audit trail")
    def conflict(self, conflict_id: Id, db: NamedDependency[Database],
                 truth: NamedDependency[Truth]) -> screens.ConflictScreen:
        return read.conflict(db, truth, conflict_id)

    @get("/clusters/{cluster_id:int}", operation_id="reviewClusterPage", sync_to_thread=True)
    def cluster(self, cluster_id: Id, db: NamedDependency[Database],
                truth: NamedDependency[Truth]) -> screens.ClusterScreen:
        return read.cluster(db, truth, cluster_id)

    @get("/stories", operation_id="reviewStories", sync_to_thread=True,
         summary="Stories, newest activity first, with counts and links (as GET /api/stories)")
    def stories(self, db: NamedDependency[Database], q: Search = None,
                page: Annotated[int, QueryParameter(ge=1, le=MAX_PAGE)] = 1,
                ) -> story_screens.StoriesScreen:
        return read.stories(db, StoryFilter.parse(q=q, page=page))

    @get("/articles", operation_id="reviewArticleList", sync_to_thread=True)
    def articles(self, db: NamedDependency[Database], story: FromQuery[str | None] = None,
                 outlet: FromQuery[str | None] = None) -> screens.ArticlesScreen:
        return read.articles(db, story, outlet)

    @get("/articles/{article_id:int}", operation_id="reviewArticlePage", sync_to_thread=True)
    def article(self, article_id: Id, db: NamedDependency[Database],
                truth: NamedDependency[Truth]) -> screens.ArticleScreen:
        return read.article(db, truth, article_id)

    @get("/outlets", operation_id="reviewOutlets", sync_to_thread=True,
         summary="Outlets with claim counts and their reliability (as GET /api/sources)")
    def outlets(self, db: NamedDependency[Database], truth: NamedDependency[Truth]
                ) -> reliability.OutletsScreen:
        return read.outlets(db, truth)

    @get("/outlet", operation_id="reviewOutlet", sync_to_thread=True)
    def outlet(self, db: NamedDependency[Database], truth: NamedDependency[Truth],
               name: FromQuery[str]) -> reliability.OutletScreen:
        return read.outlet(db, truth, name)

    @get("/sources", operation_id="reviewSources", sync_to_thread=True,
         summary="Credited sources, spellings grouped, with their reliability (as GET "
                 "/api/sources)")
    def sources(self, db: NamedDependency[Database], truth: NamedDependency[Truth]
                ) -> reliability.SourcesScreen:
        return read.sources(db, truth)

    @get("/source", operation_id="reviewSource", sync_to_thread=True)
    def source(self, db: NamedDependency[Database], truth: NamedDependency[Truth],
               key: FromQuery[str]) -> reliability.SourceScreen:
        return read.source(db, truth, key)
