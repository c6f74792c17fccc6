"""Which consensus a conflict shows: truth's estimate for its measure, the side holding it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from reconcile.dashboard.consensus import (
    NO_ATTRIBUTION,
    NO_MEASURE,
    band,
    conflict_consensus,
    estimate_for,
    estimate_view,
    holding_position,
    value_label,
)
from reconcile.domain import Position
from reconcile.models import ConflictOut, ConsensusOut

NOW = datetime(2025, 2, 20, tzinfo=UTC)
ELEVEN = Position(label="11,000 troops", low=11000, high=11000, claim_ids=[1, 2, 3],
                  outlets=["A", "B", "C"])
TWELVE = Position(label="12,000 troops", low=12000, high=12000, claim_ids=[4], outlets=["D"])


def conflict(**over: Any) -> ConflictOut:
    fields: dict[str, Any] = {
        "id": 1, "story": "s", "cluster_id": 7, "kind": "numeric", "status": "open",
        "severity": 0.4, "explanation": "", "measure": "troops", "positions": [ELEVEN, TWELVE],
        "claims": [], "note": None, "assignee": None, "accepted_value": None, "active": True,
        "created_at": NOW, "updated_at": NOW}
    return ConflictOut(**{**fields, **over})


SAME = float("nan")  # the bound is the value itself


def estimate(value: float, low: float | None = SAME, high: float | None = SAME, *,
             measure: str = "troops", ground_truth: bool = False, unit: str | None = None,
             outlets: tuple[str, ...] = ("A", "B", "C")) -> ConsensusOut:
    return ConsensusOut(measure=measure, value=value, low=value if low is SAME else low,
                        high=value if high is SAME else high, unit=unit,
                        ground_truth=ground_truth, outlets=list(outlets), sources=[],
                        claim_ids=[1, 2, 3])


def test_the_estimate_for_the_conflicts_measure_is_its_consensus() -> None:
    estimates = [estimate(40, measure="killed"), estimate(11000)]
    view = conflict_consensus(conflict(), estimates)
    assert (view.value, view.label, view.position, view.missing) == (
        11000, "11,000 troops", 0, None)
    assert view.outlets == ["A", "B", "C"] and not view.ground_truth
    assert view.interval is None  # the backing figures agree on the value itself


def test_an_accepted_value_is_marked_and_held_by_its_side() -> None:
    view = conflict_consensus(conflict(), [estimate(12000, ground_truth=True,
                                                    outlets=("D",))])
    assert view.ground_truth and view.position == 1 and view.outlets == ["D"]


def test_a_value_no_side_holds_has_no_position() -> None:
    view = conflict_consensus(conflict(), [estimate(11500, None, None, ground_truth=True,
                                                    outlets=())])
    assert view.value == 11500 and view.position is None and view.outlets == []
    assert band(view) == (11500, 11500)  # nobody backs it: the band is the value itself


def test_attribution_conflicts_have_no_consensus_value() -> None:
    view = conflict_consensus(conflict(kind="attribution", measure=None), [estimate(11000)])
    assert view.value is None and view.missing == NO_ATTRIBUTION and view.position is None
    assert band(view) is None


def test_a_conflict_without_a_measure_or_an_estimate_says_why() -> None:
    assert conflict_consensus(conflict(measure=None), [estimate(11000)]).missing == NO_MEASURE
    none = conflict_consensus(conflict(measure="unit:%"), [estimate(11000)])
    assert none.value is None
    assert none.missing == "truth discovery has no estimate for % in this cluster"
    assert estimate_for(conflict(), []) is None


def test_the_common_ground_of_hedged_backers_is_shown_and_shaded() -> None:
    view = estimate_view(estimate(11000, 10450, 11550))
    assert view.interval == "10,450–11,550" and band(view) == (10450, 11550)
    open_ended = estimate_view(estimate(10000, 10000, None))
    assert open_ended.interval == "≥ 10,000" and band(open_ended) == (10000, None)


@pytest.mark.parametrize(("value", "index"), [
    (11000, 0), (12000, 1), (11999.99, None), (10000, None), (50000, 2)])
def test_holding_position_counts_open_ends(value: float, index: int | None) -> None:
    positions = [ELEVEN, TWELVE, Position(label="more than 20,000", low=20000, high=None,
                                          claim_ids=[5], outlets=["E"])]
    assert holding_position(positions, value) == index


@pytest.mark.parametrize(("value", "unit", "measure", "text"), [
    (11000, None, "troops", "11,000 troops"), (61, "%", "unit:%", "61%"),
    (4.5e9, "USD", "unit:USD", "USD 4.5bn"), (12, "km", None, "12 km"),
])
def test_value_label(value: float, unit: str | None, measure: str | None, text: str) -> None:
    assert value_label(value, unit, measure) == text
