"""store/reviews.py and reviews.sql against a real PostgreSQL, on the crafted story."""

from __future__ import annotations

import pytest

from reconcile.dashboard.filters import QueueFilter
from reconcile.errors import NotFound
from reconcile.startup import Service
from reconcile.store import reviews
from reconcile.store.db import queries
from tests.browser.harness import CRAFTED_STORY, EVIL_OUTLET, Crafted, craft_story


@pytest.fixture
def crafted(service: Service) -> Crafted:
    return craft_story(service.db)


def test_dashboard_queries_are_named_apart_from_the_apis() -> None:
    names = [n for n in queries() if n.startswith("dashboard_")]
    assert len(names) >= 13
    assert all(queries()[n] for n in names)


def test_queue_orders_filters_and_counts(service: Service, crafted: Crafted) -> None:
    with service.db.transaction() as conn:
        conflicts, counts = reviews.queue(conn, QueueFilter().sql_params())
        assert [c.id for c in conflicts] == [crafted.attribution, crafted.numeric]
        assert counts == {"open": 2}
        assert [len(c.claims) for c in conflicts] == [3, 4]
        conflicts, counts = reviews.queue(conn, QueueFilter(outlet=EVIL_OUTLET).sql_params())
        assert [c.id for c in conflicts] == [crafted.numeric] and counts == {"open": 1}
        conflicts, _ = reviews.queue(conn, QueueFilter(q="HEAVY losses").sql_params())
        assert [c.id for c in conflicts] == [crafted.attribution]
        conflicts, counts = reviews.queue(conn, QueueFilter(page=2).sql_params(limit=1))
        assert [c.id for c in conflicts] == [crafted.numeric] and counts == {"open": 2}


def test_inactive_conflicts_leave_the_queue(service: Service, crafted: Crafted) -> None:
    with service.db.transaction() as conn:
        conn.execute("UPDATE conflicts SET active = false WHERE id = %(id)s",
                     {"id": crafted.numeric})
        conflicts, counts = reviews.queue(conn, QueueFilter().sql_params())
    assert [c.id for c in conflicts] == [crafted.attribution] and counts == {"open": 1}


def test_neighbours_are_the_next_and_previous_open_conflicts(service: Service,
                                                             crafted: Crafted) -> None:
    with service.db.transaction() as conn:
        near = reviews.neighbours(conn, crafted.attribution)
        assert (near.prev_id, near.next_id) == (None, crafted.numeric)
        near = reviews.neighbours(conn, crafted.numeric)
        assert (near.prev_id, near.next_id) == (crafted.attribution, None)
        conn.execute("UPDATE conflicts SET status = 'resolved' WHERE id = %(id)s",
                     {"id": crafted.numeric})
        assert reviews.neighbours(conn, crafted.attribution).next_id is None
        assert reviews.neighbours(conn, 4242).next_id is None


def test_conflicts_by_ids_keeps_the_order_asked_for(service: Service, crafted: Crafted) -> None:
    with service.db.transaction() as conn:
        found = reviews.conflicts_by_ids(conn, [crafted.numeric, 4242, crafted.attribution])
    assert [c.id for c in found] == [crafted.numeric, crafted.attribution]


def test_one_conflict_its_cluster_and_articles(service: Service, crafted: Crafted) -> None:
    with service.db.transaction() as conn:
        conflict = reviews.conflict(conn, crafted.numeric)
        assert conflict.events == [] and len(conflict.claims) == 4
        assert len(reviews.cluster_claims(conn, crafted.numeric_cluster)) == 5
        assert [c.id for c in reviews.conflicts_of_cluster(conn, crafted.numeric_cluster)] == [
            crafted.numeric]
        texts = reviews.articles_by_ids(conn, [c.article_id for c in conflict.claims])
        assert len(texts) == 4 and all(t.text for t in texts.values())
        with pytest.raises(NotFound):
            reviews.conflict(conn, 4242)


def test_conflicts_of_claims(service: Service, crafted: Crafted) -> None:
    with service.db.transaction() as conn:
        found = reviews.conflicts_of_claims(conn, [crafted.claims["q3"]])
        assert [c.id for c in found] == [crafted.attribution]
        assert reviews.conflicts_of_claims(conn, [crafted.claims["t5"]]) == []


def test_articles_list_counts_disputed_claims(service: Service, crafted: Crafted) -> None:
    with service.db.transaction() as conn:
        rows = reviews.articles(conn, story=CRAFTED_STORY)
        assert rows[0].id == crafted.articles["a5"]  # newest first
        by_id = {r.id: r for r in rows}
        assert (by_id[crafted.articles["a1"]].claims, by_id[crafted.articles["a1"]].disputed) == (
            2, 2)
        assert by_id[crafted.articles["a5"]].disputed == 0
        assert len(reviews.articles(conn, outlet="Alpha Times")) == 2
        assert reviews.articles(conn, story="elsewhere") == []


def test_outlet_and_source_statistics(service: Service, crafted: Crafted) -> None:
    with service.db.transaction() as conn:
        outlets = {r.outlet: r for r in reviews.outlet_stats(conn)}
        assert (outlets["Alpha Times"].articles, outlets["Alpha Times"].claims) == (2, 3)
        assert outlets["Beta Post"].credited_claims == 2
        sources = {r.key: r for r in reviews.source_stats(conn)}
        assert sources["ministry"].claims == 5 and sources["ministry"].numeric_claims == 5
        assert sources["ministry"].outlet_names == sorted(
            ["Alpha Times", "Beta Post", "Gamma Daily", EVIL_OUTLET])
        assert sources["ministry"].spellings == ["the ministry"]
        assert sources["kondratenko"].name == "Kondratenko"
        clusters = reviews.claims_of_clusters(conn, [crafted.numeric_cluster, 4242])
        assert len(clusters[crafted.numeric_cluster]) == 5 and clusters[4242] == []
        claims = reviews.claims_of_outlet(conn, "Alpha Times")
        assert claims[0].id == crafted.claims["t5"]  # newest first
        assert len(reviews.claims_of_sources(conn, ["kondratenko", "frederic spohr"])) == 2


def test_review_many_is_one_transaction(service: Service, crafted: Crafted) -> None:
    with pytest.raises(NotFound), service.db.transaction() as conn:
        reviews.review_many(conn, [(crafted.numeric, {"status": "confirmed"}),
                                 (4242, {"status": "confirmed"})], "lee")
    with service.db.transaction() as conn:
        assert reviews.conflict(conn, crafted.numeric).status == "open"
        reviews.review_many(conn, [(crafted.numeric, {"status": "dismissed"}),
                                 (crafted.attribution, {"status": "dismissed"})], "lee")
    with service.db.transaction() as conn:
        for conflict_id in (crafted.numeric, crafted.attribution):
            found = reviews.conflict(conn, conflict_id)
            assert found.status == "dismissed"
            assert [(e.actor, e.action) for e in found.events] == [("lee", "dismissed")]
