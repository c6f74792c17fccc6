"""Clusters and conflicts do not depend on the order or the concurrency of posts."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

from reconcile.embedding.embed import Embedder
from reconcile.models import ArticleIn
from reconcile.settings import Settings
from reconcile.startup import open_service
from tests import store_helpers
from tests.conftest import create_database, drop_database

STORY = [
    ArticleIn(outlet="A", story="s", published_at="2025-02-14T08:00:00Z", text=(
        "North Korea has sent 11,000 troops to Russia since October 2024, officials said. "
        '"We believe their withdrawal is a result of heavy losses," Colonel Oleksandr '
        "Kondratenko said.")),
    ArticleIn(outlet="B", story="s", published_at="2025-02-14T09:00:00Z", text=(
        "North Korea has sent 12,000 troops to Russia since October 2024, officials said. "
        '"We believe their withdrawal is a result of heavy losses," Frederic Spohr said.')),
    ArticleIn(outlet="C", story="s", published_at="2025-02-14T10:00:00Z", text=(
        "North Korea has sent around 11,000 soldiers to Russia since October 2024. "
        '"We believe their withdrawal is a result of heavy losses," Col. Kondratenko said.')),
]


def snapshot(conn) -> tuple:  # type: ignore[no-untyped-def]
    """Clusters as sets of (outlet, sentence), and conflicts as (kind, positions by outlet):
    what must not depend on the order, the concurrency or the process of ingestion."""
    rows = conn.execute("SELECT cluster_id, outlet, text FROM claims").fetchall()
    conflicts = conn.execute("SELECT kind, positions FROM conflicts WHERE active").fetchall()
    clusters: dict[int, set[tuple[str, str]]] = {}
    for r in rows:
        clusters.setdefault(r["cluster_id"], set()).add((r["outlet"], r["text"]))
    return (
        frozenset(frozenset(c) for c in clusters.values()),
        frozenset((c["kind"], frozenset(frozenset(p["outlets"]) for p in c["positions"]))
                  for c in conflicts),
    )


def _snapshot(service) -> tuple:  # type: ignore[no-untyped-def]
    with service.db.transaction() as conn:
        return snapshot(conn)


def _run(pg_url: str, settings: Settings, embedder: Embedder, articles, parallel: bool):  # type: ignore[no-untyped-def]
    name, url = create_database(pg_url)
    service = open_service(settings, embedder=embedder, url=url)
    try:
        if parallel:
            with ThreadPoolExecutor(max_workers=len(articles)) as pool:
                list(pool.map(service.ingestor.ingest, articles))
        else:
            for a in articles:
                service.ingestor.ingest(a)
        return _snapshot(service)
    finally:
        service.close()
        drop_database(pg_url, name)


def test_every_order_gives_the_same_clusters_and_conflicts(
    pg_url: str, template_url: str, settings: Settings, embedder: Embedder
) -> None:
    results = {_run(pg_url, settings, embedder, list(order), parallel=False)
               for order in itertools.permutations(STORY)}
    assert len(results) == 1
    (clusters, conflicts), = results
    assert {kind for kind, _ in conflicts} == {"numeric", "attribution"}
    assert len(clusters) == 2


def test_concurrent_posts_give_the_same_result_as_serial_ones(
    pg_url: str, template_url: str, settings: Settings, embedder: Embedder
) -> None:
    serial = _run(pg_url, settings, embedder, STORY, parallel=False)
    for _ in range(3):
        assert _run(pg_url, settings, embedder, STORY, parallel=True) == serial


def test_concurrent_duplicate_posts_store_one_article(
    pg_url: str, template_url: str, settings: Settings, embedder: Embedder
) -> None:
    name, url = create_database(pg_url)
    service = open_service(settings, embedder=embedder, url=url)
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            results = list(pool.map(service.ingestor.ingest, [STORY[0]] * 6))
        assert len({r.id for r in results}) == 1
        assert sum(not r.duplicate for r in results) == 1
        with service.db.transaction() as conn:
            assert conn.execute("SELECT count(*) AS n FROM articles").fetchone()["n"] == 1
    finally:
        service.close()
        drop_database(pg_url, name)


def test_seed_story_gives_the_same_result_in_shuffled_and_concurrent_orders(
    pg_url: str, template_url: str, settings: Settings, embedder: Embedder
) -> None:
    import random

    from reconcile.loaders import read_articles, seed_files
    from tests.conftest import ROOT

    seeds = [a for f in seed_files(ROOT / "seeds") for a in read_articles(f)]
    reference = _run(pg_url, settings, embedder, seeds, parallel=False)
    rng = random.Random(7)
    for _ in range(3):
        order = seeds[:]
        rng.shuffle(order)
        assert _run(pg_url, settings, embedder, order, parallel=False) == reference
    assert _run(pg_url, settings, embedder, seeds, parallel=True) == reference
    _, conflicts = reference
    assert sorted(kind for kind, _ in conflicts) == ["attribution", "numeric"]


def test_a_claim_linking_two_clusters_merges_them_keeping_reviews(
    pg_url: str, template_url: str, settings: Settings, embedder: Embedder
) -> None:
    from reconcile.store import repo

    name, url = create_database(pg_url)
    service = open_service(settings, embedder=embedder, url=url)
    try:
        with service.db.transaction() as conn:
            a, b = store_helpers.insert_cluster(conn, "s"), store_helpers.insert_cluster(conn, "s")
            for cid in (a, b):
                conn.execute(
                    "INSERT INTO conflicts (story, cluster_id, key, kind, severity, explanation,"
                    " positions, claim_ids, status, note) VALUES ('s', %s, 'numeric:troops', "
                    "'numeric', 0.5, 'x', '[]', '{}', %s, %s)",
                    (cid, "confirmed" if cid == b else "open", "checked" if cid == b else None))
            repo.merge_clusters(conn, a, [b])
            rows = conn.execute("SELECT cluster_id, key, status, active FROM conflicts").fetchall()
            clusters = conn.execute("SELECT id FROM clusters").fetchall()
        assert [r["id"] for r in clusters] == [a]
        assert [(r["cluster_id"], r["key"], r["status"]) for r in rows] == [
            (a, "numeric:troops", "confirmed")]
    finally:
        service.close()
        drop_database(pg_url, name)
