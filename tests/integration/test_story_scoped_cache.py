"""A write invalidates what was read from its stories and the lists, and nothing else
(migration 004's notifications name the stories, 005's the clusters too;
reconcile/store/changes.py keeps per-story and per-cluster versions)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from litestar.testing import TestClient

from reconcile.store.changes import Change, ChangeFeed, change_of
from tests.integration.test_read_cache import TEXTS, cache_of, eventually, post

QUAKE = {"story": "quake", "outlet": "Coast Herald", "published_at": "2025-02-14T08:30:00Z",
         "text": "The earthquake killed 767 people, according to the interior ministry."}


def notifications(url: str, write: str, params: tuple[Any, ...] = ()) -> list[str]:
    """The payloads on reconcile_changes that one committed statement sends."""
    with psycopg.connect(url, autocommit=True) as listener:
        listener.execute("LISTEN reconcile_changes")
        with psycopg.connect(url) as conn:
            conn.execute(write, params)
        return [n.payload for n in listener.notifies(timeout=0.5)]


def story_with_a_conflict(client: TestClient) -> dict[str, Any]:  # type: ignore[type-arg]
    """Story nk, told by three outlets (11,000 against 12,000 troops); its conflict."""
    for outlet in TEXTS:
        post(client, outlet)
    conflict: dict[str, Any] = client.get("/api/conflicts").json()["items"][0]
    return conflict


@pytest.fixture
def feed(database_url: str) -> Iterator[ChangeFeed]:
    feed = ChangeFeed(database_url, poll_s=0.05)
    feed.start()
    yield feed
    feed.close()


def test_a_notification_names_the_stories_of_the_rows_written(database_url: str) -> None:
    odd = 'Ukraine, "front" \\ 東'
    payloads = notifications(database_url, "INSERT INTO clusters (story) VALUES (%s), (%s), (%s)",
                             (odd, "quake", odd))
    assert len(payloads) == 1
    change = change_of(payloads[0])
    assert sorted(change.stories or []) == sorted([odd, "quake"])
    assert sorted(change.clusters or []) == [1, 2, 3]


def test_an_update_names_the_story_a_row_left_and_the_one_it_joined(database_url: str) -> None:
    notifications(database_url, "INSERT INTO clusters (story) VALUES ('nk')")
    payloads = notifications(database_url, "UPDATE clusters SET story = 'quake' WHERE story = 'nk'")
    assert [json.loads(p) for p in payloads] == [{"stories": ["nk", "quake"], "clusters": [1]}]


def test_a_statement_that_changes_no_row_sends_nothing(database_url: str) -> None:
    assert notifications(database_url, "DELETE FROM clusters WHERE story = 'nowhere'") == []


def test_a_truncate_says_anything_may_have_changed(database_url: str) -> None:
    notifications(database_url, "INSERT INTO conflict_events (conflict_id, actor, action, "
                                "before, after) SELECT id, 'a', 'b', '{}', '{}' FROM conflicts")
    payloads = notifications(database_url, "TRUNCATE conflict_events")
    assert payloads == [""] and change_of(payloads[0]).stories is None


def test_a_review_event_names_its_conflicts_story(client: TestClient, database_url: str  # type: ignore[type-arg]
                                                  ) -> None:
    conflict = story_with_a_conflict(client)
    payloads = notifications(
        database_url, "INSERT INTO conflict_events (conflict_id, actor, action, before, after) "
                      "VALUES (%s, 'desk', 'note', '{}', '{}')", (conflict["id"],))
    assert [change_of(p) for p in payloads] == [Change(["nk"], [conflict["cluster_id"]])]


@pytest.mark.parametrize(("payload", "stories"), [
    ('["nk"]', ["nk"]), ('["nk", "quake"]', ["nk", "quake"]), ("", None), ("not json", None),
    ('{"story": "nk"}', None), ("[1, 2]", None), ("[]", []),
    ('{"stories": ["nk"], "clusters": [4]}', ["nk"]),
])
def test_payloads_are_read_strictly(payload: str, stories: list[str] | None) -> None:
    assert change_of(payload).stories == stories


@pytest.mark.parametrize(("payload", "change"), [
    ('["nk"]', Change(["nk"], None)),  # every page of the story
    ('{"stories": ["nk"], "clusters": [4, 9]}', Change(["nk"], [4, 9])),
    ('{"stories": ["nk"], "clusters": ["4"]}', Change(None)),
    ('{"stories": ["nk"], "clusters": [true]}', Change(None)),
    ('{"stories": [3], "clusters": [4]}', Change(None)),
    ('{"stories": ["nk"]}', Change(None)),
    ('{"stories": ["nk"], "clusters": [4], "more": 1}', Change(None)),
    ('{"stories": ["nk"], "clusters": null}', Change(None)),
])
def test_cluster_payloads_are_read_strictly_too(payload: str, change: Change) -> None:
    assert change_of(payload) == change


def test_the_feed_moves_only_the_clusters_named_and_the_stories_lists(feed: ChangeFeed) -> None:
    feed.bump(["nk"], [4])
    before = {scope: feed.version(*scope) for scope in
              [("nk", None), ("nk", 4), ("nk", 5), ("quake", 4)]}
    feed.bump(["nk"], [5])
    after = {scope: feed.version(*scope) for scope in before}
    assert after[("nk", 4)] == before[("nk", 4)]  # another cluster of the story
    assert after[("quake", 4)] == before[("quake", 4)]  # another story
    assert (after[("nk", 5)] or 0) > (before[("nk", 5)] or 0)
    assert (after[("nk", None)] or 0) > (before[("nk", None)] or 0)  # the story's lists
    feed.bump(["nk"])  # the story's articles: every page of it
    assert (feed.version("nk", 4) or 0) > (after[("nk", 4)] or 0)
    assert feed.version("quake", 4) == before[("quake", 4)]


def test_the_feed_moves_only_the_stories_written(feed: ChangeFeed, database_url: str) -> None:
    nk, quake, everything = feed.version("nk"), feed.version("quake"), feed.version()
    assert nk is not None and quake is not None and everything is not None
    with psycopg.connect(database_url) as conn:
        conn.execute("INSERT INTO clusters (story) VALUES ('quake')")
    assert eventually(lambda: (feed.version("quake") or 0) > quake)
    assert feed.version("nk") == nk
    assert (feed.version() or 0) > everything


def test_a_write_elsewhere_leaves_a_cluster_page_cached_and_rebuilds_the_lists(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    conflict = story_with_a_conflict(client)
    pages = [f"/api/clusters/{conflict['cluster_id']}", f"/api/conflicts/{conflict['id']}",
             "/api/articles/1", "/api/conflicts?story=nk", "/api/clusters?story=nk"]
    before = {p: client.get(p).content for p in pages}
    lists = client.get("/api/conflicts").content
    assert client.post("/api/articles", json=QUAKE).status_code == 201
    cache = cache_of(client)
    hits, misses = cache.hits, cache.misses
    assert {p: client.get(p).content for p in pages} == before
    assert (cache.hits - hits, cache.misses - misses) == (len(pages), 0)
    assert client.get("/api/clusters?story=quake").json()["items"]  # the new story is there
    assert client.get("/api/conflicts").content == lists  # rebuilt (a miss), the same conflicts
    assert cache.misses - misses == 2


def test_a_write_to_its_story_rebuilds_a_cluster_page(client: TestClient) -> None:  # type: ignore[type-arg]
    post(client, "A")
    cluster_id = client.get("/api/clusters?story=nk").json()["items"][0]["id"]
    path = f"/api/clusters/{cluster_id}"
    assert len(client.get(path).json()["claims"]) == 1
    post(client, "C")  # "around 11,000 soldiers": the same claim, same story
    assert len(client.get(path).json()["claims"]) == 2


def test_another_processes_write_to_the_story_reaches_a_cached_page(
    client: TestClient, database_url: str  # type: ignore[type-arg]
) -> None:
    conflict = story_with_a_conflict(client)
    path = f"/api/clusters/{conflict['cluster_id']}"
    before = client.get(path).json()
    with psycopg.connect(database_url) as conn:  # what another server process would do
        conn.execute("UPDATE claims SET outlet = 'Renamed Outlet' WHERE story = 'nk' "
                     "AND outlet = 'A'")
    assert eventually(lambda: "Renamed Outlet" in client.get(path).text)
    assert client.get(path).json() != before


def test_another_processes_write_elsewhere_does_not_empty_the_cache(
    client: TestClient, database_url: str  # type: ignore[type-arg]
) -> None:
    cluster_id = story_with_a_conflict(client)["cluster_id"]
    path = f"/api/clusters/{cluster_id}"
    client.get(path)
    feed = client.app.state.db.changes
    heard = feed.version()
    with psycopg.connect(database_url) as conn:
        conn.execute("INSERT INTO clusters (story) VALUES ('quake')")
    assert eventually(lambda: (feed.version() or 0) > heard)  # the feed heard it
    hits = cache_of(client).hits
    client.get(path)
    assert cache_of(client).hits == hits + 1


def test_a_reconnected_feed_forgets_every_story_version(feed: ChangeFeed) -> None:
    feed.bump(["nk"])
    nk = feed.version("nk")
    assert nk is not None
    feed._set_live(False)  # what the listener does when its connection drops...
    assert feed.version("nk") is None
    feed._set_live(True)  # ...and when it is back: writes may have been missed meanwhile
    assert (feed.version("nk") or 0) > nk and feed.version("nk") == feed.version("quake")


def test_a_write_naming_more_stories_than_fit_in_a_notification_says_anything(
    database_url: str,
) -> None:
    # Under 7,900 characters but over 8,000 bytes: PostgreSQL counts the payload in bytes.
    names = [f"{n:03d} {'東京都の地震' * 5}" for n in range(90)]
    assert len(json.dumps(names, ensure_ascii=False)) < 7900
    assert len(json.dumps(names, ensure_ascii=False).encode()) > 8000
    values = ", ".join(["(%s)"] * len(names))
    payloads = notifications(database_url, f"INSERT INTO clusters (story) VALUES {values}",
                             tuple(names))
    assert payloads == [""]
    with psycopg.connect(database_url) as conn:  # and the write itself went through
        row = conn.execute("SELECT count(*) FROM clusters").fetchone()
        assert row is not None and row[0] == len(names)


def test_a_claim_cannot_sit_in_another_story_than_its_cluster_or_article(
    client: TestClient, database_url: str  # type: ignore[type-arg]
) -> None:
    post(client, "A")
    post(client, "B")  # 12,000 against 11,000: a conflict too
    with psycopg.connect(database_url) as conn:
        conn.execute("INSERT INTO clusters (story) VALUES ('quake')")
        for change in ("UPDATE claims SET story = 'quake'",
                       "UPDATE claims SET cluster_id = (SELECT max(id) FROM clusters)",
                       "UPDATE clusters SET story = 'quake' WHERE story = 'nk'",
                       "UPDATE articles SET story = 'quake'",
                       "UPDATE conflicts SET story = 'quake'"):
            with pytest.raises(psycopg.errors.ForeignKeyViolation), conn.transaction():
                conn.execute(change)


def test_a_story_moved_whole_in_one_transaction_is_announced_for_both_stories(
    client: TestClient, database_url: str  # type: ignore[type-arg]
) -> None:
    conflict = story_with_a_conflict(client)
    path = f"/api/clusters/{conflict['cluster_id']}"
    assert client.get(path).json()["story"] == "nk"
    with psycopg.connect(database_url) as conn:
        conn.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in ("articles", "clusters", "claims", "conflicts"):
            conn.execute(f"UPDATE {table} SET story = 'nk-renamed' WHERE story = 'nk'")
    assert eventually(lambda: client.get(path).json()["story"] == "nk-renamed")
    assert client.get(f"/api/conflicts/{conflict['id']}").json()["story"] == "nk-renamed"


def test_new_claims_that_leave_the_outlet_weights_as_they_were_keep_other_stories_cached(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    cluster_id = story_with_a_conflict(client)["cluster_id"]
    client.get("/api/sources")  # learns the weights
    path = f"/api/clusters/{cluster_id}"
    client.get(path)
    lone = {**QUAKE, "outlet": "A", "text": "The storm flooded 412 homes, the mayor said."}
    assert client.post("/api/articles", json=lone).status_code == 201
    before = client.get("/api/sources").json()  # recomputed: a claim was added...
    hits = cache_of(client).hits
    client.get(path)  # ...but nobody's weight moved, so the nk page is still good
    assert cache_of(client).hits == hits + 1
    assert before == client.get("/api/sources").json()


def test_a_feed_remembering_too_many_stories_forgets_them_all(
    feed: ChangeFeed, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reconcile.store import changes

    monkeypatch.setattr(changes, "MAX_STORIES", 3)
    feed.bump(["a", "b", "c"])
    kept = feed.version("elsewhere")
    feed.bump(["d"])  # a fourth: counted as a change to anything
    assert (feed.version("elsewhere") or 0) > (kept or 0)
    assert len(feed._stories) == 0


def test_a_write_to_another_cluster_of_its_story_leaves_a_cluster_page_cached(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    conflict = story_with_a_conflict(client)
    pages = [f"/api/clusters/{conflict['cluster_id']}", f"/api/conflicts/{conflict['id']}"]
    before = {p: client.get(p).content for p in pages}
    listed = client.get("/api/clusters?story=nk").json()["items"]
    casualties = post(client, "D", "About 300 North Korean soldiers were killed in Kursk, "
                                   "Ukrainian officials said.")
    assert [c["cluster_id"] for c in casualties["claims"]] != [conflict["cluster_id"]]
    cache = cache_of(client)
    hits, misses = cache.hits, cache.misses
    assert {p: client.get(p).content for p in pages} == before
    assert (cache.hits - hits, cache.misses - misses) == (len(pages), 0)
    # The story's list is rebuilt, with the new cluster in it.
    assert len(client.get("/api/clusters?story=nk").json()["items"]) == len(listed) + 1
    assert cache.misses - misses == 1


def test_a_cluster_merged_away_by_another_process_stops_being_served(
    client: TestClient, database_url: str  # type: ignore[type-arg]
) -> None:
    kept = story_with_a_conflict(client)["cluster_id"]
    other = post(client, "D", "About 300 North Korean soldiers were killed in Kursk, "
                              "Ukrainian officials said.")["claims"][0]["cluster_id"]
    path = f"/api/clusters/{other}"
    assert client.get(path).status_code == 200
    with psycopg.connect(database_url) as conn:  # a merge, as another process would write it
        conn.execute("UPDATE claims SET cluster_id = %s WHERE cluster_id = %s", (kept, other))
        conn.execute("DELETE FROM clusters WHERE id = %s", (other,))
    assert eventually(lambda: client.get(path).status_code == 404)
    assert eventually(lambda: len(client.get(f"/api/clusters/{kept}").json()["claims"]) == 4)


def test_this_process_sees_its_own_write_to_a_cluster_at_once(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    post(client, "A")
    cluster_id = client.get("/api/clusters?story=nk").json()["items"][0]["id"]
    path = f"/api/clusters/{cluster_id}"
    assert len(client.get(path).json()["claims"]) == 1
    client.app.state.db.changes.close()  # deaf to notifications: only its own bump is left
    client.app.state.db.changes._set_live(True)
    client.get(path)
    post(client, "C")  # the same claim: joins the cluster
    assert len(client.get(path).json()["claims"]) == 2


def test_a_new_article_names_its_story_and_no_cluster_an_edited_one_every_page(
    client: TestClient, database_url: str  # type: ignore[type-arg]
) -> None:
    post(client, "A")
    payloads = notifications(
        database_url, "INSERT INTO articles (story, outlet, text, content_hash) "
                      "VALUES ('nk', 'E', 'No figures here.', 'x')")
    assert [change_of(p) for p in payloads] == [Change(["nk"], [])]
    payloads = notifications(database_url, "UPDATE articles SET title = 'Edited' "
                                           "WHERE outlet = 'A'")
    assert [change_of(p) for p in payloads] == [Change(["nk"], None)]


def test_a_feed_remembering_too_many_clusters_forgets_them_all(
    feed: ChangeFeed, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reconcile.store import changes

    monkeypatch.setattr(changes, "MAX_CLUSTERS", 3)
    feed.bump(["nk"], [1, 2, 3])
    kept = feed.version("quake", 9)
    feed.bump(["nk"], [4])  # a fourth: counted as a change to anything
    assert (feed.version("quake", 9) or 0) > (kept or 0)
    assert len(feed._clusters) == 0 and len(feed._stories) == 0
