"""The global HNSW index holds a seed for each wording of a cluster (schemas/006), and the
similar-claims search that reads it still ranks claims exactly within the clusters it looks in."""

from __future__ import annotations

import numpy as np
from litestar.testing import TestClient

from bench.corpus import articles as corpus_articles
from reconcile.models import ArticleIn
from reconcile.startup import Service
from reconcile.store import repo
from reconcile.store.db import sql

TROOPS = ("North Korea has sent 11,000 troops to Russia since October 2024, officials said. "
          "The ceasefire talks in Geneva ended without agreement on Tuesday after 14 hours.")


def seeds_by_cluster(service: Service) -> dict[int, list[int]]:
    """Every cluster's seed claims, by cluster, in id order."""
    with service.db.transaction() as conn:
        out: dict[int, list[int]] = {r["id"]: [] for r in conn.execute("SELECT id FROM clusters")}
        for r in conn.execute("SELECT cluster_id, id FROM claims WHERE seed ORDER BY id"):
            out[r["cluster_id"]].append(r["id"])
    return out


def first_claims(service: Service) -> dict[int, int]:
    with service.db.transaction() as conn:
        return {r["cluster_id"]: r["id"] for r in conn.execute(
            "SELECT cluster_id, min(id) AS id FROM claims GROUP BY cluster_id")}


def test_each_cluster_an_article_starts_has_its_first_claim_for_seed(service: Service) -> None:
    service.ingestor.ingest(ArticleIn(story="s", outlet="A", text=TROOPS))
    seeds = seeds_by_cluster(service)
    assert len(seeds) == 2
    assert {c: ids[0] for c, ids in seeds.items() if len(ids) == 1} == first_claims(service)


def test_a_claim_joining_a_stored_cluster_is_not_a_seed(service: Service) -> None:
    service.ingestor.ingest(ArticleIn(story="s", outlet="A", text=TROOPS))
    joined = service.ingestor.ingest(ArticleIn(story="s", outlet="B", text=(
        "North Korea has sent around 11,000 soldiers to Russia since October 2024.")))
    with service.db.transaction() as conn:
        row = conn.execute("SELECT seed, cluster_id FROM claims WHERE article_id = %s",
                           (joined.id,)).fetchone()
    assert row is not None and row["seed"] is False
    assert len(seeds_by_cluster(service)[row["cluster_id"]]) == 1


def test_another_wording_joining_a_stored_cluster_is_a_seed_of_its_own(
    service: Service,
) -> None:
    troops = service.ingestor.ingest(ArticleIn(story="s", outlet="A", text=TROOPS)).claims[0]
    other = service.ingestor.ingest(ArticleIn(story="s", outlet="B", text=(
        "Pyongyang has dispatched around 11,000 soldiers to Russia since October 2024.")))
    (claim,) = other.claims
    assert claim.cluster_id == troops.cluster_id  # the same claim, in other words
    assert seeds_by_cluster(service)[claim.cluster_id] == [troops.id, claim.id]


def test_an_article_whose_claims_start_one_cluster_seeds_it_once(service: Service) -> None:
    service.ingestor.ingest(ArticleIn(story="s", outlet="A", text=(
        "North Korea has sent 11,000 troops to Russia, officials said. "
        "North Korea has sent around 11,000 soldiers to Russia, officials added.")))
    seeds = seeds_by_cluster(service)
    assert list(seeds.values()) == [list(first_claims(service).values())]


def test_a_merged_cluster_keeps_the_seeds_of_both(service: Service) -> None:
    service.ingestor.ingest(ArticleIn(story="s", outlet="A", text=TROOPS))
    seeds = seeds_by_cluster(service)
    a, b = sorted(seeds)
    with service.db.transaction(write=True) as conn:
        repo.merge_clusters(conn, a, [b])
    assert seeds_by_cluster(service) == {a: sorted(seeds[a] + seeds[b])}


