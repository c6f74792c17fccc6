"""Stories the service finds: an article posted without a story joins the story of its event or
starts one, across server processes; one posted with a story goes where it says."""

from __future__ import annotations

import threading
from typing import Any

from litestar.testing import TestClient

from reconcile.ingest import Ingestor
from reconcile.models import ArticleIn, ArticleOut
from reconcile.service import Service, story_rule
from reconcile.store.db import Database

QUAKE = {
    "outlet": "Harbour Gazette", "published_at": "2025-02-14T08:00:00Z",
    "title": "Earthquake of magnitude 6.8 strikes Morocco's Atlas mountains",
    "text": ("An earthquake of magnitude 6.8 struck the High Atlas mountains of Morocco late on "
             "Friday, killing at least 820 people in Marrakesh and the villages of Al Haouz "
             "province, the interior ministry said. Rescue teams from Rabat searched collapsed "
             "houses through the night."),
}
QUAKE_FOLLOW_UP = {
    "outlet": "Meridian Post", "published_at": "2025-02-15T10:00:00Z",
    "title": "Morocco earthquake: death toll passes 1,000 in Al Haouz",
    "text": ("The death toll from the earthquake that hit Morocco's High Atlas mountains rose "
             "to 1,037, the interior ministry said on Saturday, most of them in Al Haouz "
             "province south of Marrakesh. Rescuers from Rabat kept digging in the villages."),
}
FERRY = {
    "outlet": "Northern Ledger", "published_at": "2025-02-14T09:00:00Z",
    "title": "Ferry strike halts crossings to the Shetland islands",
    "text": ("Ferry crews on the Aberdeen to Lerwick route walked out on Thursday over pay, "
             "stopping 14 daily crossings to Shetland, the RMT union said. NorthLink Ferries "
             "called the strike regrettable."),
}


def post(client: TestClient, article: dict[str, Any]) -> dict[str, Any]:  # type: ignore[type-arg]
    response = client.post("/api/articles", json=article)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_an_article_about_a_new_event_starts_a_story_named_by_its_headline(
        client: TestClient) -> None:  # type: ignore[type-arg]
    body = post(client, QUAKE)
    assert body["story"] == "earthquake-magnitude-6-8-strikes-morocco"
    assert body["claims"] and all(c["story"] == body["story"] for c in body["claims"])
    assert client.get(f"/api/articles/{body['id']}").json()["story"] == body["story"]
    clusters = client.get(f"/api/clusters?story={body['story']}").json()["items"]
    assert clusters and all(c["story"] == body["story"] for c in clusters)


def test_a_follow_up_joins_the_story_of_its_event_and_another_event_starts_its_own(
        client: TestClient) -> None:  # type: ignore[type-arg]
    first = post(client, QUAKE)
    follow_up = post(client, QUAKE_FOLLOW_UP)
    ferry = post(client, FERRY)
    assert follow_up["story"] == first["story"]
    assert ferry["story"] not in {first["story"], "default"}
    # the same quantity reported differently within the story is a conflict of that story
    conflicts = client.get("/api/conflicts").json()["items"]
    assert all(c["story"] == first["story"] for c in conflicts)


def test_a_follow_up_outside_the_time_window_starts_a_new_story(
        client: TestClient) -> None:  # type: ignore[type-arg]
    first = post(client, QUAKE)
    late = post(client, {**QUAKE_FOLLOW_UP, "published_at": "2025-06-01T10:00:00Z"})
    assert late["story"] != first["story"]


def test_an_explicit_story_wins_over_the_one_the_service_would_choose(
        client: TestClient) -> None:  # type: ignore[type-arg]
    found = post(client, QUAKE)
    named = post(client, {**QUAKE_FOLLOW_UP, "story": "my-desk"})
    assert named["story"] == "my-desk" and named["story"] != found["story"]
    assert all(c["story"] == "my-desk" for c in named["claims"])


def test_a_new_storys_id_gets_a_suffix_when_its_slug_is_taken(
        client: TestClient) -> None:  # type: ignore[type-arg]
    post(client, {**FERRY, "story": "earthquake-magnitude-6-8-strikes-morocco"})
    assert post(client, QUAKE)["story"] == "earthquake-magnitude-6-8-strikes-morocco-2"


def test_a_repost_without_a_story_is_the_stored_duplicate(
        client: TestClient) -> None:  # type: ignore[type-arg]
    first = post(client, QUAKE)
    again = client.post("/api/articles", json=QUAKE)
    assert again.status_code == 200
    assert again.json()["id"] == first["id"] and again.json()["duplicate"] is True


def test_two_processes_racing_on_one_new_event_make_one_story(
        service: Service, database_url: str) -> None:
    # Each thread has its own pool, as a server process would: the lock that serialises new
    # stories has to hold across connections, not within one process.
    databases = [Database(database_url, max_size=1) for _ in range(4)]
    for db in databases:
        db.open()
    try:
        ingestors = [Ingestor(db, service.embedder, service.settings.cluster_threshold,
                              story_rule=story_rule(service.settings), parse=service.ingestor.parse)
                     for db in databases]
        for ingestor in ingestors:  # the model's work done first, so the posts meet in SQL
            ingestor.embedder.encode([QUAKE["title"]])
        start = threading.Barrier(len(ingestors))
        stored: list[ArticleOut] = []

        def race(i: int, ingestor: Ingestor) -> None:
            start.wait()
            stored.append(ingestor.ingest(ArticleIn.model_validate(
                {**QUAKE, "outlet": f"Outlet {i}"})))

        threads = [threading.Thread(target=race, args=(i, ing)) for i, ing in enumerate(ingestors)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(stored) == len(ingestors)
        assert len({a.story for a in stored}) == 1
        with service.db.transaction() as conn:
            rows = conn.execute("SELECT count(*) AS n FROM stories WHERE found").fetchone()
        assert rows is not None and rows["n"] == 1
    finally:
        for db in databases:
            db.close()
