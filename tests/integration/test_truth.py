"""reconcile.truth.estimates against a real database: what it reads, when it computes again, and
how it fills clusters in. Rows are written with plain SQL so that the figures are exactly known."""

from __future__ import annotations

import json
from itertools import count
from typing import Any

from reconcile.store import repo
from reconcile.store import truth as store
from reconcile.store.db import Database
from reconcile.truth.estimates import Truth, describe_cluster, describe_clusters
from tests import store_helpers

STORY = "truth-test"
ZERO = "[" + ",".join(["0"] * 384) + "]"
_n = count(1)  # articles of one outlet differ, as the store requires


def cluster(db: Database) -> int:
    with db.transaction() as conn:
        return store_helpers.insert_cluster(conn, STORY)


def figure(value: float, measure: str = "troops") -> dict[str, Any]:
    return {"raw": f"{value:,.0f}", "value": value, "low": value, "high": value,
            "measure": measure, "start": 0, "end": 5}


def add_claim(db: Database, cluster_id: int, outlet: str, *figures: dict[str, Any],
              source: str | None = None, day: int = 1) -> int:
    """One article with one claim stating `figures`, credited to `source`."""
    text = f"{outlet} reports {len(figures)} figures about {cluster_id}, article {next(_n)}."
    credited = None if source is None else {"name": source, "key": source.lower(),
                                            "kind": "organisation", "start": 0, "end": 1}
    with db.transaction() as conn:
        article = conn.execute(
            "INSERT INTO articles (story, outlet, text, content_hash, published_at) "
            "VALUES (%s, %s, %s, md5(%s), make_timestamptz(2025, 3, %s, 9, 0, 0, 'UTC')) "
            "RETURNING id", (STORY, outlet, text, text, day)).fetchone()
        assert article is not None
        row = conn.execute(
            'INSERT INTO claims (article_id, cluster_id, story, outlet, "position", text, '
            'start_char, end_char, "values", source, embedding) '
            "VALUES (%s, %s, %s, %s, 0, %s, 0, %s, %s::jsonb, %s::jsonb, %s::vector) "
            "RETURNING id",
            (article["id"], cluster_id, STORY, outlet, text, len(text),
             json.dumps(list(figures)), json.dumps(credited) if credited else None,
             ZERO)).fetchone()
        assert row is not None
        return int(row["id"])


def add_conflict(db: Database, cluster_id: int, claim_ids: list[int], *,
                 status: str = "open", accepted: float | None = None,
                 measure: str | None = "troops") -> int:
    with db.transaction() as conn:
        row = conn.execute(
            "INSERT INTO conflicts (story, cluster_id, key, kind, status, severity, explanation,"
            " measure, positions, claim_ids, accepted_value) VALUES (%s, %s, %s, 'numeric', %s,"
            " 0.5, 'x', %s, '[]'::jsonb, %s, %s) RETURNING id",
            (STORY, cluster_id, f"k{cluster_id}-{measure}", status, measure, claim_ids,
             accepted)).fetchone()
        assert row is not None
        return int(row["id"])


def resolve(db: Database, conflict_id: int, accepted: float) -> None:
    with db.transaction() as conn:
        conn.execute("UPDATE conflicts SET status = 'resolved', accepted_value = %s, "
                     "updated_at = now() WHERE id = %s",
                     (accepted, conflict_id))


def three_outlets(db: Database) -> tuple[int, list[int]]:
    """A cluster where A and B say 100 troops and C says 200."""
    c = cluster(db)
    ids = [add_claim(db, c, "A", figure(100), source="Ministry"),
           add_claim(db, c, "B", figure(100)), add_claim(db, c, "C", figure(200))]
    return c, ids


# --- the store ---------------------------------------------------------------------------------


def test_numeric_claims_leave_out_claims_without_figures(db: Database) -> None:
    c = cluster(db)
    with_figure = add_claim(db, c, "A", figure(100), day=3)
    add_claim(db, c, "B")
    with db.transaction() as conn:
        claims = store.numeric_claims(conn)
    assert [x.id for x in claims] == [with_figure]
    assert claims[0].values[0].value == 100 and claims[0].story == STORY
    assert claims[0].published_at is not None and claims[0].published_at.day == 3


def test_accepted_values_are_those_of_resolved_conflicts_in_the_clusters_asked(
        db: Database) -> None:
    one, two = cluster(db), cluster(db)
    a, b = add_claim(db, one, "A", figure(1)), add_claim(db, two, "B", figure(2))
    resolve(db, add_conflict(db, one, [a]), 150)
    resolve(db, add_conflict(db, two, [b]), 250)
    add_conflict(db, one, [a], measure="killed", accepted=9)  # open: not a decision yet
    with db.transaction() as conn:
        assert store.accepted_values(conn, None) == {(one, "troops"): 150.0,
                                                     (two, "troops"): 250.0}
        assert store.accepted_values(conn, [two]) == {(two, "troops"): 250.0}
        assert store.accepted_values(conn, []) == {}


