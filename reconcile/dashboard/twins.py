"""What a page and its JSON twin both read: one function per screen, its parameters declared once.

Each function takes the screen's query and path parameters and builds the screen. It is the
dependency `s` of two handlers: the page (views.py) renders `s` as HTML, under the page
router's session cookie and HTML errors; the twin (api.py) returns `s` as JSON, under the API's
problem details and in the OpenAPI document. Litestar validates and documents a dependency's
parameters as it does a handler's, so a page and its twin take the same names, defaults and
bounds, and refuse the same values with the same problem.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery, QueryParameter

from reconcile.api.params import Id
from reconcile.dashboard import read, reliability, screens
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

SCREEN = "s"
"""The name both handlers take the screen by, as the templates call it."""

# As QueueFilter.parse takes them: blank is no filter, anything else outside these is a 422
# from parse (the enum and maxLength document it; they are not checked here).
Kind = Annotated[str | None, QueryParameter(
    description="A conflict kind; blank is every kind.", schema_extra={"enum": [*KINDS, ""]})]
Status = Annotated[str | None, QueryParameter(
    description="A review status; blank is every status.",
    schema_extra={"enum": [*STATUSES, ""]})]
Search = Annotated[str | None, QueryParameter(
    description="Text to search for, matched literally.",
    schema_extra={"maxLength": MAX_SEARCH})]
Page = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE)]


def screen(build: Callable[..., Any]) -> dict[str, Provide]:
    """The handler's `dependencies`: `build` as the screen `s`, in a thread (it reads the
    database)."""
    return {SCREEN: Provide(build, sync_to_thread=True)}


def queue(db: NamedDependency[Database], truth: NamedDependency[Truth],
          story: FromQuery[str | None] = None, kind: Kind = None, status: Status = None,
          outlet: FromQuery[str | None] = None, q: Search = None, page: Page = 1
          ) -> screens.QueueScreen:
    f = QueueFilter.parse(story=story, kind=kind, status=status, outlet=outlet, q=q, page=page)
    return read.queue(db, truth, f)


def conflict(conflict_id: Id, db: NamedDependency[Database], truth: NamedDependency[Truth]
             ) -> screens.ConflictScreen:
    return read.conflict(db, truth, conflict_id)


def cluster(cluster_id: Id, db: NamedDependency[Database], truth: NamedDependency[Truth]
            ) -> screens.ClusterScreen:
    return read.cluster(db, truth, cluster_id)


def stories(db: NamedDependency[Database], q: Search = None, page: Page = 1
            ) -> story_screens.StoriesScreen:
    return read.stories(db, StoryFilter.parse(q=q, page=page))


def articles(db: NamedDependency[Database], story: FromQuery[str | None] = None,
             outlet: FromQuery[str | None] = None) -> screens.ArticlesScreen:
    return read.articles(db, story, outlet)


def article(article_id: Id, db: NamedDependency[Database], truth: NamedDependency[Truth]
            ) -> screens.ArticleScreen:
    return read.article(db, truth, article_id)


def outlets(db: NamedDependency[Database], truth: NamedDependency[Truth]
            ) -> reliability.OutletsScreen:
    return read.outlets(db, truth)


def outlet(db: NamedDependency[Database], truth: NamedDependency[Truth], name: FromQuery[str]
           ) -> reliability.OutletScreen:
    return read.outlet(db, truth, name)


def sources(db: NamedDependency[Database], truth: NamedDependency[Truth]
            ) -> reliability.SourcesScreen:
    return read.sources(db, truth)


def source(db: NamedDependency[Database], truth: NamedDependency[Truth], key: FromQuery[str]
           ) -> reliability.SourceScreen:
    return read.source(db, truth, key)
