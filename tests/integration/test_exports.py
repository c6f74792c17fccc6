"""Conflicts and clusters out: CSV for spreadsheets, ClaimReview (schema.org JSON-LD)."""

from __future__ import annotations

import csv
import io
from typing import Any

from litestar.testing import TestClient

from reconcile.api.formats import CSV_COLUMNS
from tests.integration.test_api import assert_problem

BASE = {"story": "nk", "published_at": "2025-02-14T08:30:00Z"}
ARTICLES = [
    {"outlet": "A", "url": "https://a.example/troops",
     "text": "North Korea has sent 11,000 troops to Russia since October 2024."},
    {"outlet": "B", "url": "https://b.example/troops", "title": "12,000 troops",
     "published_at": "2025-02-15T10:00:00Z",
     "text": "North Korea has sent 12,000 troops to Russia since October 2024."},
    {"outlet": "=HYPERLINK(\"x\")", "url": "https://c.example/troops",
     "text": "North Korea has sent around 11,000 soldiers to Russia since October 2024."},
]

# schema.org's properties of each type used (https://schema.org/ClaimReview and the types it
# points to), each with those of the types it inherits from (Review, CreativeWork, Thing).
THING = {"@type", "@context", "@graph", "name", "url", "description", "identifier", "sameAs",
         "alternateName", "image"}
CREATIVE_WORK = THING | {"author", "datePublished", "headline", "publisher", "dateModified",
                         "text", "about", "inLanguage"}
SCHEMA = {
    "ClaimReview": CREATIVE_WORK | {"claimReviewed", "itemReviewed", "reviewRating",
                                    "reviewBody", "reviewAspect"},
    "Claim": CREATIVE_WORK | {"appearance", "firstAppearance", "claimInterpreter"},
    "Rating": THING | {"ratingValue", "bestRating", "worstRating", "ratingExplanation",
                       "reviewAspect", "author"},
    "NewsArticle": CREATIVE_WORK | {"articleBody", "dateline", "printSection"},
    "Organization": THING | {"legalName", "address"},
    "Person": THING | {"givenName", "familyName"},
}


def _post_story(client: TestClient) -> dict[str, Any]:  # type: ignore[type-arg]
    for article in ARTICLES:
        r = client.post("/api/articles", json={**BASE, **article})
        assert r.status_code == 201, r.text
    (conflict,) = client.get("/api/conflicts?story=nk").json()["items"]
    return dict(conflict)