def test_every_cluster_of_a_busy_story_set_has_a_seed(service: Service) -> None:
    for article in corpus_articles(60, seed=7):
        service.ingestor.ingest(ArticleIn.model_validate(article))
    seeds = seeds_by_cluster(service)
    assert len(seeds) > 20
    assert all(seeds.values()), [c for c, ids in seeds.items() if not ids]
    with service.db.transaction() as conn:
        row = conn.execute("SELECT count(*) AS claims, count(*) FILTER (WHERE seed) AS seeds "
                           "FROM claims").fetchone()
    assert row is not None and row["seeds"] < row["claims"]


def exact_nearest(service: Service, vector: np.ndarray, k: int) -> list[int]:
    """The k nearest claims by a full scan of every claim (no index)."""
    with service.db.transaction() as conn:
        conn.execute("SET LOCAL enable_indexscan = off")
        conn.execute("SET LOCAL enable_bitmapscan = off")
        return [r["id"] for r in conn.execute(
            "SELECT id FROM claims ORDER BY embedding <=> %s, id LIMIT %s", (vector, k))]


def test_looking_in_every_cluster_the_search_is_the_exact_scan(
    client: TestClient, service: Service  # type: ignore[type-arg]
) -> None:
    for article in corpus_articles(12, seed=3):
        service.ingestor.ingest(ArticleIn.model_validate(article))
    clusters = len(seeds_by_cluster(service))
    k = 20
    assert clusters <= repo.seeds_for(k)  # so the search looks in every cluster
    for text in ("The earthquake killed 300 people, officials said.",
                 "Turnout reached 61 percent.", "Strikers demanded a 12 percent raise."):
        (vector,) = service.embedder.encode([text])
        items = client.get("/api/claims/similar", params={"text": text, "limit": k}).json()[
            "items"]
        assert [c["id"] for c in items] == exact_nearest(service, vector, k)


def test_a_claim_nearer_than_its_clusters_seed_comes_first(
    client: TestClient, service: Service  # type: ignore[type-arg]
) -> None:
    service.ingestor.ingest(ArticleIn(story="s", outlet="A", text=TROOPS))
    member = service.ingestor.ingest(ArticleIn(story="s", outlet="B", text=(
        "Pyongyang has dispatched around 11,000 soldiers to Russia since October 2024.")))
    (claim,) = member.claims
    items = client.get("/api/claims/similar", params={"text": claim.text, "limit": 2}).json()[
        "items"]
    assert items[0]["id"] == claim.id and items[0]["similarity"] > 0.99
    assert items[1]["cluster_id"] == claim.cluster_id  # the seed, second


def test_the_search_reads_the_seed_index_and_only_seeds_are_in_it(service: Service) -> None:
    (vector,) = service.embedder.encode(["troops"])
    with service.db.transaction() as conn:
        conn.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the choice visible
        plan = "\n".join(r["QUERY PLAN"] for r in conn.execute(
            "EXPLAIN " + sql("similar_claims"), {"embedding": vector, "k": 5, "seeds": 80}))
        assert "claims_seed_hnsw" in plan
        indexes = {r["indexname"]: r["indexdef"] for r in conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'claims'")}
        assert repo.similar_claims(conn, vector, 5) == []  # nothing stored yet
    assert "claims_embedding_hnsw" not in indexes
    assert indexes["claims_seed_hnsw"].endswith("WHERE seed")


def test_seeds_for_looks_well_past_k() -> None:
    assert repo.seeds_for(1) == 80 and repo.seeds_for(10) == 80 and repo.seeds_for(100) == 800


def test_the_largest_limit_searches_within_pgvectors_bounds(
    client: TestClient, service: Service  # type: ignore[type-arg]
) -> None:
    service.ingestor.ingest(ArticleIn(story="s", outlet="A", text=TROOPS))
    r = client.get("/api/claims/similar", params={"text": "troops", "limit": 100})
    assert r.status_code == 200, r.text
    assert len(r.json()["items"]) == 2
