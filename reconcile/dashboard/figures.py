"""Figures as a reviewer reads them, and a provisional consensus over a conflict's positions.

Provisional on purpose: the consensus value and source reliability proper (issue 4) will come
from reconcile/consensus.py. Until then the dashboard uses the simplest rule it can state in
one line on the page: the position backed by the most distinct outlets is the consensus, and a
tie is no consensus. Pure: positions and numbers in, numbers and text out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from reconcile.conflicts import format_number
from reconcile.extract.claims import Figure
from reconcile.models import ConflictKind, Position

CONSENSUS_RULE = "the position most distinct outlets back; a tie is no consensus (provisional)"
MINUS = "\N{MINUS SIGN}"
EN_DASH = "\N{EN DASH}"


class Consensus(BaseModel):
    """What most outlets say, or why there is no such thing."""

    model_config = ConfigDict(frozen=True)

    position: int | None
    """Index into the conflict's positions; None when the outlets are split evenly."""
    label: str
    """The consensus position's label; without one, the evenly backed labels ('a vs b')."""
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    value: float | None = None
    """One number to offer a reviewer who resolves: the interval's midpoint or its one bound."""
    outlets: int
    total_outlets: int
    rule: str = CONSENSUS_RULE


def majority_position(positions: Sequence[Position]) -> int | None:
    """Index of the position with the most distinct outlets, None on a tie or no positions."""
    counts = [len(set(p.outlets)) for p in positions]
    if not counts:
        return None
    best = max(counts)
    return counts.index(best) if counts.count(best) == 1 else None


def provisional_consensus(positions: Sequence[Position]) -> Consensus:
    total = len({o for p in positions for o in p.outlets})
    index = majority_position(positions)
    if index is None:
        best = max((len(set(p.outlets)) for p in positions), default=0)
        tied = [p.label for p in positions if len(set(p.outlets)) == best]
        label = " vs ".join(tied) if tied else "no positions"
        return Consensus(position=None, label=label, outlets=best, total_outlets=total)
    chosen = positions[index]
    return Consensus(
        position=index, label=chosen.label, low=chosen.low, high=chosen.high, unit=chosen.unit,
        value=representative_value(chosen.low, chosen.high),
        outlets=len(set(chosen.outlets)), total_outlets=total,
    )


def representative_value(low: float | None, high: float | None) -> float | None:
    if low is not None and high is not None:
        return low if low == high else (low + high) / 2
    return low if low is not None else high


def figure_key(figure: Figure) -> str | None:
    """The quantity a figure states, as conflicts name it: its measure or 'unit:<unit>'."""
    return figure.measure or (f"unit:{figure.unit}" if figure.unit else None)


def _contains(figure: Figure, low: float | None, high: float | None) -> bool:
    eps = 1e-9 * max(1.0, abs(low or 0.0), abs(high or 0.0))
    low_ok = figure.low is None or (low is not None and figure.low <= low + eps)
    high_ok = figure.high is None or (high is not None and figure.high >= high - eps)
    return low_ok and high_ok


def position_figure(values: Sequence[Figure], position: Position, measure: str | None
                    ) -> Figure | None:
    """Which of a claim's figures put it on this side of a numeric conflict.

    A position's interval is the intersection of its members' intervals, so the member's
    figure contains it. Among the figures of the conflict's measure (all figures when the
    conflict was aligned by context and has none), the first that contains it; failing that,
    the first of the measure.
    """
    candidates = [f for f in values if measure is None or figure_key(f) == measure]
    candidates = candidates or list(values)
    return next((f for f in candidates if _contains(f, position.low, position.high)),
                candidates[0] if candidates else None)


# --- text -------------------------------------------------------------------------------------


def with_unit(number: str, unit: str | None) -> str:
    """'61%', 'USD 4.5bn', '12 km', '11,000': units the way the extractor names them."""
    if not unit:
        return number
    if unit in {"%", "pp"}:
        return f"{number}{unit}" if unit == "%" else f"{number} pp"
    if unit.isupper():
        return f"{unit} {number}"
    return f"{number} {unit}"


