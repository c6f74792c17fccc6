"""Each page's screen, read in one transaction: store.reviews fetches, screens decide.

The HTML views and their JSON twins both call these, which is what makes the twins serve
exactly what the pages show. Consensus and reliability come from the app's one Truth
(reconcile.truth.estimates), the same instance the API's clusters and sources use.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from reconcile.dashboard import reliability, screens
from reconcile.dashboard import stories as story_screens
from reconcile.dashboard.consensus import Estimates
from reconcile.dashboard.filters import QueueFilter, StoryFilter
from reconcile.errors import NotFound
from reconcile.models import ConflictOut
from reconcile.store import repo, reviews
from reconcile.store.db import Database
from reconcile.truth.estimates import Truth, describe_cluster


def now() -> datetime:
    return datetime.now(UTC)


def estimates(conn: reviews.Conn, truth: Truth, conflicts: Sequence[ConflictOut]) -> Estimates:
    """The consensus of each cluster that has a numeric conflict among `conflicts`, over all of
    the cluster's claims (as GET /api/clusters/{id} computes it)."""
    ids = sorted({c.cluster_id for c in conflicts if c.kind == "numeric" and c.measure})
    claims = reviews.claims_of_clusters(conn, ids)
    return {i: found[0] for i, found in truth.for_clusters(conn, {i: claims[i] for i in ids})
            .items()}


def queue(db: Database, truth: Truth, f: QueueFilter) -> screens.QueueScreen:
    with db.transaction() as conn:
        conflicts, counts = reviews.queue(conn, f.sql_params())
        found = estimates(conn, truth, conflicts)
        stories, outlets = reviews.filter_options(conn)
    return screens.queue_screen(f, conflicts, found, counts, stories, outlets, now())


def conflict(db: Database, truth: Truth, conflict_id: int) -> screens.ConflictScreen:
    with db.transaction() as conn:
        found = reviews.conflict(conn, conflict_id)
        cluster_claims = reviews.cluster_claims(conn, found.cluster_id)
        consensus, _ = truth.for_cluster(conn, found.cluster_id, cluster_claims)
        articles = reviews.articles_by_ids(conn, [c.article_id for c in found.claims])
        near = reviews.neighbours(conn, conflict_id)
    return screens.conflict_screen(found, cluster_claims, consensus, articles, near, now())


def conflict_rows(db: Database, truth: Truth, ids: list[int]) -> list[screens.ConflictRow]:
    with db.transaction() as conn:
        found = reviews.conflicts_by_ids(conn, ids)
        consensus = estimates(conn, truth, found)
    return screens.conflict_rows(found, consensus, now())


def cluster(db: Database, truth: Truth, cluster_id: int) -> screens.ClusterScreen:
    with db.transaction() as conn:
        found = describe_cluster(truth, conn, repo.get_cluster(conn, cluster_id))
        conflicts = reviews.conflicts_of_cluster(conn, cluster_id)
        articles = reviews.articles_by_ids(conn, [c.article_id for c in found.claims])
    return screens.cluster_screen(found, conflicts, articles, now())


def article(db: Database, truth: Truth, article_id: int) -> screens.ArticleScreen:
    with db.transaction() as conn:
        found = repo.get_article(conn, article_id)
        conflicts = reviews.conflicts_of_claims(conn, [c.id for c in found.claims])
        consensus = estimates(conn, truth, conflicts)
    return screens.article_screen(found, conflicts, consensus, now())


def articles(db: Database, story: str | None, outlet: str | None) -> screens.ArticlesScreen:
    story, outlet = (story or "").strip() or None, (outlet or "").strip() or None
    with db.transaction() as conn:
        rows = reviews.articles(conn, story=story, outlet=outlet)
        choices = reviews.story_choices(conn)
    return screens.articles_screen(rows, story, outlet, choices)


def stories(db: Database, f: StoryFilter) -> story_screens.StoriesScreen:
    with db.transaction() as conn:
        found, total = reviews.stories(conn, f.sql_params())
    return story_screens.stories_screen(f, found, total)


# Truth.sources opens its own transaction, so it is called outside ours.


def outlets(db: Database, truth: Truth) -> reliability.OutletsScreen:
    scores = truth.sources("outlet")
    with db.transaction() as conn:
        rows = reviews.outlet_stats(conn)
    return reliability.outlets_screen(rows, scores)


def outlet(db: Database, truth: Truth, name: str) -> reliability.OutletScreen:
    scores = truth.sources("outlet")
    with db.transaction() as conn:
        row = next((r for r in reviews.outlet_stats(conn) if r.outlet == name), None)
        if row is None:
            raise NotFound(f"no articles from an outlet named {name!r}")
        claims = reviews.claims_of_outlet(conn, name)
        conflicts = reviews.conflicts_of_claims(conn, [c.id for c in claims])
        consensus = estimates(conn, truth, conflicts)
    return reliability.outlet_screen(row, scores, claims, conflicts, consensus)


def sources(db: Database, truth: Truth) -> reliability.SourcesScreen:
    scores = truth.sources("source")
    with db.transaction() as conn:
        rows = reviews.source_stats(conn)
    return reliability.sources_screen(rows, scores)


def source(db: Database, truth: Truth, key: str) -> reliability.SourceScreen:
    scores = truth.sources("source")
    with db.transaction() as conn:
        group = reliability.find_group(reviews.source_stats(conn), key)
        if group is None:
            raise NotFound(f"no claims credit a source with key {key!r}")
        claims = reviews.claims_of_sources(conn, group.keys)
        conflicts = reviews.conflicts_of_claims(conn, [c.id for c in claims])
        consensus = estimates(conn, truth, conflicts)
    return reliability.source_screen(group, scores, claims, conflicts, consensus)
