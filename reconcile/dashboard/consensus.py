"""The consensus a review page shows: the cluster's estimate for the conflict's measure.

The value is never decided here. It comes from reconcile.truth.estimates (truth discovery over every
outlet's figures, reconcile/truth/consensus.py): one ConsensusOut per cluster and measure. This
module picks the estimate that applies to a conflict, says plainly when none does, and finds
the side whose interval holds the value. Pure: conflicts and estimates in, views out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from reconcile.dashboard.figures import interval_text
from reconcile.domain import Position, format_number, with_unit
from reconcile.models import ConflictOut, ConsensusOut

METHOD = ("Truth discovery: the weighted median of each outlet's latest figure, outlets weighted "
          "by their learned reliability and copies counted once; a value a reviewer accepted "
          "overrides the vote.")
Estimates = Mapping[int, Sequence[ConsensusOut]]
"""Truth.for_cluster's estimates by cluster id (a cluster without a numeric conflict may be
left out: it has nothing to look up)."""

NO_ATTRIBUTION = ("attribution conflicts have none: truth discovery weighs figures, not who "
                  "said them")
NO_MEASURE = "these figures were matched by their wording, with no measure to estimate"


class ConsensusView(BaseModel):
    """A consensus estimate as the pages show it, or why there is none."""

    model_config = ConfigDict(frozen=True)

    value: float | None = None
    """None when no estimate applies; `missing` says why."""
    low: float | None = None
    high: float | None = None
    """The interval the supporting figures share (None: open on that side, or no support)."""
    unit: str | None = None
    measure: str | None = None
    label: str = ""
    """'11,000 troops', '61%', 'USD 4.5bn'."""
    interval: str | None = None
    """'10,450–11,550' when the supporting figures' common ground is wider than the value."""
    ground_truth: bool = False
    """A reviewer accepted this value when resolving a conflict."""
    outlets: list[str] = []
    """Outlets whose figures agree with the value."""
    sources: list[str] = []
    claim_ids: list[int] = []
    position: int | None = None
    """The side of the conflict whose interval holds the value (None: no side does)."""
    missing: str | None = None


def value_label(value: float, unit: str | None, measure: str | None) -> str:
    """'11,000 troops', '61%': a value with its unit, then its measure ('unit:…' adds none)."""
    what = measure if measure and not measure.startswith("unit:") else ""
    return f"{with_unit(format_number(value), unit)} {what}".strip()


def estimate_view(estimate: ConsensusOut) -> ConsensusView:
    common = None
    if (estimate.low, estimate.high) != (estimate.value, estimate.value) and (
            estimate.low is not None or estimate.high is not None):
        common = interval_text(estimate.low, estimate.high, estimate.unit)
    return ConsensusView(
        value=estimate.value, low=estimate.low, high=estimate.high, unit=estimate.unit,
        measure=estimate.measure,
        label=value_label(estimate.value, estimate.unit, estimate.measure), interval=common,
        ground_truth=estimate.ground_truth, outlets=estimate.outlets, sources=estimate.sources,
        claim_ids=estimate.claim_ids,
    )


def estimate_for(conflict: ConflictOut, estimates: Sequence[ConsensusOut]
                 ) -> ConsensusOut | None:
    """The cluster's estimate for the quantity the conflict is about, if there is one."""
    if conflict.kind != "numeric" or conflict.measure is None:
        return None
    return next((e for e in estimates if e.measure == conflict.measure), None)


def holds(position: Position, value: float) -> bool:
    """Whether a side's interval holds the value (open ends hold everything beyond them)."""
    eps = 1e-9 * max(1.0, abs(value))
    low = -math.inf if position.low is None else position.low
    high = math.inf if position.high is None else position.high
    return low - eps <= value <= high + eps


def holding_position(positions: Sequence[Position], value: float) -> int | None:
    return next((i for i, p in enumerate(positions) if holds(p, value)), None)


def conflict_consensus(conflict: ConflictOut, estimates: Sequence[ConsensusOut]
                       ) -> ConsensusView:
    """The consensus for a conflict's measure in its cluster (`estimates`: Truth.for_cluster)."""
    estimate = estimate_for(conflict, estimates)
    if estimate is None:
        if conflict.kind != "numeric":
            why = NO_ATTRIBUTION
        elif conflict.measure is None:
            why = NO_MEASURE
        else:
            measure = conflict.measure.removeprefix("unit:")
            why = f"truth discovery has no estimate for {measure} in this cluster"
        return ConsensusView(measure=conflict.measure, missing=why)
    view = estimate_view(estimate)
    return view.model_copy(update={
        "position": holding_position(conflict.positions, estimate.value)})


def band(view: ConsensusView) -> tuple[float | None, float | None] | None:
    """The interval to shade on a chart: the supporting figures' common ground, at least the
    value itself (an accepted value nobody reported has no support)."""
    if view.value is None:
        return None
    if view.low is None and view.high is None:
        return view.value, view.value
    return view.low, view.high
