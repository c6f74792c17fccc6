"""Articles posted as pages: a URL the service fetches, or the page's HTML. Pages are served
from a local HTTP server (RECONCILE_FETCH_ALLOW_PRIVATE, as tests set it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from reconcile.app import create_app
from reconcile.settings import Settings
from reconcile.startup import Service
from tests.conftest import ROOT
from tests.integration.test_api import assert_problem
from tests.webserver import BOILERPLATE, Route, Served, page, serve

PARAGRAPHS = [
    "North Korea has sent 12,000 troops to Russia since October 2024, officials said on "
    "Friday.",
    "Ukrainian intelligence said about 300 of the soldiers had been killed in the Kursk region.",
]
HTML = page(outlet="The Meridian Post", title="North Korea sent 12,000 troops",
            published="2025-02-14T09:30:00+00:00", paragraphs=PARAGRAPHS)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(RECONCILE_DATA_DIR=tmp_path / "data", RECONCILE_SEEDS_DIR=ROOT / "seeds",
                    RECONCILE_FETCH_ALLOW_PRIVATE=True)


@pytest.fixture
def site() -> Iterator[Served]:
    with serve({
        "/world/troops": Route(HTML),
        "/moved": Route(status=301, headers={"Location": "/world/troops"}),
        "/empty": Route("<html><body><nav><a href='/'>Home</a></nav></body></html>"),
        "/data.json": Route('{"troops": 12000}', headers={"Content-Type": "application/json"}),
    }) as served:
        yield served


def _articles(service: Service) -> int:
    with service.db.transaction() as conn:
        row = conn.execute("SELECT count(*) AS n FROM articles").fetchone()
    assert row is not None
    return int(row["n"])


def test_a_url_alone_is_fetched_and_its_article_stored(
        client: TestClient, site: Served) -> None:  # type: ignore[type-arg]
    r = client.post("/api/articles", json={"url": site.url("/world/troops"), "story": "nk"})
    assert r.status_code == 201, r.text
    article = r.json()
    assert article["text"] == "\n".join(PARAGRAPHS)
    assert article["outlet"] == "The Meridian Post"
    assert article["title"] == "North Korea sent 12,000 troops"
    assert article["published_at"] == "2025-02-14T09:30:00Z"
    assert article["url"] == site.url("/world/troops")
    assert [c["text"] for c in article["claims"]] == PARAGRAPHS
    for claim in article["claims"]:
        assert not any(word in claim["text"] for word in BOILERPLATE)


def test_a_repost_of_the_same_url_is_a_duplicate(
        client: TestClient, site: Served) -> None:  # type: ignore[type-arg]
    body = {"url": site.url("/world/troops"), "story": "nk"}
    first = client.post("/api/articles", json=body)
    again = client.post("/api/articles", json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["duplicate"] is True and again.json()["id"] == first.json()["id"]


def test_what_the_post_says_wins_over_the_page(
        client: TestClient, site: Served) -> None:  # type: ignore[type-arg]
    r = client.post("/api/articles", json={
        "url": site.url("/moved"), "outlet": "Meridian", "title": "Troops",
        "published_at": "2025-02-15T00:00:00Z"})
    assert r.status_code == 201, r.text
    article = r.json()
    assert (article["outlet"], article["title"], article["published_at"]) == (
        "Meridian", "Troops", "2025-02-15T00:00:00Z")
    assert article["url"] == site.url("/moved")  # the URL posted, not where it redirected


def test_html_is_taken_in_place_of_text_without_a_fetch(
        client: TestClient, site: Served) -> None:  # type: ignore[type-arg]
    r = client.post("/api/articles", json={"html": HTML, "url": "https://meridian.example/t"})
    assert r.status_code == 201, r.text
    assert r.json()["text"] == "\n".join(PARAGRAPHS)
    assert r.json()["outlet"] == "The Meridian Post"
    assert site.requests == []


@pytest.mark.parametrize(("body", "field"), [
    ({"html": HTML, "text": "North Korea sent troops.", "outlet": "X"}, "html"),
    ({"outlet": "X"}, "text"),
    ({"html": "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
      + "</article></body></html>"}, "outlet"),
    ({"html": "<html><body><p>Hi.</p></body></html>", "outlet": "X"}, "html"),
])
def test_a_post_that_names_no_article_is_a_problem(
        client: TestClient, service: Service, body: dict[str, Any], field: str
) -> None:  # type: ignore[type-arg]
    problem = assert_problem(client.post("/api/articles", json=body), 422)
    assert problem["errors"][0]["field"] == field, problem
    assert _articles(service) == 0


@pytest.mark.parametrize(("path", "says"), [
    ("/missing", "404"),
    ("/empty", "no article text"),
    ("/data.json", "application/json, not"),
])
def test_a_url_without_an_article_is_a_problem_and_stores_nothing(
        client: TestClient, service: Service, site: Served, path: str, says: str
) -> None:  # type: ignore[type-arg]
    problem = assert_problem(client.post("/api/articles", json={"url": site.url(path)}), 422)
    assert says in problem["detail"]
    assert problem["errors"][0]["field"] == "url"
    assert _articles(service) == 0


def test_an_unreachable_url_is_a_problem(
        client: TestClient, service: Service) -> None:  # type: ignore[type-arg]
    with serve({}) as gone:
        url = gone.url("/a")
    problem = assert_problem(client.post("/api/articles", json={"url": url}), 422)
    assert "cannot connect" in problem["detail"]
    assert _articles(service) == 0


def test_a_private_address_is_refused_without_the_setting(
        service: Service, site: Served) -> None:
    settings = service.settings.model_copy(update={"fetch_allow_private": False})
    with TestClient(app=create_app(settings, service.db, service.ingestor)) as c:
        problem = assert_problem(c.post("/api/articles", json={"url": site.url("/world/troops")}),
                                 422)
        assert site.requests == [] and _articles(service) == 0
    assert "RECONCILE_FETCH_ALLOW_PRIVATE" in problem["detail"]
