"""Each page's screen, read in one transaction: store.pages fetches, screens decide.

The HTML views and their JSON twins both call these, which is what makes the twins serve
exactly what the pages show.
"""

from __future__ import annotations

from datetime import UTC, datetime

from reconcile.dashboard import reliability, screens
from reconcile.dashboard.filters import QueueFilter
from reconcile.errors import NotFound
from reconcile.store import pages, repo
from reconcile.store.db import Database


def now() -> datetime:
    return datetime.now(UTC)


def queue(db: Database, f: QueueFilter) -> screens.QueueScreen:
    with db.transaction() as conn:
        conflicts, counts = pages.queue(conn, f.sql_params())
        stories, outlets = pages.filter_options(conn)
    return screens.queue_screen(f, conflicts, counts, stories, outlets, now())


def conflict(db: Database, conflict_id: int) -> screens.ConflictScreen:
    with db.transaction() as conn:
        found = pages.conflict(conn, conflict_id)
        cluster_claims = pages.cluster_claims(conn, found.cluster_id)
        articles = pages.articles_by_ids(conn, [c.article_id for c in found.claims])
        near = pages.neighbours(conn, conflict_id)
    return screens.conflict_screen(found, cluster_claims, articles, near, now())


def conflict_rows(db: Database, ids: list[int]) -> list[screens.ConflictRow]:
    with db.transaction() as conn:
        found = pages.conflicts_by_ids(conn, ids)
    moment = now()
    return [screens.conflict_row(c, moment) for c in found]


def cluster(db: Database, cluster_id: int) -> screens.ClusterScreen:
    with db.transaction() as conn:
        found = repo.get_cluster(conn, cluster_id)
        conflicts = pages.conflicts_of_cluster(conn, cluster_id)
        articles = pages.articles_by_ids(conn, [c.article_id for c in found.claims])
    return screens.cluster_screen(found, conflicts, articles, now())


def article(db: Database, article_id: int) -> screens.ArticleScreen:
    with db.transaction() as conn:
        found = repo.get_article(conn, article_id)
        conflicts = pages.conflicts_of_claims(conn, [c.id for c in found.claims])
    return screens.article_screen(found, conflicts, now())


def articles(db: Database, story: str | None, outlet: str | None) -> screens.ArticlesScreen:
    with db.transaction() as conn:
        rows = pages.articles(conn, story=story, outlet=outlet)
    return screens.articles_screen(rows, story, outlet)


def _disputes(conn: pages.Conn) -> tuple[list[pages.Dispute], dict[int, pages.Owner]]:
    disputes = pages.disputes(conn)
    owners = pages.claim_owners(conn, [i for d in disputes for p in d.positions
                                       for i in p.claim_ids])
    return disputes, owners


def outlets(db: Database) -> reliability.OutletsScreen:
    with db.transaction() as conn:
        rows = pages.outlet_stats(conn)
        disputes, owners = _disputes(conn)
    return reliability.outlets_screen(rows, disputes, owners)


def outlet(db: Database, name: str) -> reliability.OutletScreen:
    with db.transaction() as conn:
        row = next((r for r in pages.outlet_stats(conn) if r.outlet == name), None)
        if row is None:
            raise NotFound(f"no articles from an outlet named {name!r}")
        claims = pages.claims_of_outlet(conn, name)
        disputes, owners = _disputes(conn)
    return reliability.outlet_screen(row, claims, disputes, owners)


def sources(db: Database) -> reliability.SourcesScreen:
    with db.transaction() as conn:
        rows = pages.source_stats(conn)
        disputes, owners = _disputes(conn)
    return reliability.sources_screen(rows, disputes, owners)


def source(db: Database, key: str) -> reliability.SourceScreen:
    with db.transaction() as conn:
        rows = pages.source_stats(conn)
        group = reliability.find_group(rows, key)
        if group is None:
            raise NotFound(f"no claims credit a source with key {key!r}")
        claims = pages.claims_of_sources(conn, group.keys)
        disputes, owners = _disputes(conn)
    return reliability.source_screen(group, rows, claims, disputes, owners)
