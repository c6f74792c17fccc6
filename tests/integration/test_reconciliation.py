"""Consensus, reliability and review feedback through the API, on a real database."""

from __future__ import annotations

from litestar.testing import TestClient

STORY = {"story": "nk", "published_at": "2025-02-14T08:30:00Z"}


def post(client: TestClient, outlet: str, text: str, **extra: str) -> dict:  # type: ignore[type-arg]
    r = client.post("/api/articles", json={**STORY, **extra, "outlet": outlet, "text": text})
    assert r.status_code == 201, r.text
    return r.json()


def seed_three(client: TestClient) -> dict:  # type: ignore[type-arg]
    post(client, "A", "North Korea has sent 11,000 troops to Russia since October 2024.")
    post(client, "B", "North Korea has sent 12,000 troops to Russia since October 2024.")
    post(client, "C", "North Korea has sent around 11,000 soldiers to Russia since October "
                       "2024.")
    (conflict,) = client.get("/api/conflicts?story=nk").json()["items"]
    return conflict


def test_cluster_carries_consensus_and_its_outlets_reliability(client: TestClient) -> None:
    conflict = seed_three(client)
    client.get("/api/sources")  # learns the weights
    cluster = client.get(f"/api/clusters/{conflict['cluster_id']}").json()
    (consensus,) = cluster["consensus"]
    assert consensus["measure"] == "troops" and consensus["value"] == 11000
    assert consensus["outlets"] == ["A", "C"] and consensus["ground_truth"] is False
    assert set(cluster["reliability"]) == {"A", "B", "C"}
    assert cluster["reliability"]["B"] < cluster["reliability"]["A"]


def test_sources_lists_outlets_and_credited_sources(client: TestClient) -> None:
    seed_three(client)
    post(client, "D", "In all 12,000 troops went to Russia, according to Colonel Ana Petrov.",
         story="other")
    page = client.get("/api/sources").json()
    assert page["next"] is None
    outlets = {s["name"]: s for s in page["items"] if s["kind"] == "outlet"}
    assert {"A", "B", "C", "D"} <= set(outlets)
    assert outlets["B"]["compared"] == 1 and outlets["B"]["agree"] == 0
    assert outlets["D"]["compared"] == 0 and outlets["D"]["reliability"] == 0.5
    only_sources = client.get("/api/sources?kind=source").json()["items"]
    assert all(s["kind"] == "source" for s in only_sources)
    assert client.get("/api/sources?kind=nonsense").status_code == 422


def test_sources_pagination(client: TestClient) -> None:
    seed_three(client)
    first = client.get("/api/sources?kind=outlet&limit=2").json()
    assert len(first["items"]) == 2 and first["next"]
    rest = client.get(f"/api/sources?kind=outlet&limit=2&cursor={first['next']}").json()
    names = [s["name"] for s in first["items"] + rest["items"]]
    assert sorted(names) == ["A", "B", "C"]


def test_resolved_value_becomes_ground_truth(client: TestClient) -> None:
    conflict = seed_three(client)
    before = {s["name"]: s["reliability"] for s in client.get("/api/sources?kind=outlet")
              .json()["items"]}
    r = client.patch(f"/api/conflicts/{conflict['id']}",
                     json={"status": "resolved", "accepted_value": 12000,
                           "note": "Ministry confirmed 12,000"})
    assert r.status_code == 200
    after = {s["name"]: s["reliability"] for s in client.get("/api/sources?kind=outlet")
             .json()["items"]}
    assert after["B"] > before["B"] and after["A"] < before["A"]
    cluster = client.get(f"/api/clusters/{conflict['cluster_id']}").json()
    (consensus,) = cluster["consensus"]
    assert consensus["value"] == 12000 and consensus["ground_truth"] is True


def test_outlet_update_shows_in_the_timeline_not_as_a_conflict(client: TestClient) -> None:
    post(client, "A", "The death toll from the flood stands at 40, officials said.",
         published_at="2025-02-14T08:00:00Z")
    post(client, "A", "The death toll from the flood stands at 52, officials said.",
         published_at="2025-02-14T20:00:00Z", title="update")
    assert client.get("/api/conflicts?story=nk").json()["items"] == []
    clusters = client.get("/api/clusters?story=nk").json()["items"]
    updates = [u for c in clusters for u in c["updates"]]
    assert [(u["outlet"], u["earlier"], u["later"]) for u in updates] == [("A", "40", "52")]
