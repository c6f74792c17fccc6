"""The Feeds page: every feed with its polls and counts, and the forms that add and delete one
(a signed-in reviewer and the session's CSRF token, as every dashboard write)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from reconcile.settings import Settings
from reconcile.startup import Service
from reconcile.web.feeds import Poller
from tests.conftest import ROOT
from tests.integration.test_dashboard_actions import csrf_of, signed_in
from tests.integration.test_dashboard_pages import page, text_of
from tests.webserver import Route, Served, serve

Client = TestClient  # type: ignore[type-arg]
RSS = {"Content-Type": "application/rss+xml"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(RECONCILE_DATA_DIR=tmp_path / "data", RECONCILE_SEEDS_DIR=ROOT / "seeds",
                    RECONCILE_FETCH_ALLOW_PRIVATE=True)


@pytest.fixture
def site() -> Iterator[Served]:
    with serve({}) as served:
        served.routes["/rss.xml"] = Route(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Post</title>'
            f"<link>{served.base}/</link><description>News</description>"
            f"<item><link>{served.base}/gone</link><guid>1</guid></item></channel></rss>",
            headers=RSS)
        served.routes["/page"] = Route("<html><body><p>Hello</p></body></html>")
        yield served


def add(client: Any, csrf: str, **fields: str) -> Any:
    return client.post("/feeds", data={"csrf": csrf, **fields}, follow_redirects=False)


def feeds(client: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get("/api/feeds").json()["items"]
    return items


def test_the_feeds_page_lists_each_feed_with_its_polls_and_counts(
    client: Client, service: Service, site: Served
) -> None:
    site.routes["/other.xml"] = site.routes["/rss.xml"]
    for path, story in (("/rss.xml", "ferries"), ("/other.xml", "")):
        assert client.post("/api/feeds", json={"url": site.url(path), "story": story or None,
                                               "outlet": "Meridian Post"}).status_code == 201
    del site.routes["/other.xml"]
    Poller(service.db, service.ingestor, client.app.state.fetcher).poll_due()
    markup = page(client, "/feeds")
    assert '<a href="/feeds" aria-current="page">Feeds</a>' in markup
    ok, failed = feeds(client)

    def row(feed: dict[str, Any]) -> str:
        return text_of(markup.split(f'<tr id="feed-{feed["id"]}">')[1].split("</tr>")[0])

    assert row(ok).startswith(f"{site.url('/rss.xml')} ferries Meridian Post ok 20")
    assert row(ok).endswith(" UTC 1 0")  # last poll, items seen, articles ingested, no error
    assert row(failed).startswith(f"{site.url('/other.xml')} found per article Meridian Post "
                                  "failed 20")
    assert row(failed).endswith(f" UTC 0 0 {site.url('/other.xml')} answered 404 Not Found")
    # anonymous visitors see no forms, and are asked to sign in
    assert 'id="add-feed"' not in markup and "/delete" not in markup
    assert "Sign in to add or delete feeds." in text_of(markup)


def test_a_signed_in_reviewer_adds_and_deletes_a_feed(client: Client, site: Served) -> None:
    csrf = signed_in(client)
    assert 'id="add-feed"' in page(client, "/feeds")
    r = add(client, csrf, url=site.url("/rss.xml"), story="", outlet="Meridian Post",
            interval_s="600")
    assert r.status_code == 303 and r.headers["location"] == "/feeds"
    (feed,) = feeds(client)
    assert (feed["story"], feed["outlet"], feed["interval_s"], feed["status"]) == (
        None, "Meridian Post", 600, "new")
    assert "not yet" in text_of(page(client, "/feeds"))

    r = client.post(f"/feeds/{feed['id']}/delete", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303 and feeds(client) == []
    assert "No feeds yet." in text_of(page(client, "/feeds"))
    assert client.post(f"/feeds/{feed['id']}/delete", data={"csrf": csrf}).status_code == 404


def test_feed_writes_need_a_signed_in_reviewer_and_the_csrf_token(
    client: Client, site: Served
) -> None:
    csrf = csrf_of(client, "/signin")  # a session, but nobody signed in
    r = add(client, csrf, url=site.url("/rss.xml"))
    assert r.status_code == 303 and r.headers["location"].startswith("/signin?next=")
    signed_in(client)
    assert add(client, "forged", url=site.url("/rss.xml")).status_code == 403
    assert feeds(client) == []
    client.post("/api/feeds", json={"url": site.url("/rss.xml")})
    (feed,) = feeds(client)
    r = client.post(f"/feeds/{feed['id']}/delete", data={"csrf": ""}, follow_redirects=False)
    assert r.status_code == 403 and len(feeds(client)) == 1


@pytest.mark.parametrize(("url", "says"), [
    ("/page", "text/html, not"),
    ("/missing.xml", "404"),
])
def test_a_url_that_is_not_a_feed_is_an_error_page_and_stores_nothing(
    client: Client, site: Served, url: str, says: str
) -> None:
    csrf = signed_in(client)
    r = add(client, csrf, url=site.url(url))
    assert r.status_code == 422 and says in text_of(r.text)
    assert add(client, csrf, url="not a url").status_code == 422
    assert feeds(client) == []
