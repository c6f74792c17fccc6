"""When each outlet said what: a cluster's claims in publication order, updates called out.

An outlet that prints 11,000 and later 12,000 has updated its figure (the conflict rules treat
the later one as superseding the earlier); the reviewer should see that happen rather than
two unrelated rows. Pure: claims and the conflict in, entries out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from reconcile.conflicts import describe
from reconcile.dashboard.figures import figure_key, position_figure
from reconcile.extract.claims import Figure
from reconcile.models import ClaimOut, ConflictOut

Change = Literal["first", "same", "updated"]


class TimelineEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: datetime | None
    outlet: str
    claim_id: int
    article_id: int
    says: str
    """The figure as a reviewer reads it, or who the statement is credited to."""
    change: Change
    previous: str | None = None
    """What the outlet said before, when this entry changes it."""
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
    return next((f for f in claim.values if figure_key(f) == conflict.measure), None)


def claim_says(conflict: ConflictOut, claim: ClaimOut) -> str | None:
    """What a claim contributes to this conflict; None when it says nothing about it."""
    if conflict.kind == "attribution":
        return f"credited to {claim.source.name}" if claim.source else None
    figure = conflict_figure(conflict, claim)
    return describe(figure, conflict.measure) if figure else None


def claim_timeline(claims: Sequence[ClaimOut], conflict: ConflictOut) -> list[TimelineEntry]:
    """Every claim that speaks to the conflict, oldest first; undated claims come first."""
    in_conflict = {c.id for c in conflict.claims}
    dated = sorted(claims, key=lambda c: (
        c.published_at.timestamp() if c.published_at else -math.inf, c.id))
    last: dict[str, str] = {}
    out: list[TimelineEntry] = []
    for claim in dated:
        says = claim_says(conflict, claim)
        if says is None:
            continue
        before = last.get(claim.outlet)
        change: Change = "first" if before is None else "same" if before == says else "updated"
        out.append(TimelineEntry(
            at=claim.published_at, outlet=claim.outlet, claim_id=claim.id,
            article_id=claim.article_id, says=says, change=change,
            previous=before if change == "updated" else None,
            in_conflict=claim.id in in_conflict,
        ))
        last[claim.outlet] = says
    return out