def _csv(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-type"].count("charset") == 1
    assert "attachment" in response.headers["content-disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(CSV_COLUMNS)  # one header row
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_conflicts_as_csv_have_one_row_per_claim(
        client: TestClient) -> None:  # type: ignore[type-arg]
    conflict = _post_story(client)
    rows = _csv(client.get("/api/conflicts?story=nk&format=csv"))
    assert len(rows) == 3
    by_url = {r["url"]: r for r in rows}
    b = by_url["https://b.example/troops"]
    assert (b["story"], b["conflict"], b["kind"], b["status"], b["outlet"], b["value"]) == (
        "nk", str(conflict["id"]), "numeric", "open", "B", "12000")
    assert b["sentence"] == ARTICLES[1]["text"]
    assert by_url["https://a.example/troops"]["value"] == "11000"
    # a cell a spreadsheet would run as a formula is text
    assert by_url["https://c.example/troops"]["outlet"] == "'=HYPERLINK(\"x\")"


def test_clusters_as_csv_and_the_next_page_in_a_link(
        client: TestClient) -> None:  # type: ignore[type-arg]
    _post_story(client)
    client.post("/api/articles", json={**BASE, "outlet": "D", "text":
                "Officials said 40 ferries were cancelled on the northern route."})
    first = client.get("/api/clusters?story=nk&format=csv&limit=1")
    rows = _csv(first)
    assert rows and all(r["story"] == "nk" for r in rows)
    link = first.headers["link"]
    assert link.endswith('>; rel="next"') and "format=csv" in link
    rest: list[dict[str, str]] = []
    while link:
        page = client.get(link[1:link.index(">")])
        rest += _csv(page)
        link = page.headers.get("link", "")
    assert {r["cluster"] for r in rows}.isdisjoint({r["cluster"] for r in rest})
    values = {v for r in rows + rest for v in r["value"].split("; ")}
    assert {"11000", "12000", "40", "since October 2024"} <= values


def test_an_open_conflict_has_no_claimreview(client: TestClient) -> None:  # type: ignore[type-arg]
    conflict = _post_story(client)
    assert_problem(client.get(f"/api/conflicts/{conflict['id']}/claimreview"), 404)
    assert client.get("/api/stories/nk/claimreview").json()["@graph"] == []
    assert_problem(client.get("/api/stories/nowhere/claimreview"), 404)


def _check_schema(node: Any, expected_type: str | None = None) -> None:
    """Every property of every typed node is one schema.org defines for its type."""
    if isinstance(node, list):
        for item in node:
            _check_schema(item, expected_type)
        return
    if not isinstance(node, dict):
        return
    kind = node["@type"]
    assert expected_type is None or kind == expected_type or kind in SCHEMA, kind
    unknown = set(node) - SCHEMA[kind]
    assert not unknown, f"{kind} has no properties {unknown}"
    for value in node.values():
        if isinstance(value, dict | list):
            _check_schema(value)


def test_a_resolved_conflict_is_a_claimreview_per_side(
        client: TestClient) -> None:  # type: ignore[type-arg]
    conflict = _post_story(client)
    r = client.patch(f"/api/conflicts/{conflict['id']}", headers={"X-Reviewer": "dana"},
                     json={"status": "resolved", "accepted_value": 11000,
                           "note": "The ministry says 11,000."})
    assert r.status_code == 200, r.text
    r = client.get(f"/api/conflicts/{conflict['id']}/claimreview")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/ld+json")
    doc = r.json()
    assert doc["@context"] == "https://schema.org"
    reviews = doc["@graph"]
    _check_schema(reviews, "ClaimReview")
    assert len(reviews) == 2
    for review in reviews:
        # what Google's fact-check markup asks of each ClaimReview
        assert {"claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished",
                "url"} <= set(review)
        assert review["author"] == {"@type": "Person", "name": "dana"}
        rating = review["reviewRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert "The ministry says 11,000." in review["reviewBody"]
    by_claim = {r["claimReviewed"]: r for r in reviews}
    twelve = by_claim[ARTICLES[1]["text"]]
    assert twelve["reviewRating"]["alternateName"].startswith("Inaccurate")
    (appearance,) = twelve["itemReviewed"]["appearance"]
    assert appearance["url"] == "https://b.example/troops"
    assert appearance["datePublished"].startswith("2025-02-15T10:00:00")
    assert appearance["publisher"] == {"@type": "Organization", "name": "B"}
    eleven = next(r for r in reviews if r is not twelve)
    assert eleven["reviewRating"]["alternateName"].startswith("Accurate")
    assert {a["url"] for a in eleven["itemReviewed"]["appearance"]} == {
        "https://a.example/troops", "https://c.example/troops"}
    story = client.get("/api/stories/nk/claimreview").json()
    assert story["@graph"] == reviews


def test_the_dashboard_links_the_csv_and_the_claimreviews(
        client: TestClient) -> None:  # type: ignore[type-arg]
    conflict = _post_story(client)
    page = client.get(f"/conflicts/{conflict['id']}").text
    assert "/claimreview" not in page  # not reviewed yet
    client.patch(f"/api/conflicts/{conflict['id']}", json={"status": "confirmed"})
    page = client.get(f"/conflicts/{conflict['id']}").text
    assert f'href="/api/conflicts/{conflict["id"]}/claimreview"' in page
    assert 'href="/api/stories/nk/claimreview"' in page
    queue = client.get("/?story=nk").text
    assert 'href="/api/conflicts?format=csv&amp;limit=1000&amp;story=nk"' in queue
    assert client.get("/api/conflicts?format=csv&limit=1000&story=nk").status_code == 200
