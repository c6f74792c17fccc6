"""The HTTP API through Litestar's test client, against a real PostgreSQL and the real model."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from bench.corpus import articles as corpus_articles
from reconcile.app import create_app
from reconcile.loaders import read_articles, seed_files
from reconcile.models import ArticleIn
from reconcile.startup import Service
from tests.conftest import ROOT

ARTICLE = {
    "outlet": "Harbour Gazette",
    "title": "Troops sent",
    "url": "https://harbour.example/troops",
    "published_at": "2025-02-14T08:30:00Z",
    "story": "nk",
    "text": "North Korea has sent 11,000 troops to Russia since October 2024, according to "
            "South Korean data. The weather was mild.",
}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail", "errors"}
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def test_post_article_returns_201_with_claims(client: TestClient) -> None:  # type: ignore[type-arg]
    r = client.post("/api/articles", json=ARTICLE)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["outlet"] == "Harbour Gazette" and body["story"] == "nk"
    assert body["duplicate"] is False
    assert len(body["claims"]) == 1
    claim = body["claims"][0]
    assert set(claim) >= {"id", "article_id", "outlet", "text", "values", "source"}
    assert claim["text"].startswith("North Korea has sent 11,000 troops")
    assert ARTICLE["text"][claim["start"]:claim["end"]] == claim["text"]
    value, since = claim["values"]  # the count, and "since October 2024" as a date
    assert since["unit"] == "date"
    assert value["raw"] == "11,000" and value["low"] == value["high"] == 11000
    assert value["measure"] == "troops" and value["unit"] is None
    assert ARTICLE["text"][value["start"]:value["end"]] == "11,000"
    assert claim["source"]["name"] == "South Korean data"
    assert claim["time_span"]["start"] == "2024-10-01"


def test_reposting_the_same_article_returns_200_and_stores_nothing(
    client: TestClient, service: Service  # type: ignore[type-arg]
) -> None:
    first = client.post("/api/articles", json=ARTICLE).json()
    again = client.post("/api/articles", json=ARTICLE)
    assert again.status_code == 200
    assert again.json()["id"] == first["id"] and again.json()["duplicate"] is True
    same_text_no_url = {k: v for k, v in ARTICLE.items() if k != "url"}
    third = client.post("/api/articles", json=same_text_no_url)
    assert third.status_code == 200 and third.json()["id"] == first["id"]
    with service.db.transaction() as conn:
        assert conn.execute("SELECT count(*) AS n FROM articles").fetchone()["n"] == 1
        assert conn.execute("SELECT count(*) AS n FROM claims").fetchone()["n"] == 1


def test_a_repost_costs_the_model_no_pass(service: Service) -> None:
    body = {**ARTICLE, "text": ARTICLE["text"] + " Officials counted 41 ferries in the port."}
    first = service.ingestor.ingest(ArticleIn(**body))
    passes = service.embedder._batcher.calls  # type: ignore[attr-defined]
    again = service.ingestor.ingest(ArticleIn(**body))
    assert again.duplicate and again.id == first.id and again.claims == first.claims
    assert service.embedder._batcher.calls == passes  # type: ignore[attr-defined]


def test_same_text_in_another_story_is_a_new_article(client: TestClient) -> None:  # type: ignore[type-arg]
    first = client.post("/api/articles", json=ARTICLE).json()
    other = client.post("/api/articles", json={**ARTICLE, "story": "elsewhere"})
    assert other.status_code == 201 and other.json()["id"] != first["id"]


def test_get_article_by_id_and_unknown_id_is_404(client: TestClient) -> None:  # type: ignore[type-arg]
    created = client.post("/api/articles", json=ARTICLE).json()
    got = client.get(f"/api/articles/{created['id']}")
    assert got.status_code == 200 and got.json()["claims"] == created["claims"]
    assert_problem(client.get("/api/articles/999999"), 404)


def test_the_posted_answer_is_what_get_reads_back_for_every_kind_of_claim(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    """POST builds its answer from what it wrote; GET reads the rows: they must not differ
    (figures, sources, citations, time spans, quotes, offsets, dates in UTC, cluster ids)."""
    posts = [a for f in seed_files(ROOT / "seeds") for a in read_articles(f)]
    bodies = [a.model_dump(mode="json", exclude_none=True) for a in posts]
    bodies += corpus_articles(30, seed=11)
    bodies.append({**ARTICLE, "url": "https://harbour.example/tz", "outlet": "Kyiv Desk",
                   "published_at": "2025-02-14T10:30:00+02:00"})
    claims = 0
    for body in bodies:
        posted = client.post("/api/articles", json=body)
        assert posted.status_code == 201, posted.text
        got = client.get(f"/api/articles/{posted.json()['id']}")
        assert got.status_code == 200
        assert posted.json() == got.json()
        claims += len(got.json()["claims"])
    assert claims > 100
    # Later articles may merge the clusters of earlier ones; the last one's are current.
    last = client.get(f"/api/articles/{posted.json()['id']}").json()
    assert last["published_at"] == "2025-02-14T08:30:00Z"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "Some text with 5 people."}, "outlet"),
        ({"outlet": "A"}, "text"),
        ({"outlet": "A", "text": ""}, "text"),
        ({"outlet": "A", "text": "   ...  "}, "text"),
        ({"outlet": "A", "text": "x 5 people", "url": "not a url"}, "url"),
        ({"outlet": "A", "text": "x 5 people", "published_at": "yesterday-ish"}, "published_at"),
        ({"outlet": "A", "text": "x 5 people", "story": "bad\nstory"}, "story"),
        ({"outlet": "A", "text": "x 5 people", "colour": "red"}, "colour"),
        ({"outlet": 5, "text": "x 5 people"}, "outlet"),
    ],
)
def test_invalid_article_is_a_problem_naming_the_field(
    client: TestClient, service: Service, body: dict[str, Any], field: str  # type: ignore[type-arg]
) -> None:
    problem = assert_problem(client.post("/api/articles", json=body), 422)
    assert any(field in e["field"] for e in problem["errors"]), problem
    with service.db.transaction() as conn:
        assert conn.execute("SELECT count(*) AS n FROM articles").fetchone()["n"] == 0


def test_malformed_json_is_a_400_problem(client: TestClient) -> None:  # type: ignore[type-arg]
    r = client.post("/api/articles", content=b"{not json",
                    headers={"content-type": "application/json"})
    assert_problem(r, 400)


def test_oversized_body_is_413(service: Service) -> None:
    settings = service.settings.model_copy(update={"max_body_bytes": 1000})
    app = create_app(settings, service.db, service.ingestor)
    with TestClient(app=app) as c:
        r = c.post("/api/articles", json={**ARTICLE, "text": "x " * 5000})
        assert_problem(r, 413)


def test_text_over_the_character_limit_is_rejected(service: Service) -> None:
    service.ingestor.max_chars = 100
    app = create_app(service.settings, service.db, service.ingestor)
    with TestClient(app=app) as c:
        problem = assert_problem(c.post("/api/articles", json={**ARTICLE, "text": "y" * 101}),
                                 422)
        assert problem["errors"][0]["field"] == "text"


def test_unknown_route_and_wrong_method_are_problems(client: TestClient) -> None:  # type: ignore[type-arg]
    assert_problem(client.get("/api/nothing-here"), 404)
    assert_problem(client.delete("/api/articles/1"), 405)


def test_error_shape_is_the_same_across_endpoints(client: TestClient) -> None:  # type: ignore[type-arg]
    shapes = [
        set(assert_problem(client.get("/api/clusters/424242"), 404)),
        set(assert_problem(client.get("/api/conflicts/424242"), 404)),
        set(assert_problem(client.get("/api/conflicts?limit=0"), 422)),
        set(assert_problem(client.patch("/api/conflicts/424242", json={"status": "dismissed"}),
                           404)),
        set(assert_problem(client.post("/api/articles", json={}), 422)),
    ]
    assert all(s == shapes[0] for s in shapes)


def test_bad_query_parameters_are_problems(client: TestClient) -> None:  # type: ignore[type-arg]
    assert_problem(client.get("/api/conflicts?status=maybe"), 422)
    assert_problem(client.get("/api/conflicts?kind=other"), 422)
    assert_problem(client.get("/api/clusters?limit=100000"), 422)
    assert_problem(client.get("/api/clusters?cursor=garbage"), 400)


def test_limit_accepts_500(client: TestClient) -> None:  # type: ignore[type-arg]
    assert client.get("/api/clusters?limit=500").status_code == 200
    assert client.get("/api/conflicts?limit=500").status_code == 200


def test_health_is_200_when_ready(client: TestClient) -> None:  # type: ignore[type-arg]
    r = client.get("/health")
    assert r.status_code == 200 and r.json() == {"status": "ok", "database": True, "model": True}


def test_openapi_schema_is_served(client: TestClient) -> None:  # type: ignore[type-arg]
    r = client.get("/schema/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    assert {"/api/articles", "/api/clusters", "/api/conflicts", "/health"} <= set(paths)


def _post_story(client: TestClient) -> None:  # type: ignore[type-arg]
    base = {"story": "nk", "published_at": "2025-02-14T08:30:00Z"}
    client.post("/api/articles", json={**base, "outlet": "A", "text":
                "North Korea has sent 11,000 troops to Russia since October 2024."})
    client.post("/api/articles", json={**base, "outlet": "B", "text":
                "North Korea has sent 12,000 troops to Russia since October 2024."})
    client.post("/api/articles", json={**base, "outlet": "C", "text":
                "North Korea has sent around 11,000 soldiers to Russia since October 2024."})


def test_conflict_has_positions_not_pairs(client: TestClient) -> None:  # type: ignore[type-arg]
    _post_story(client)
    page = client.get("/api/conflicts?story=nk").json()
    assert page["next"] is None
    (conflict,) = page["items"]
    assert set(conflict) >= {"id", "story", "cluster_id", "kind", "status", "severity",
                             "explanation", "claims", "positions"}
    assert conflict["kind"] == "numeric" and conflict["status"] == "open"
    assert 0 < conflict["severity"] <= 1
    positions = sorted(conflict["positions"], key=lambda p: p["low"])
    assert [p["outlets"] for p in positions] == [["A", "C"], ["B"]]
    assert "A: 11,000 troops" in conflict["explanation"]
    assert "B: 12,000 troops" in conflict["explanation"]
    assert len(conflict["claims"]) == 3
    cluster = client.get(f"/api/clusters/{conflict['cluster_id']}").json()
    assert cluster["has_conflict"] is True and cluster["size"] == 3
    assert cluster["conflicts"] == [conflict["id"]]


def test_patch_conflict_records_decision_and_audit(client: TestClient) -> None:  # type: ignore[type-arg]
    _post_story(client)
    conflict = client.get("/api/conflicts").json()["items"][0]
    r = client.patch(f"/api/conflicts/{conflict['id']}",
                     json={"status": "resolved", "note": "Defence ministry says 11,000",
                           "accepted_value": 11000}, headers={"X-Reviewer": "dana"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "resolved" and body["note"] == "Defence ministry says 11,000"
    assert body["accepted_value"] == 11000
    (event,) = body["events"]
    assert event["actor"] == "dana" and event["action"] == "resolved"
    assert event["before"]["status"] == "open" and event["after"]["status"] == "resolved"
    assert client.get("/api/conflicts?status=open").json()["items"] == []
    assert len(client.get("/api/conflicts?status=resolved").json()["items"]) == 1


def test_review_decision_survives_new_evidence(client: TestClient) -> None:  # type: ignore[type-arg]
    _post_story(client)
    conflict = client.get("/api/conflicts").json()["items"][0]
    client.patch(f"/api/conflicts/{conflict['id']}", json={"status": "confirmed"})
    client.post("/api/articles", json={"story": "nk", "outlet": "D", "text":
                "North Korea has sent 12,000 troops to Russia since October 2024, officials said."})
    again = client.get(f"/api/conflicts/{conflict['id']}").json()
    assert again["status"] == "confirmed"
    assert "D" in {o for p in again["positions"] for o in p["outlets"]}


@pytest.mark.parametrize("body", [{}, {"status": "maybe"}, {"status": None}, {"extra": 1}])
def test_invalid_patch_is_rejected_and_changes_nothing(
    client: TestClient, body: dict[str, Any]  # type: ignore[type-arg]
) -> None:
    _post_story(client)
    conflict = client.get("/api/conflicts").json()["items"][0]
    r = client.patch(f"/api/conflicts/{conflict['id']}", json=body)
    assert r.status_code in (400, 422)
    assert r.headers["content-type"].startswith("application/problem+json")
    assert client.get(f"/api/conflicts/{conflict['id']}").json()["status"] == "open"


def test_pagination_walks_every_item_once(client: TestClient) -> None:  # type: ignore[type-arg]
    for i in range(7):
        client.post("/api/articles", json={"outlet": f"O{i}", "story": f"s{i}", "text":
                    f"Officials said {i + 3} ferries were cancelled on the route."})
    seen: list[int] = []
    url = "/api/clusters?limit=3"
    while url:
        page = client.get(url).json()
        seen += [c["id"] for c in page["items"]]
        url = f"/api/clusters?limit=3&cursor={page['next']}" if page["next"] else ""
    assert len(seen) == len(set(seen)) == 7


def test_filters_by_story_and_conflict(client: TestClient) -> None:  # type: ignore[type-arg]
    _post_story(client)
    client.post("/api/articles", json={"outlet": "Z", "story": "other", "text":
                "Officials said 40 ferries were cancelled."})
    assert all(c["story"] == "other" for c in
               client.get("/api/clusters?story=other").json()["items"])
    with_conflict = client.get("/api/clusters?has_conflict=true").json()["items"]
    assert len(with_conflict) == 1 and with_conflict[0]["story"] == "nk"
    assert client.get("/api/conflicts?story=other").json()["items"] == []
    assert len(client.get("/api/conflicts?kind=numeric").json()["items"]) == 1
    assert client.get("/api/conflicts?kind=attribution").json()["items"] == []


def test_writes_need_the_token_when_one_is_set(service: Service) -> None:
    settings = service.settings.model_copy(update={"api_token": "s3cret"})
    settings = type(settings)(RECONCILE_API_TOKEN="s3cret", RECONCILE_DATA_DIR=settings.data_dir)
    app = create_app(settings, service.db, service.ingestor)
    with TestClient(app=app) as c:
        assert_problem(c.post("/api/articles", json=ARTICLE), 401)
        assert_problem(c.post("/api/articles", json=ARTICLE,
                              headers={"Authorization": "Bearer wrong"}), 401)
        ok = c.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 201
        assert c.get("/api/clusters").status_code == 200  # reads stay open
        conflict_patch = c.patch("/api/conflicts/1", json={"status": "dismissed"})
        assert_problem(conflict_patch, 401)
