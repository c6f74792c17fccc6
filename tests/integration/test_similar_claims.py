"""GET /api/claims/similar: claims found by meaning across stories, over the HNSW index
(its seeds: test_cluster_seeds.py)."""

from __future__ import annotations

import numpy as np
import pytest
from litestar.testing import TestClient

from reconcile.loaders import read_articles, seed_files
from reconcile.startup import Service
from tests.conftest import ROOT
from tests.integration.test_api import assert_problem


@pytest.fixture
def seeded(client: TestClient, service: Service) -> TestClient:  # type: ignore[type-arg]
    for article in (a for f in seed_files(ROOT / "seeds") for a in read_articles(f)):
        service.ingestor.ingest(article)
    client.post("/api/articles", json={
        "story": "ferries", "outlet": "Coast Daily",
        "text": "Officials said 40 ferries were cancelled on the northern route."})
    return client


def test_the_nearest_claims_come_first_from_any_story(seeded: TestClient) -> None:  # type: ignore[type-arg]
    r = seeded.get("/api/claims/similar", params={"text": "Pyongyang sent 12,000 soldiers "
                                                           "to Russia."})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert 1 <= len(items) <= 10
    assert items[0]["story"] == "north-korea-troops"
    assert "troops" in items[0]["text"] or "soldiers" in items[0]["text"]
    similarities = [c["similarity"] for c in items]
    assert similarities == sorted(similarities, reverse=True)
    assert set(items[0]) >= {"id", "cluster_id", "outlet", "text", "values", "source", "story",
                             "similarity"}

    ferries = seeded.get("/api/claims/similar", params={"text": "Forty ferries were cancelled",
                                                         "limit": 1}).json()["items"]
    assert [c["story"] for c in ferries] == ["ferries"]


def test_similarities_are_the_cosines_clustering_uses(
    seeded: TestClient, service: Service  # type: ignore[type-arg]
) -> None:
    text = "North Korea has sent 11,000 troops to Russia."
    items = seeded.get("/api/claims/similar", params={"text": text, "limit": 3}).json()["items"]
    (query,) = service.embedder.encode([text])
    with service.db.transaction() as conn:
        stored = {r["id"]: r["embedding"].to_numpy() for r in conn.execute(
            "SELECT id, embedding FROM claims WHERE id = ANY(%s)", ([c["id"] for c in items],))}
    for c in items:
        assert c["similarity"] == pytest.approx(float(np.dot(query, stored[c["id"]])), abs=1e-3)


def test_min_similarity_and_limit_narrow_the_answer(seeded: TestClient) -> None:  # type: ignore[type-arg]
    text = "North Korea has sent 11,000 troops to Russia."
    wide = seeded.get("/api/claims/similar", params={"text": text, "limit": 20}).json()["items"]
    assert len(wide) == 20
    close = seeded.get("/api/claims/similar", params={"text": text, "limit": 20,
                                                       "min_similarity": 0.7}).json()["items"]
    assert 0 < len(close) < len(wide)
    assert all(c["similarity"] >= 0.7 for c in close)
    assert [c["id"] for c in close] == [c["id"] for c in wide[:len(close)]]


@pytest.mark.parametrize("params", [
    {}, {"text": ""}, {"text": "   "}, {"text": "x" * 2001}, {"text": "troops", "limit": 0},
    {"text": "troops", "limit": 101}, {"text": "troops", "min_similarity": 2},
])
def test_bad_searches_get_problem_details(
    client: TestClient, params: dict[str, object]  # type: ignore[type-arg]
) -> None:
    r = client.get("/api/claims/similar", params=params)
    assert_problem(r, r.status_code)
    assert r.status_code in (400, 422)
