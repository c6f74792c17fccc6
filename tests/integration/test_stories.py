"""Stories the service finds: an article posted without a story joins the story of its event or
starts one, across server processes; one posted with a story goes where it says."""

from __future__ import annotations

import threading
from typing import Any

from litestar.testing import TestClient

from reconcile.ingest import Ingestor
from reconcile.models import ArticleIn, ArticleOut
from reconcile.startup import Service, story_rule
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


def test_one_line_reports_of_two_fires_with_other_figures_start_two_stories(
        client: TestClient) -> None:  # type: ignore[type-arg]
    # alike in wording, but a sentence each, no name in common and acreages that disagree
    first = post(client, {"outlet": "Valley Courier",
                          "text": "The wildfire has burned 14,000 acres, fire officials said."})
    second = post(client, {"outlet": "Ridge Times",
                           "text": "The wildfire has burned 56,000 acres, fire crews said."})
    assert second["story"] != first["story"]
    assert client.get("/api/conflicts").json()["items"] == []


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


def test_stories_list_newest_activity_first_with_counts_search_and_pages(
        client: TestClient) -> None:  # type: ignore[type-arg]
    quake = post(client, QUAKE)["story"]
    post(client, FERRY)
    post(client, QUAKE_FOLLOW_UP)
    page = client.get("/api/stories").json()
    assert page["items"][0]["id"] == quake
    first = page["items"][0]
    assert first["articles"] == 2 and first["outlets"] == 2
    assert first["title"] == QUAKE["title"]
    assert first["first_seen"].startswith("2025-02-14") and first["last_seen"].startswith(
        "2025-02-15")
    assert [s["id"] for s in client.get("/api/stories?q=ferry").json()["items"]] == [
        "ferry-strike-halts-crossings-shetland-islands"]
    one = client.get("/api/stories?limit=1").json()
    assert len(one["items"]) == 1 and one["next"]
    rest = client.get(f"/api/stories?limit=1&cursor={one['next']}").json()
    assert rest["items"][0]["id"] != one["items"][0]["id"]
    assert client.get("/api/stories?cursor=WyJ4Il0").status_code == 400
    assert client.get(f"/api/stories/{quake}").json()["open_conflicts"] == first[
        "open_conflicts"]
    assert client.get("/api/stories/no-such-story").status_code == 404


def test_moving_an_article_reconciles_both_stories_and_is_audited(
        client: TestClient) -> None:  # type: ignore[type-arg]
    first = post(client, QUAKE)
    follow_up = post(client, QUAKE_FOLLOW_UP)
    ferry = post(client, FERRY)
    story = first["story"]
    before = client.get(f"/api/conflicts?story={story}").json()["items"]
    moved = client.patch(f"/api/articles/{follow_up['id']}", json={"story": ferry["story"]},
                         headers={"X-Reviewer": "ana"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["story"] == ferry["story"]
    assert all(c["story"] == ferry["story"] for c in moved.json()["claims"])
    # the conflicts the follow-up took part in went with it
    after = client.get(f"/api/conflicts?story={story}").json()["items"]
    gone = {c["id"] for c in before} - {c["id"] for c in after}
    assert all(follow_up["id"] not in {k["article_id"] for k in c["claims"]} for c in after)
    assert not before or gone
    clusters = client.get(f"/api/clusters?story={ferry['story']}").json()["items"]
    assert {c["article_id"] for cl in clusters for c in cl["claims"]} == {
        ferry["id"], follow_up["id"]}
    events = client.get(f"/api/stories/{story}").json()["events"]
    assert [(e["actor"], e["action"], e["after"]) for e in events] == [
        ("ana", "move", {"article": follow_up["id"], "story": ferry["story"]})]
    assert client.get(f"/api/stories/{ferry['story']}").json()["events"][0]["action"] == "move"


def test_merging_stories_moves_every_article_reconciles_and_is_audited(
        client: TestClient) -> None:  # type: ignore[type-arg]
    first = post(client, QUAKE)
    other = post(client, {**QUAKE, "outlet": "Desk Wire", "story": "desk-copy",
                          "text": QUAKE["text"].replace("at least 820", "310")})
    assert client.get("/api/conflicts?story=desk-copy").json()["items"] == []
    merged = client.post("/api/stories/desk-copy/merge", json={"into": first["story"]},
                         headers={"X-Reviewer": "ana"})
    assert merged.status_code == 200, merged.text
    assert merged.json()["articles"] == 2
    assert client.get(f"/api/articles/{other['id']}").json()["story"] == first["story"]
    # the two death tolls now meet in one story
    conflicts = client.get(f"/api/conflicts?story={first['story']}").json()["items"]
    articles = {c["article_id"] for f in conflicts for c in f["claims"]}
    assert {first["id"], other["id"]} <= articles
    gone = client.get("/api/stories/desk-copy").json()
    assert gone["merged_into"] == first["story"] and gone["articles"] == 0
    assert gone["events"][0]["action"] == "merge" and gone["events"][0]["actor"] == "ana"
    assert "desk-copy" not in {s["id"] for s in client.get("/api/stories").json()["items"]}
    assert client.post("/api/stories/nope/merge", json={"into": first["story"]}
                       ).status_code == 404


def test_merging_a_story_into_itself_is_a_conflict(
        client: TestClient) -> None:  # type: ignore[type-arg]
    story = post(client, QUAKE)["story"]
    r = client.post(f"/api/stories/{story}/merge", json={"into": story})
    assert r.status_code == 409, r.text
    assert r.json()["errors"] == [{"field": "into", "message": "names the story being merged"}]
    assert client.get(f"/api/stories/{story}").json()["merged_into"] is None


def test_a_reviewed_conflict_keeps_its_decision_when_its_story_is_merged(
        client: TestClient) -> None:  # type: ignore[type-arg]
    post(client, {**QUAKE, "story": "desk-copy"})
    post(client, {**QUAKE, "outlet": "Desk Wire", "story": "desk-copy",
                  "text": QUAKE["text"].replace("at least 820", "310")})
    [reviewed] = client.get("/api/conflicts?story=desk-copy").json()["items"]
    decided = client.patch(f"/api/conflicts/{reviewed['id']}",
                           json={"status": "dismissed", "note": "two counts, two towns"},
                           headers={"X-Reviewer": "ana"})
    assert decided.status_code == 200, decided.text
    ferry = post(client, FERRY)["story"]

    merged = client.post("/api/stories/desk-copy/merge", json={"into": ferry},
                         headers={"X-Reviewer": "bo"})
    assert merged.status_code == 200, merged.text
    # found again among the same claims in the story they went to: the same conflict, decided
    found = client.get(f"/api/conflicts?story={ferry}").json()["items"]
    assert [(c["id"], c["status"], c["note"]) for c in found] == [
        (reviewed["id"], "dismissed", "two counts, two towns")]
    assert {c["story"] for c in found[0]["claims"]} == {ferry}
    assert merged.json()["open_conflicts"] == 0
    events = client.get(f"/api/conflicts/{reviewed['id']}").json()["events"]
    assert [(e["actor"], e["action"]) for e in events] == [("ana", "dismissed"), ("bo", "move")]
    assert events[-1]["after"]["story"] == ferry
