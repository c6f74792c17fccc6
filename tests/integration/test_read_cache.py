"""GET responses come from the read cache until any process writes, and carry ETags."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from litestar.testing import TestClient

from reconcile.api.readcache import ReadCache
from reconcile.app import create_app
from reconcile.startup import Service
from reconcile.store.changes import ChangeFeed

BASE = {"story": "nk", "published_at": "2025-02-14T08:30:00Z"}
TEXTS = {
    "A": "North Korea has sent 11,000 troops to Russia since October 2024.",
    "B": "North Korea has sent 12,000 troops to Russia since October 2024.",
    "C": "North Korea has sent around 11,000 soldiers to Russia since October 2024.",
}
READS = ["/api/conflicts", "/api/conflicts?story=nk&limit=5", "/api/clusters",
         "/api/sources", "/api/clusters?has_conflict=true"]


def post(client: TestClient, outlet: str, text: str | None = None) -> dict[str, Any]:  # type: ignore[type-arg]
    r = client.post("/api/articles", json={**BASE, "outlet": outlet, "text": text or TEXTS[outlet]})
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def cache_of(client: TestClient) -> ReadCache:  # type: ignore[type-arg]
    cache: ReadCache = client.app.state.cache
    return cache


def eventually(check: Callable[[], bool], limit_s: float = 10.0) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def uncached(service: Service) -> Iterator[TestClient]:  # type: ignore[type-arg]
    settings = service.settings.model_copy(update={"read_cache_mb": 0})
    with TestClient(app=create_app(settings, service.db, service.ingestor)) as c:
        yield c


def test_the_change_feed_is_listening_once_the_service_is_open(service: Service) -> None:
    assert service.db.changes.live
    assert service.db.changes.version() is not None


def test_a_repeated_read_is_served_from_the_cache(client: TestClient) -> None:  # type: ignore[type-arg]
    for outlet in TEXTS:
        post(client, outlet)
    first = client.get("/api/conflicts")
    hits = cache_of(client).hits
    again = client.get("/api/conflicts")
    assert again.status_code == 200 and again.content == first.content
    assert cache_of(client).hits == hits + 1
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == "no-cache"
    assert again.headers["content-type"].startswith("application/json")


def test_cached_bodies_are_byte_for_byte_what_the_uncached_service_sends(
    client: TestClient, uncached: TestClient  # type: ignore[type-arg]
) -> None:
    for outlet in TEXTS:
        post(client, outlet)
    conflict = client.get("/api/conflicts").json()["items"][0]
    paths = [*READS, f"/api/conflicts/{conflict['id']}",
             f"/api/clusters/{conflict['cluster_id']}", "/api/articles/1"]
    for path in paths:
        client.get(path)  # fill the cache
        cached, fresh = client.get(path), uncached.get(path)
        assert cached.status_code == fresh.status_code == 200, path
        assert cached.content == fresh.content, path
        assert cached.headers["etag"] == fresh.headers["etag"], path


def test_a_post_is_visible_to_the_next_read(client: TestClient) -> None:  # type: ignore[type-arg]
    post(client, "A")
    before = {p: client.get(p).content for p in READS}
    post(client, "B")
    after = client.get("/api/conflicts").json()
    assert len(after["items"]) == 1  # 11,000 against 12,000: the new conflict is there at once
    assert client.get("/api/conflicts").content != before["/api/conflicts"]
    assert client.get("/api/clusters").content != before["/api/clusters"]


def test_a_review_is_visible_to_the_next_read(client: TestClient) -> None:  # type: ignore[type-arg]
    for outlet in TEXTS:
        post(client, outlet)
    conflict = client.get("/api/conflicts").json()["items"][0]
    assert client.get(f"/api/conflicts/{conflict['id']}").json()["status"] == "open"
    r = client.patch(f"/api/conflicts/{conflict['id']}", json={"status": "dismissed"})
    assert r.status_code == 200
    assert client.get(f"/api/conflicts/{conflict['id']}").json()["status"] == "dismissed"
    assert client.get("/api/conflicts?status=open").json()["items"] == []


def test_a_write_by_another_process_reaches_the_cache(
    client: TestClient, database_url: str  # type: ignore[type-arg]
) -> None:
    for outlet in TEXTS:
        post(client, outlet)
    conflict = client.get("/api/conflicts").json()["items"][0]
    path = f"/api/conflicts/{conflict['id']}"
    assert client.get(path).json()["note"] is None
    with psycopg.connect(database_url) as conn:  # what another server process would do
        conn.execute("UPDATE conflicts SET note = 'checked by phone' WHERE id = %s",
                     (conflict["id"],))
    assert eventually(lambda: client.get(path).json()["note"] == "checked by phone")


def test_a_failed_write_leaves_what_is_cached_correct(client: TestClient) -> None:  # type: ignore[type-arg]
    for outlet in TEXTS:
        post(client, outlet)
    conflict = client.get("/api/conflicts").json()["items"][0]
    before = client.get("/api/conflicts").content
    r = client.patch(f"/api/conflicts/{conflict['id']}", json={"status": "maybe"})
    assert r.status_code == 422
    assert client.get("/api/conflicts").content == before


def test_if_none_match_gets_304_until_the_data_changes(client: TestClient) -> None:  # type: ignore[type-arg]
    post(client, "A")
    first = client.get("/api/clusters")
    etag = first.headers["etag"]
    not_modified = client.get("/api/clusters", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    assert client.get("/api/clusters", headers={"If-None-Match": '"other"'}).status_code == 200
    post(client, "B")
    changed = client.get("/api/clusters", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_errors_are_not_cached(client: TestClient) -> None:  # type: ignore[type-arg]
    for _ in range(2):
        r = client.get("/api/clusters/999999")
        assert r.status_code == 404
        assert r.headers["content-type"].startswith("application/problem+json")
        assert "etag" not in r.headers
    assert client.get("/api/conflicts?limit=0").status_code == 422
    assert client.get("/api/clusters?cursor=garbage").status_code == 400  # an invalid cursor
    assert len(cache_of(client)) == 0


def test_with_the_cache_off_every_read_is_built_again(uncached: TestClient) -> None:  # type: ignore[type-arg]
    post(uncached, "A")
    for _ in range(3):
        assert uncached.get("/api/clusters").status_code == 200
    cache = cache_of(uncached)
    assert not cache.enabled and len(cache) == 0 and cache.hits == 0


def test_nothing_is_cached_while_the_feed_cannot_listen(service: Service) -> None:
    # A feed that never connects: reads still work, straight from the database.
    service.db.changes.close()
    service.db.changes = ChangeFeed("postgresql://127.0.0.1:1/nowhere", retry_s=60)
    service.db.changes.start(wait_s=0.2)
    assert service.db.changes.version() is None
    with TestClient(app=create_app(service.settings, service.db, service.ingestor)) as c:
        post(c, "A")
        assert c.get("/api/clusters").status_code == 200
        assert c.get("/api/clusters").status_code == 200
        assert len(cache_of(c)) == 0 and cache_of(c).hits == 0


def test_the_feed_hears_writes_and_stops_listening_when_closed(database_url: str) -> None:
    feed = ChangeFeed(database_url, poll_s=0.05)
    feed.start()
    assert feed.live
    start = feed.version()
    assert start is not None
    with psycopg.connect(database_url) as conn:
        conn.execute("INSERT INTO clusters (story) VALUES ('elsewhere')")
    assert eventually(lambda: (feed.version() or 0) > start)
    with psycopg.connect(database_url) as conn:  # a read-only transaction notifies nobody
        conn.execute("SELECT count(*) FROM clusters")
    settled = feed.version()
    time.sleep(0.2)
    assert feed.version() == settled
    feed.close()
    assert not feed.live and feed.version() is None


def test_newly_learned_outlet_weights_reach_cached_cluster_answers(
    client: TestClient, service: Service  # type: ignore[type-arg]
) -> None:
    for outlet in TEXTS:
        post(client, outlet)
    cluster_id = client.get("/api/conflicts").json()["items"][0]["cluster_id"]
    path = f"/api/clusters/{cluster_id}"
    assert client.get(path).json()["reliability"] == {}  # no weights learned yet
    client.get("/api/sources")  # learns them: no write, but cluster answers change
    after = client.get(path)
    assert set(after.json()["reliability"]) == set(TEXTS)
    settings = service.settings.model_copy(update={"read_cache_mb": 0})
    app = create_app(settings, service.db, service.ingestor, truth=client.app.state.truth)
    with TestClient(app=app) as fresh:
        assert fresh.get(path).content == after.content


@pytest.mark.parametrize(("path", "model"), [
    ("/api/conflicts", "ConflictPage"), ("/api/conflicts/{conflict_id}", "ConflictOut"),
    ("/api/clusters", "ClusterPage"), ("/api/clusters/{cluster_id}", "ClusterOut"),
    ("/api/articles/{article_id}", "ArticleOut"), ("/api/sources", "SourcePage"),
    ("/api/claims/similar", "SimilarClaims"),
])
def test_cached_endpoints_still_document_their_models(
    client: TestClient, path: str, model: str  # type: ignore[type-arg]
) -> None:
    spec = client.get("/schema/openapi.json").json()
    ok = spec["paths"][path]["get"]["responses"]["200"]
    schema = ok["content"]["application/json"]["schema"]
    assert schema == {"$ref": f"#/components/schemas/{model}"}


async def asgi_get(app: Any, path: str) -> tuple[int, bytes]:
    """One GET straight through the ASGI app, so that many can run at once on one loop (the
    test clients hand requests to the app one at a time)."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "headers": [(b"host", b"testserver")],
             "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_concurrent_reads_after_a_write_share_one_build(client: TestClient) -> None:  # type: ignore[type-arg]
    for outlet in TEXTS:
        post(client, outlet)
    flights = client.app.state.page_flights
    before = (flights.started, flights.joined, cache_of(client).hits)

    async def burst() -> list[tuple[int, bytes]]:
        return await asyncio.gather(*(asgi_get(client.app, "/api/conflicts") for _ in range(16)))

    replies = asyncio.run(burst())
    assert {status for status, _ in replies} == {200}
    assert len({body for _, body in replies}) == 1 and b'"numeric"' in replies[0][1]
    # All sixteen arrive while the first build runs (it queries the database in a thread):
    # one build, fifteen waiting on it, none of them a cache hit.
    after = (flights.started, flights.joined, cache_of(client).hits)
    assert tuple(a - b for a, b in zip(after, before, strict=True)) == (1, 15, 0)
    assert client.get("/api/conflicts").content == replies[0][1]  # and it was kept


def test_reads_share_no_build_while_freshness_is_unknown(uncached: TestClient) -> None:  # type: ignore[type-arg]
    async def burst() -> list[tuple[int, bytes]]:
        return await asyncio.gather(*(asgi_get(uncached.app, "/api/conflicts")
                                      for _ in range(8)))

    assert {status for status, _ in asyncio.run(burst())} == {200}
    flights = uncached.app.state.page_flights
    assert (flights.started, flights.joined) == (0, 0)
