"""The review pages' data as JSON: every page links to its twin here (paths.as_json).

Each twin returns the screen that twins.py reads for it and its page, so the two take the same
parameters and serve the same data. Reads are open, like the rest of the API's reads; decisions
go through PATCH /api/conflicts/{id} with the bearer token, or through the pages with a
signed-in reviewer.
"""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency

from reconcile.dashboard import paths, reliability, screens, twins
from reconcile.dashboard import stories as story_screens
from reconcile.dashboard.twins import screen


class ReviewDataController(Controller):
    path = paths.JSON_PREFIX

    @get("/queue", operation_id="reviewQueue", dependencies=screen(twins.queue),
         sync_to_thread=False,
         summary="The review queue: open conflicts first, by severity, with status counts")
    def queue(self, s: NamedDependency[screens.QueueScreen]) -> screens.QueueScreen:
        return s

    @get("/conflicts/{conflict_id:int}", operation_id="reviewConflictPage",
         dependencies=screen(twins.conflict), sync_to_thread=False,
         summary="A conflict with its claims in context, consensus, chart and audit trail")
    def conflict(self, s: NamedDependency[screens.ConflictScreen]) -> screens.ConflictScreen:
        return s

    @get("/clusters/{cluster_id:int}", operation_id="reviewClusterPage",
         dependencies=screen(twins.cluster), sync_to_thread=False)
    def cluster(self, s: NamedDependency[screens.ClusterScreen]) -> screens.ClusterScreen:
        return s

    @get("/stories", operation_id="reviewStories", dependencies=screen(twins.stories),
         sync_to_thread=False,
         summary="Stories, newest activity first, with counts and links (as GET /api/stories)")
    def stories(self, s: NamedDependency[story_screens.StoriesScreen]
                ) -> story_screens.StoriesScreen:
        return s

    @get("/articles", operation_id="reviewArticleList", dependencies=screen(twins.articles),
         sync_to_thread=False)
    def articles(self, s: NamedDependency[screens.ArticlesScreen]) -> screens.ArticlesScreen:
        return s

    @get("/articles/{article_id:int}", operation_id="reviewArticlePage",
         dependencies=screen(twins.article), sync_to_thread=False)
    def article(self, s: NamedDependency[screens.ArticleScreen]) -> screens.ArticleScreen:
        return s

    @get("/outlets", operation_id="reviewOutlets", dependencies=screen(twins.outlets),
         sync_to_thread=False,
         summary="Outlets with claim counts and their reliability (as GET /api/sources)")
    def outlets(self, s: NamedDependency[reliability.OutletsScreen]
                ) -> reliability.OutletsScreen:
        return s

    @get("/outlet", operation_id="reviewOutlet", dependencies=screen(twins.outlet),
         sync_to_thread=False)
    def outlet(self, s: NamedDependency[reliability.OutletScreen]) -> reliability.OutletScreen:
        return s

    @get("/sources", operation_id="reviewSources", dependencies=screen(twins.sources),
         sync_to_thread=False,
         summary="Credited sources, spellings grouped, with their reliability (as GET "
                 "/api/sources)")
    def sources(self, s: NamedDependency[reliability.SourcesScreen]
                ) -> reliability.SourcesScreen:
        return s

    @get("/source", operation_id="reviewSource", dependencies=screen(twins.source),
         sync_to_thread=False)
    def source(self, s: NamedDependency[reliability.SourceScreen]) -> reliability.SourceScreen:
        return s