def test_fingerprint_moves_with_a_new_claim_and_a_review_but_not_an_open_conflict(
        db: Database) -> None:
    with db.transaction() as conn:
        empty = store.fingerprint(conn)
    assert empty == (0, "")
    c = cluster(db)
    claim_id = add_claim(db, c, "A", figure(1))
    with db.transaction() as conn:
        after_claim = store.fingerprint(conn)
    assert after_claim == (claim_id, "")
    conflict = add_conflict(db, c, [claim_id])
    with db.transaction() as conn:
        assert store.fingerprint(conn) == after_claim
    resolve(db, conflict, 1)
    with db.transaction() as conn:
        reviewed = store.fingerprint(conn)
    assert reviewed is not None and reviewed[0] == claim_id and reviewed[1] != ""


# --- Truth -------------------------------------------------------------------------------------


def test_result_weighs_outlets_by_agreement_with_the_median(db: Database) -> None:
    c, _ = three_outlets(db)
    result = Truth(db).result()
    assert result.estimates[(c, "troops")].value == 100
    scores = {name: (r.agree, r.compared, r.score) for name, r in result.outlets.items()}
    assert scores == {"A": (1, 1, 0.6667), "B": (1, 1, 0.6667), "C": (0, 1, 0.3333)}
    assert set(result.sources) == {"Ministry"}


def test_result_is_reused_until_a_claim_or_a_review_changes_it(db: Database) -> None:
    c, ids = three_outlets(db)
    truth = Truth(db)
    first = truth.result()
    assert truth.result() is first
    add_conflict(db, c, ids)  # an open conflict decides nothing
    assert truth.result() is first
    add_claim(db, c, "D", figure(200))
    second = truth.result()
    assert second is not first and "D" in second.outlets
    assert truth.result() is second


def test_an_accepted_value_is_the_ground_truth_that_scores_outlets(db: Database) -> None:
    c, ids = three_outlets(db)
    truth = Truth(db)
    assert truth.result().outlets["C"].agree == 0
    resolve(db, add_conflict(db, c, ids), 200)
    result = truth.result()
    estimate = result.estimates[(c, "troops")]
    assert (estimate.value, estimate.ground_truth) == (200, True)
    assert result.outlets["C"].agree == 1 and result.outlets["A"].agree == 0


def test_weights_are_empty_before_the_first_estimate_then_the_outlets_scores(
        db: Database) -> None:
    three_outlets(db)
    truth = Truth(db)
    assert truth.weights() == {}
    truth.result()
    assert truth.weights() == {"A": 0.6667, "B": 0.6667, "C": 0.3333}


def test_sources_lists_outlets_then_sources_most_claims_first(db: Database) -> None:
    c, _ = three_outlets(db)
    add_claim(db, c, "C", figure(300, "killed"), day=2)
    truth = Truth(db)
    every = truth.sources()
    assert [(s.kind, s.name) for s in every] == [
        ("outlet", "C"), ("outlet", "A"), ("outlet", "B"), ("source", "Ministry")]
    assert [s.claims for s in every] == [2, 1, 1, 1]
    assert [s.name for s in truth.sources("source")] == ["Ministry"]
    assert [s.kind for s in truth.sources("outlet")] == ["outlet"] * 3
    assert truth.sources("nobody") == []


def test_for_clusters_uses_each_clusters_own_accepted_value(db: Database) -> None:
    one, ids = three_outlets(db)
    two = cluster(db)
    other = [add_claim(db, two, "A", figure(7)), add_claim(db, two, "E", figure(9))]
    resolve(db, add_conflict(db, two, other), 9)
    truth = Truth(db)
    truth.result()
    with db.transaction() as conn:
        claims = repo.claims_of_clusters(conn, [one, two])
        found = truth.for_clusters(conn, {one: claims[one], two: claims[two]})
    (first,) = found[one][0]
    assert (first.measure, first.value, first.ground_truth) == ("troops", 100, False)
    assert sorted(first.claim_ids) == sorted(ids[:2]) and first.outlets == ["A", "B"]
    (second,) = found[two][0]
    assert (second.value, second.ground_truth, second.outlets) == (9, True, ["E"])
    # each cluster's reliability names only its own outlets, as learned across all of them
    assert set(found[one][1]) == {"A", "B", "C"} and set(found[two][1]) == {"A", "E"}
    assert found[two][1]["A"] == truth.weights()["A"]


def test_describe_cluster_fills_consensus_reliability_and_updates(db: Database) -> None:
    c, _ = three_outlets(db)
    later = add_claim(db, c, "C", figure(120), day=5)  # C revises its own figure
    truth = Truth(db)
    truth.result()
    with db.transaction() as conn:
        described = describe_cluster(truth, conn, repo.get_cluster(conn, c))
        both = describe_clusters(truth, conn, [repo.get_cluster(conn, c)])
    assert [e.measure for e in described.consensus] == ["troops"]
    assert set(described.reliability) == {"A", "B", "C"}
    assert [(u.outlet, u.later_claim_id) for u in described.updates] == [("C", later)]
    assert both == [described]
