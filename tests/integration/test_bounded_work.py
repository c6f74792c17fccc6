"""Work bounded by design (issue 15): the limits on figures a sentence and claims an article
answer 422 problems and store nothing; an article's claims cluster as comparing every pair of
them would; an ingest past its request budget stops before it holds its story's lock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from litestar.testing import TestClient

from reconcile import deadline
from reconcile.app import create_app
from reconcile.errors import RequestTimedOut
from reconcile.extract.claims import extract_claims
from reconcile.models import ArticleIn
from reconcile.rules import cluster
from reconcile.startup import Service


def one_line_claims(n: int) -> str:
    kinds = ["{k} soldiers were sent to the front", "{k} people were killed in the blast",
             "Prices rose {p}% in month {k}", "Officials counted {k} votes in district {d}"]
    return " ".join(kinds[i % 4].format(k=i + 2, p=i % 50 + 1, d=i % 90 + 1) + "."
                    for i in range(n))


@pytest.fixture
def limited(service: Service) -> Iterator[TestClient]:  # type: ignore[type-arg]
    service.ingestor.max_claims = 40
    with TestClient(app=create_app(service.settings, service.db, service.ingestor)) as c:
        yield c


def stored_articles(service: Service) -> int:
    with service.db.transaction() as conn:
        row = conn.execute("SELECT count(*) AS n FROM articles").fetchone()
        assert row is not None
        return int(row["n"])


def assert_over_limit(response: Any, setting: str) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["title"] == "Over a limit" and setting in body["detail"]
    assert [e["field"] for e in body["errors"]] == ["text"]
    return body


def test_a_sentence_of_five_thousand_figures_is_refused_naming_the_limit(
        client: TestClient, service: Service) -> None:  # type: ignore[type-arg]
    text = "Officials said " + ", ".join(f"{100 + i} troops" for i in range(5000)) + " were sent."
    body = assert_over_limit(client.post("/api/articles", json={
        "outlet": "Wire", "story": "big", "text": text}), "RECONCILE_MAX_FIGURES_PER_SENTENCE")
    assert "5000 figures" in body["detail"] and "limit is 100" in body["detail"]
    assert stored_articles(service) == 0


def test_a_sentence_at_the_figure_limit_is_stored(client: TestClient) -> None:  # type: ignore[type-arg]
    text = "Officials said " + ", ".join(f"{100 + i} troops" for i in range(100)) + " were sent."
    response = client.post("/api/articles", json={"outlet": "Wire", "story": "s", "text": text})
    assert response.status_code == 201, response.text
    assert len(response.json()["claims"][0]["values"]) == 100


def test_an_article_of_more_claims_than_the_limit_is_refused(
        limited: TestClient, service: Service) -> None:  # type: ignore[type-arg]
    assert_over_limit(limited.post("/api/articles", json={
        "outlet": "Wire", "story": "long", "text": one_line_claims(41)}),
        "RECONCILE_MAX_CLAIMS_PER_ARTICLE")
    assert stored_articles(service) == 0
    stored = limited.post("/api/articles", json={
        "outlet": "Wire", "story": "long", "text": one_line_claims(40)})
    assert stored.status_code == 201 and len(stored.json()["claims"]) == 40


def test_the_limits_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from reconcile.settings import Settings

    monkeypatch.setenv("RECONCILE_MAX_FIGURES_PER_SENTENCE", "12")
    monkeypatch.setenv("RECONCILE_MAX_CLAIMS_PER_ARTICLE", "300")
    s = Settings()
    assert (s.max_figures_per_sentence, s.max_claims_per_article) == (12, 300)


def test_an_articles_claims_cluster_as_comparing_every_pair_would(service: Service) -> None:
    # Single linkage over the article's own claims, every pair scored: the components of
    # "same claim". The bounded placement (nearest earlier claims that could match) must
    # give the same clusters.
    text = one_line_claims(120) + " " + " ".join(
        f"The army said {k} soldiers were sent to the front." for k in (2, 6, 10))
    out = service.ingestor.ingest(ArticleIn(outlet="Wire", story="pairs", text=text))
    claims = extract_claims(text)
    assert [c.text for c in out.claims] == [c.text for c in claims]
    vectors = np.asarray(service.embedder.encode([c.text for c in claims]))
    sketches = [cluster.Sketch(c.text, c.values, c.quote) for c in claims]
    threshold = service.settings.cluster_threshold
    parent = list(range(len(claims)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(claims)):
        for j in range(i):
            if cluster.same_claim_score(sketches[i], sketches[j],
                                        float(vectors[i] @ vectors[j])) >= threshold:
                parent[root(i)] = root(j)
    expected = {frozenset(k for k in range(len(claims)) if root(k) == r)
                for r in {root(k) for k in range(len(claims))}}
    got: dict[int, set[int]] = {}
    for k, c in enumerate(out.claims):
        got.setdefault(c.cluster_id, set()).add(k)
    assert {frozenset(g) for g in got.values()} == expected
    assert 1 < len(expected) < len(claims)


def test_an_ingest_past_its_budget_stores_nothing_and_frees_its_story(service: Service) -> None:
    article = ArticleIn(outlet="Wire", story="late", text=one_line_claims(30))
    token = deadline.start(0)  # spent: the request has been answered 503 already
    try:
        with pytest.raises(RequestTimedOut):
            service.ingestor.ingest(article)
    finally:
        deadline.reset(token)
    assert stored_articles(service) == 0
    # the story's lock was not kept: the next post into it goes through
    assert len(service.ingestor.ingest(article).claims) == 30