def interval_text(low: float | None, high: float | None, unit: str | None = None) -> str:
    """'11,000', '10,450–11,550', '≥ 10,000', '≤ 5', 'any value' for a figure's interval."""
    if low is not None and high is not None:
        if math.isclose(low, high):
            return with_unit(format_number(low), unit)
        return with_unit(f"{format_number(low)}{EN_DASH}{format_number(high)}", unit)
    if low is not None:
        return "≥ " + with_unit(format_number(low), unit)
    if high is not None:
        return "≤ " + with_unit(format_number(high), unit)
    return "any value"


def difference_text(value: float | None, reference: float | None, unit: str | None = None
                    ) -> str | None:
    """'+1,000 (+9.1%)' for 12,000 against 11,000; None when there is nothing to compare."""
    if value is None or reference is None:
        return None
    delta = value - reference
    if math.isclose(delta, 0.0, abs_tol=1e-12):
        return "same"
    sign = "+" if delta > 0 else MINUS
    absolute = with_unit(format_number(abs(delta)), unit if unit != "%" else "pp")
    if reference == 0:
        return f"{sign}{absolute}"
    relative = abs(delta) / abs(reference) * 100
    pct = f"{relative:.1f}".rstrip("0").rstrip(".")
    return f"{sign}{absolute} ({sign}{pct}%)"


_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9,
           "billion": 1e9}
_VALUE = re.compile(r"^(?P<sign>[-−+]?)(?P<num>\d+(?:\.\d+)?)\s*(?P<scale>[a-z]*)\s*%?$")


def parse_value(text: str) -> float:
    """A reviewer's typed number: '11,000', '11 000', '11k', '1.2m', '4.5bn', '61.4%'."""
    cleaned = re.sub(r"(?<=\d)[,\s\u2009\u202f](?=\d{3}\b)", "", text.strip().lower())
    m = _VALUE.match(cleaned)
    if not m or (m.group("scale") and m.group("scale") not in _SCALES):
        raise ValueError(f"not a number: {text.strip()!r} (write it like 11,000 or 1.2m)")
    value = float(m.group("num")) * _SCALES.get(m.group("scale"), 1.0)
    return -value if m.group("sign") in {"-", "−"} else value


# --- a provisional reliability proxy ------------------------------------------------------------


class Tally(BaseModel):
    """One outlet's (or source's) claims in active conflicts."""

    in_conflict: int = 0
    """Claims that sit in some position of an active conflict (numeric or attribution)."""
    scored: int = 0
    """Of those, numeric claims in conflicts that have a majority position."""
    in_majority: int = 0
    """Of the scored, claims in the majority position."""

    @property
    def share(self) -> float | None:
        """The proxy: how often this party's disputed figures side with most outlets."""
        return self.in_majority / self.scored if self.scored else None


def majority_tally(conflicts: Iterable[tuple[ConflictKind, Sequence[Position]]],
                   owner: Mapping[int, str | None]) -> dict[str, Tally]:
    """Count, per owner of a claim (an outlet or a source key), its disputed claims.

    Only numeric conflicts score: in an attribution conflict the 'majority' is which person
    most outlets credit, which says more about the outlets than about the figures.
    """
    out: dict[str, Tally] = {}
    for kind, positions in conflicts:
        winner = majority_position(positions)
        for index, position in enumerate(positions):
            for claim_id in position.claim_ids:
                who = owner.get(claim_id)
                if who is None:
                    continue
                tally = out.setdefault(who, Tally())
                tally.in_conflict += 1
                if kind == "numeric" and winner is not None:
                    tally.scored += 1
                    tally.in_majority += index == winner
    return out


def share_text(tally: Tally | None) -> str:
    """'67% (2 of 3)' or '—' when nothing could be scored."""
    if tally is None or tally.share is None:
        return "—"
    return f"{round(tally.share * 100)}% ({tally.in_majority} of {tally.scored})"
