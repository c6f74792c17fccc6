"""reconcile.dashboard.timeline: a conflict's claims in publication order, with the updates
find_updates decided laid out next to them. Pure: claims, the conflict and updates in."""

from __future__ import annotations

from datetime import UTC, datetime

from reconcile.dashboard.timeline import (
    claim_says,
    claim_timeline,
    conflict_figure,
    conflict_updates,
)
from reconcile.domain import Figure, Position, Source, Update
from reconcile.models import ClaimOut, ConflictOut
from reconcile.rules.conflicts import find_updates

NOW = datetime(2025, 2, 20, 12, 0, tzinfo=UTC)


def fig(value: float, measure: str | None = "troops", unit: str | None = None,
        start: int = 0) -> Figure:
    raw = f"{value:,.0f}"
    return Figure(raw=raw, value=value, low=value, high=value, measure=measure, unit=unit,
                  start=start, end=start + len(raw))


def claim(cid: int, outlet: str, *figures: Figure, day: int | None = 14,
          source: str | None = None) -> ClaimOut:
    credited = None if source is None else Source(name=source, key=source.lower(),
                                                  kind="person")
    return ClaimOut(id=cid, article_id=100 + cid, cluster_id=7, outlet=outlet,
                    text="Officials said so.", start=0, end=18, values=list(figures),
                    source=credited,
                    published_at=None if day is None else datetime(2025, 2, day, tzinfo=UTC))


def numeric(claims: list[ClaimOut], sides: list[tuple[float, list[int]]],
            measure: str | None = "troops") -> ConflictOut:
    return ConflictOut(
        id=9, story="s", cluster_id=7, kind="numeric", status="open", severity=0.5,
        explanation="x", measure=measure,
        positions=[Position(label=f"{v:,.0f}", low=v, high=v, claim_ids=ids, outlets=[])
                   for v, ids in sides],
        claims=claims, note=None, assignee=None, accepted_value=None, active=True,
        created_at=NOW, updated_at=NOW)


def attribution(claims: list[ClaimOut]) -> ConflictOut:
    return numeric(claims, [], measure=None).model_copy(update={"kind": "attribution"})


def update(earlier: int, later: int, measure: str | None = "troops") -> Update:
    return Update(outlet="A", earlier_claim_id=earlier, later_claim_id=later, earlier="e",
                  later="l", measure=measure)


def test_conflict_updates_keep_the_conflicts_quantity_only() -> None:
    troops, ferries = update(1, 2), update(1, 2, "ferries")
    assert conflict_updates(numeric([], []), [troops, ferries]) == [troops]
    assert conflict_updates(attribution([]), [troops, ferries]) == []


def test_conflict_figure_picks_the_figure_that_puts_the_claim_on_its_side() -> None:
    both = claim(1, "A", fig(9000, start=0), fig(11000, start=10))
    conflict = numeric([both], [(11000, [1])])
    found = conflict_figure(conflict, both)
    assert found is not None and found.value == 11000


def test_conflict_figure_of_another_claim_is_its_first_of_the_measure() -> None:
    conflict = numeric([], [(11000, [1])])
    other = claim(5, "B", fig(40, "ferries"), fig(12000), fig(13000))
    found = conflict_figure(conflict, other)
    assert found is not None and found.value == 12000
    assert conflict_figure(conflict, claim(6, "B", fig(40, "ferries"))) is None


def test_claim_says_the_figure_as_a_reviewer_reads_it() -> None:
    c = claim(1, "A", fig(11000))
    conflict = numeric([c], [(11000, [1])])
    assert claim_says(conflict, c) == "11,000 troops"
    assert claim_says(conflict, claim(2, "B", fig(3, "ferries"))) is None


def test_claim_says_for_attribution_names_the_credited_source() -> None:
    c = claim(1, "A", fig(1), source="Ana Petrov")
    assert claim_says(attribution([c]), c) == "credited to Ana Petrov"
    assert claim_says(attribution([c]), claim(2, "B", fig(1))) is None


def test_timeline_is_oldest_first_undated_first_then_by_id() -> None:
    claims = [claim(4, "A", fig(12000), day=16), claim(3, "B", fig(11000), day=None),
              claim(2, "C", fig(11000), day=15), claim(1, "D", fig(11000), day=15)]
    entries = claim_timeline(claims, numeric(claims, [(11000, [1, 2, 3]), (12000, [4])]), [])
    assert [e.claim_id for e in entries] == [3, 1, 2, 4]
    assert entries[0].at is None and entries[1].article_id == 101


def test_timeline_leaves_out_claims_that_say_nothing_about_the_conflict() -> None:
    on_topic, off_topic = claim(1, "A", fig(11000)), claim(2, "B", fig(3, "ferries"))
    conflict = numeric([on_topic], [(11000, [1])])
    entries = claim_timeline([on_topic, off_topic], conflict, [])
    assert [(e.claim_id, e.says, e.in_conflict) for e in entries] == [
        (1, "11,000 troops", True)]


def test_a_claim_outside_the_conflict_is_shown_but_not_marked_in_it() -> None:
    member, later = claim(1, "A", fig(11000), day=14), claim(2, "A", fig(12000), day=16)
    conflict = numeric([member], [(11000, [1])])
    entries = claim_timeline([member, later], conflict, find_updates([member, later]))
    assert [e.in_conflict for e in entries] == [True, False]
    assert (entries[0].replaced_by, entries[1].previous) == ("12,000", "11,000")


def test_with_several_updates_the_nearest_in_time_is_shown() -> None:
    claims = [claim(k, "A", fig(10000 + 1000 * k), day=10 + 2 * k) for k in (1, 2, 3, 4)]
    # every earlier figure is replaced by every later one, given in an order where the
    # nearest is neither the first nor the last given
    updates = [Update(outlet="A", earlier_claim_id=e, later_claim_id=lt, earlier=str(e),
                      later=str(lt), measure="troops")
               for e, lt in [(1, 4), (3, 4), (2, 4), (1, 2), (1, 3), (2, 3)]]
    entries = claim_timeline(claims, numeric(claims, [(11000, [1, 2, 3, 4])]), updates)
    assert [(e.previous, e.replaced_by) for e in entries] == [
        (None, "2"), ("1", "3"), ("2", "4"), ("3", None)]


def test_updates_about_claims_not_shown_are_ignored() -> None:
    shown = claim(1, "A", fig(11000))
    entries = claim_timeline([shown], numeric([shown], [(11000, [1])]),
                             [update(1, 99), update(98, 1)])
    assert (entries[0].previous, entries[0].replaced_by) == (None, None)
