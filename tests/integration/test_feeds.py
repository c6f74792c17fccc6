"""Feeds: several outlets' RSS feeds and their pages, wrapped in the boilerplate of real news
sites, served from a local HTTP server (RECONCILE_FETCH_ALLOW_PRIVATE, as tests set it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from pydantic import SecretStr

from reconcile.app import fetcher_of
from reconcile.settings import Settings
from reconcile.startup import Service
from reconcile.web.feeds import Poller
from tests.conftest import ROOT
from tests.integration.test_api import assert_problem
from tests.webserver import BOILERPLATE, Route, Served, page, serve

STORIES = {
    "Harbour Gazette": [
        ("troops", "North Korean troops in Russia", "2025-02-14T08:30:00+00:00",
         ["North Korea has sent 11,000 troops to Russia since October 2024, according to "
          "South Korean intelligence.", "The troops have been deployed to the Kursk region."]),
    ],
    "Meridian Post": [
        ("troops", "Pyongyang's soldiers at the front", "2025-02-14T11:00:00+00:00",
         ["North Korea has sent 12,000 troops to Russia since October 2024, officials said.",
          "Analysts expect further deployments this spring."]),
        ("ferries", "Ferries cancelled", "2025-02-14T12:00:00+00:00",
         ["Officials said 40 ferries were cancelled on the northern route on Friday."]),
    ],
    "Northern Ledger": [
        ("troops", "North Korea's deployment", "2025-02-15T07:15:00+00:00",
         ["North Korea has sent around 11,000 soldiers to Russia since October 2024, the "
          "ministry said."]),
    ],
}


def _slug(outlet: str) -> str:
    return outlet.lower().replace(" ", "-")


def _rss(base: str, outlet: str) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{base}/{_slug(outlet)}/{path}</link>"
        f"<guid>{_slug(outlet)}-{path}</guid></item>"
        for path, title, _, _ in STORIES[outlet])
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{outlet}</title>'
            f"<link>{base}/</link><description>News</description>{items}</channel></rss>")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(RECONCILE_DATA_DIR=tmp_path / "data", RECONCILE_SEEDS_DIR=ROOT / "seeds",
                    RECONCILE_FETCH_ALLOW_PRIVATE=True)


@pytest.fixture
def site() -> Iterator[Served]:
    with serve({}) as served:
        for outlet, articles in STORIES.items():
            served.routes[f"/{_slug(outlet)}/rss.xml"] = Route(
                _rss(served.base, outlet), headers={
                    "Content-Type": "application/rss+xml", "ETag": f'"{_slug(outlet)}-1"'})
            for path, title, published, paragraphs in articles:
                served.routes[f"/{_slug(outlet)}/{path}"] = Route(page(
                    outlet=outlet, title=title, published=published, paragraphs=paragraphs))
        served.routes["/not-a-feed"] = Route("<html><body><p>Hello</p></body></html>",
                                             headers={"Content-Type": "application/xml"})
        yield served


@pytest.fixture
def poller(service: Service, settings: Settings) -> Iterator[Poller]:
    fetcher = fetcher_of(settings)
    yield Poller(service.db, service.ingestor, fetcher)
    fetcher.close()


def _due_now(service: Service) -> None:
    with service.db.transaction() as conn:
        conn.execute("UPDATE feeds SET next_poll_at = now()")


def _conflicts(client: TestClient, story: str) -> list[Any]:  # type: ignore[type-arg]
    return sorted((c["kind"], sorted(sorted(p["outlets"]) for p in c["positions"]))
                  for c in client.get(f"/api/conflicts?story={story}").json()["items"])


def test_every_page_of_every_feed_is_ingested_once_without_boilerplate(
        client: TestClient, service: Service, site: Served, poller: Poller
) -> None:  # type: ignore[type-arg]
    for outlet in STORIES:
        r = client.post("/api/feeds", json={"url": site.url(f"/{_slug(outlet)}/rss.xml"),
                                            "story": "feeds"})
        assert r.status_code == 201, r.text
        assert r.json()["status"] == "new"
    assert poller.poll_due() == 3
    _due_now(service)
    assert poller.poll_due() == 3  # again: every feed unchanged (304), nothing fetched twice

    pages = {f"/{_slug(o)}/{p}" for o, articles in STORIES.items() for p, _, _, _ in articles}
    assert all(site.hits(path) == 1 for path in pages)
    stored = client.get("/api/articles?story=feeds").json()["items"]
    assert sorted(a["url"] for a in stored) == sorted(site.url(p) for p in pages)
    expected = {(o, title, published.replace("+00:00", "Z"), "\n".join(paragraphs))
                for o, articles in STORIES.items() for _, title, published, paragraphs in articles}
    assert {(a["outlet"], a["title"], a["published_at"], a["text"]) for a in stored} == expected
    for article in stored:
        for word in BOILERPLATE:
            assert word not in article["text"]
            assert all(word not in c["text"] for c in article["claims"])

    listed = {f["url"]: f for f in client.get("/api/feeds").json()["items"]}
    meridian = listed[site.url("/meridian-post/rss.xml")]
    assert (meridian["status"], meridian["items_seen"], meridian["articles_ingested"]) == (
        "unchanged", 2, 2)
    assert meridian["last_polled_at"] is not None and meridian["last_error"] is None

    # the conflicts are those of the same texts posted directly
    for outlet, articles in STORIES.items():
        for _, title, published, paragraphs in articles:
            client.post("/api/articles", json={"story": "direct", "outlet": outlet,
                        "title": title, "published_at": published,
                        "text": "\n".join(paragraphs)})
    assert _conflicts(client, "feeds") == _conflicts(client, "direct") != []


def test_a_failing_entry_is_recorded_and_retried_later(
        client: TestClient, service: Service, site: Served, poller: Poller
) -> None:  # type: ignore[type-arg]
    gazette = site.routes.pop("/harbour-gazette/troops")
    client.post("/api/feeds", json={"url": site.url("/harbour-gazette/rss.xml")})
    poller.poll_due()
    (feed,) = client.get("/api/feeds").json()["items"]
    assert (feed["status"], feed["items_seen"], feed["articles_ingested"]) == ("ok", 1, 0)
    with service.db.transaction() as conn:
        item = conn.execute("SELECT status, last_error FROM feed_items").fetchone()
    assert item is not None and item["status"] == "failed" and "404" in item["last_error"]

    site.routes["/harbour-gazette/troops"] = gazette
    site.routes["/harbour-gazette/rss.xml"].headers["ETag"] = '"harbour-gazette-2"'
    with service.db.transaction() as conn:
        conn.execute("UPDATE feed_items SET retry_at = now()")
    _due_now(service)
    poller.poll_due()
    (feed,) = client.get("/api/feeds").json()["items"]
    assert (feed["items_seen"], feed["articles_ingested"]) == (1, 1)


def test_a_feed_that_fails_waits_longer_and_says_why(
        client: TestClient, service: Service, site: Served, poller: Poller
) -> None:  # type: ignore[type-arg]
    client.post("/api/feeds", json={"url": site.url("/meridian-post/rss.xml")})
    del site.routes["/meridian-post/rss.xml"]
    poller.poll_due()
    (feed,) = client.get("/api/feeds").json()["items"]
    assert feed["status"] == "failed" and "404" in feed["last_error"]
    assert feed["failures"] == 1
    with service.db.transaction() as conn:
        row = conn.execute("SELECT next_poll_at - now() > interval '1500 seconds' AS later "
                           "FROM feeds").fetchone()
    assert row is not None and row["later"]  # twice its 900 s interval


def test_a_feed_is_polled_by_one_poller_at_a_time(
        client: TestClient, service: Service, site: Served) -> None:  # type: ignore[type-arg]
    client.post("/api/feeds", json={"url": site.url("/meridian-post/rss.xml")})
    from reconcile.store import feeds

    with service.db.transaction() as conn:
        first = feeds.claim_due(conn, limit=10, lease_s=60)
    with service.db.transaction() as conn:
        second = feeds.claim_due(conn, limit=10, lease_s=60)
    assert len(first) == 1 and second == []


@pytest.mark.parametrize(("path", "says"), [
    ("/not-a-feed", "not an RSS or Atom feed"),
    ("/missing.xml", "404"),
    ("/meridian-post/troops", "text/html, not"),
])
def test_a_url_that_is_not_a_feed_is_refused_and_stores_nothing(
        client: TestClient, site: Served, path: str, says: str
) -> None:  # type: ignore[type-arg]
    problem = assert_problem(client.post("/api/feeds", json={"url": site.url(path)}), 422)
    assert says in problem["detail"] and problem["errors"][0]["field"] == "url"
    assert client.get("/api/feeds").json()["items"] == []


def test_a_feed_is_registered_once_and_can_be_deleted(
        client: TestClient, site: Served) -> None:  # type: ignore[type-arg]
    body = {"url": site.url("/meridian-post/rss.xml"), "interval_s": 600}
    first = client.post("/api/feeds", json=body)
    again = client.post("/api/feeds", json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert client.delete(f"/api/feeds/{first.json()['id']}").status_code == 204
    assert client.get("/api/feeds").json()["items"] == []
    assert_problem(client.delete(f"/api/feeds/{first.json()['id']}"), 404)


def test_feed_writes_need_the_token_when_one_is_set(
        service: Service, site: Served) -> None:
    from reconcile.app import create_app

    settings = service.settings.model_copy(update={"api_token": SecretStr("s3cret")})
    with TestClient(app=create_app(settings, service.db, service.ingestor)) as c:
        assert_problem(c.post("/api/feeds", json={"url": site.url("/meridian-post/rss.xml")}),
                       401)
        assert c.get("/api/feeds").status_code == 200


def test_feeds_are_listed_a_page_at_a_time_first_registered_first(
        client: TestClient, site: Served) -> None:  # type: ignore[type-arg]
    urls = [site.url(f"/{_slug(outlet)}/rss.xml") for outlet in STORIES]
    for url in urls:
        assert client.post("/api/feeds", json={"url": url}).status_code == 201
    first = client.get("/api/feeds?limit=2").json()
    assert [f["url"] for f in first["items"]] == urls[:2] and first["next"]
    rest = client.get(f"/api/feeds?limit=2&cursor={first['next']}").json()
    assert [f["url"] for f in rest["items"]] == urls[2:] and rest["next"] is None
    assert client.get("/api/feeds").json()["next"] is None
    assert_problem(client.get("/api/feeds?cursor=bm90LWEtY3Vyc29y"), 400)
    assert_problem(client.get("/api/feeds?limit=0"), 422)
