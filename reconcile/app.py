"""The Litestar application: controllers, dependencies and the one error mapping, wired here."""

from __future__ import annotations

from functools import partial

from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware

from reconcile import __version__
from reconcile.api.allow import correct_allow
from reconcile.api.articles import ArticleController
from reconcile.api.claims import similar_claims
from reconcile.api.clusters import ClusterController
from reconcile.api.conflicts import ConflictController
from reconcile.api.deadline import RequestDeadline
from reconcile.api.deps import (
    provide_cache,
    provide_db,
    provide_fetcher,
    provide_ingestor,
    provide_truth,
)
from reconcile.api.edge import check_request
from reconcile.api.exports import conflict_claimreview, story_claimreview
from reconcile.api.feeds import FeedController
from reconcile.api.flights import Flights
from reconcile.api.health import health
from reconcile.api.openapi import DocumentConfig, ErrorResponses, PydanticModels
from reconcile.api.problems import HANDLERS
from reconcile.api.readcache import ReadCache, Scope
from reconcile.api.sources import list_sources
from reconcile.api.stories import StoryController, move_article
from reconcile.dashboard import dashboard
from reconcile.ingest import Ingestor
from reconcile.settings import Settings
from reconcile.store.changes import ChangeFeed
from reconcile.store.db import Database
from reconcile.truth.estimates import Truth
from reconcile.web.fetch import Fetcher


def scope_version(feed: ChangeFeed, scope: Scope) -> int | None:
    """The change feed's version of what a cached page was read from."""
    return feed.version(*scope) if isinstance(scope, tuple) else feed.version(scope)


def fetcher_of(settings: Settings) -> Fetcher:
    """The one HTTP client for pages and feeds, bounded as the settings say."""
    return Fetcher(timeout_s=settings.fetch_timeout_s, max_bytes=settings.fetch_max_bytes,
                   allow_private=settings.fetch_allow_private)


def create_app(settings: Settings, db: Database, ingestor: Ingestor,
               truth: Truth | None = None) -> Litestar:
    """An app over an open database and a loaded model (the CLI and the tests build those)."""
    truth = truth or Truth(db)
    cache = ReadCache(int(settings.read_cache_mb * 2**20), partial(scope_version, db.changes))
    # The review pages bring their own session cookie, CSRF checks, HTML errors and
    # Content-Security-Policy, scoped to their routes: API clients keep the bearer token only.
    ui = dashboard(settings.token, settings.secure_cookies)
    fetcher = fetcher_of(settings)
    return Litestar(
        route_handlers=[ArticleController, ClusterController, ConflictController, list_sources,
                        similar_claims, health, StoryController, move_article,
                        conflict_claimreview, story_claimreview, FeedController,
                        *ui.routers],
        template_config=ui.template_config,
        dependencies={"db": Provide(provide_db, sync_to_thread=False),
                      "ingestor": Provide(provide_ingestor, sync_to_thread=False),
                      "truth": Provide(provide_truth, sync_to_thread=False),
                      "cache": Provide(provide_cache, sync_to_thread=False),
                      "fetcher": Provide(provide_fetcher, sync_to_thread=False)},
        exception_handlers=HANDLERS,
        # Before any handler: storable text, JSON writes to /api/, no write from another site.
        guards=[check_request],
        middleware=[DefineMiddleware(RequestDeadline, seconds=settings.request_timeout_s)],
        plugins=[ErrorResponses(), PydanticModels()],
        before_send=[correct_allow],
        state=State({"db": db, "ingestor": ingestor, "truth": truth, "cache": cache,
                     "page_flights": Flights(), "api_token": settings.token,
                     "fetcher": fetcher}),
        request_max_body_size=settings.max_body_bytes,
        openapi_config=DocumentConfig(
            title="reconcile", version=__version__, path="/schema",
            description="Multi-source claim reconciliation: articles in, clusters and "
                        "conflicts out.",
        ),
        on_shutdown=[lambda: db.close(), fetcher.close],
    )
