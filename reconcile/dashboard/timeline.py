"""When each outlet said what: a cluster's claims in publication order, updates called out.

An outlet that prints 11,000 and later 12,000 has updated its figure; the reviewer should see
that happen rather than two unrelated rows. What counts as an update is decided once, by
reconcile.rules.conflicts.find_updates (the rule that also keeps an outlet's earlier figure out of
its conflicts); the timeline only lays those updates out. Pure: claims, the conflict and the
updates in, entries out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from reconcile.dashboard.figures import position_figure
from reconcile.domain import Figure, Update
from reconcile.models import ClaimOut, ConflictOut
from reconcile.rules.conflicts import describe


class TimelineEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: datetime | None
    outlet: str
    claim_id: int
    article_id: int
    says: str
    """The figure as a reviewer reads it, or who the statement is credited to."""
    previous: str | None = None
    """The outlet's earlier figure that this claim replaces (an update)."""
    replaced_by: str | None = None
    """The outlet's later figure that replaces this claim's."""
    in_conflict: bool


def conflict_figure(conflict: ConflictOut, claim: ClaimOut) -> Figure | None:
    """The figure a claim contributes to a numeric conflict.

    For a claim on one of the sides, the figure that puts it there. For another claim of the
    cluster (an outlet's earlier or later version), the first figure of the conflict's measure;
    a conflict aligned by context alone has no measure, and then such a claim says nothing
    the dashboard can line up with certainty.
    """
    for position in conflict.positions:
        if claim.id in position.claim_ids:
            return position_figure(claim.values, position, conflict.measure)
    if conflict.measure is None:
        return None
    return next((f for f in claim.values if f.key == conflict.measure), None)


def claim_says(conflict: ConflictOut, claim: ClaimOut) -> str | None:
    """What a claim contributes to this conflict; None when it says nothing about it."""
    if conflict.kind == "attribution":
        return f"credited to {claim.source.name}" if claim.source else None
    figure = conflict_figure(conflict, claim)
    return describe(figure, conflict.measure) if figure else None


def _order(claim: ClaimOut) -> tuple[float, int]:
    return claim.published_at.timestamp() if claim.published_at else -math.inf, claim.id


def conflict_updates(conflict: ConflictOut, updates: Sequence[Update]) -> list[Update]:
    """The updates about the conflict's quantity (none for an attribution conflict)."""
    if conflict.kind != "numeric":
        return []
    return [u for u in updates if u.measure == conflict.measure]


def claim_timeline(claims: Sequence[ClaimOut], conflict: ConflictOut, updates: Sequence[Update]
                   ) -> list[TimelineEntry]:
    """Every claim that speaks to the conflict, oldest first (undated claims first), each with
    the update (`updates`: find_updates over the same claims) that it makes or that replaces
    it. When several do, the nearest in time: 11,000 → 12,000 → 12,500 reads as two steps."""
    order = {c.id: _order(c) for c in claims}
    relevant = conflict_updates(conflict, updates)
    previous: dict[int, Update] = {}
    replaced: dict[int, Update] = {}
    for u in relevant:
        if u.later_claim_id in order and u.earlier_claim_id in order:
            best = previous.get(u.later_claim_id)
            if best is None or order[u.earlier_claim_id] > order[best.earlier_claim_id]:
                previous[u.later_claim_id] = u
            best = replaced.get(u.earlier_claim_id)
            if best is None or order[u.later_claim_id] < order[best.later_claim_id]:
                replaced[u.earlier_claim_id] = u
    in_conflict = {c.id for c in conflict.claims}
    out: list[TimelineEntry] = []
    for claim in sorted(claims, key=_order):
        says = claim_says(conflict, claim)
        if says is None:
            continue
        before, after = previous.get(claim.id), replaced.get(claim.id)
        out.append(TimelineEntry(
            at=claim.published_at, outlet=claim.outlet, claim_id=claim.id,
            article_id=claim.article_id, says=says,
            previous=before.earlier if before else None,
            replaced_by=after.later if after else None,
            in_conflict=claim.id in in_conflict,
        ))
    return out
