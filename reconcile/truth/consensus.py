"""Consensus values and source reliability: truth discovery over every cluster at once.

The method is a weighted median with weights learned iteratively (in the spirit of CRH, Li et
al. 2014, for continuous data):

1. Every outlet starts with weight 1.
2. For each item (a cluster and a measure), the consensus is the weighted median of the values
   reported for it, each outlet's latest figure counting once. Outlets that copy one another
   (near-identical sentences in one cluster) share one vote. A value a reviewer accepted when
   resolving a conflict is the ground truth for its item and overrides the vote.
3. Each outlet's reliability is the share of its figures that are compatible with their items'
   consensus, Laplace-smoothed ((agree + 1) / (compared + 2)); items only it reports do not
   count. Its weight for the next round is that reliability.
4. Repeat until the weights move less than 1e-4 (at most 20 rounds).

Credited sources (the people and bodies quoted) get a reliability the same way, from the
claims credited to them. Pure: observations in, estimates out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from reconcile.domain import Figure, StoredClaim
from reconcile.extract.names import same_source, source_key
from reconcile.rules.alignment import STAMP_KINDS
from reconcile.rules.intervals import compatible

COPY_SIMILARITY = 95.0
MAX_ROUNDS = 20


@dataclass(frozen=True)
class Observation:
    item: tuple[int, str]  # (cluster id, measure)
    claim_id: int
    outlet: str
    source: str | None
    text: str
    figure: Figure


@dataclass
class Estimate:
    item: tuple[int, str]
    value: float
    low: float | None
    high: float | None
    unit: str | None
    ground_truth: bool
    outlets: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    claim_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Reliability:
    name: str
    score: float
    agree: int
    compared: int
    claims: int


@dataclass
class Result:
    estimates: dict[tuple[int, str], Estimate]
    outlets: dict[str, Reliability]
    sources: dict[str, Reliability]


def point(f: Figure) -> float:
    """The single value that stands for a figure's interval."""
    if f.low is not None and f.high is not None:
        return (f.low + f.high) / 2 if f.hedge in {"range", "vague", "around"} else f.value
    return f.value


def weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    pairs = sorted(zip(values, weights, strict=True))
    total = sum(w for _, w in pairs)
    running = 0.0
    for v, w in pairs:
        running += w
        if running >= total / 2:
            return v
    return pairs[-1][0]


def _copy_groups(obs: list[Observation]) -> list[list[Observation]]:
    """Observations whose sentences are near-identical across outlets: one vote between them."""
    groups: list[list[Observation]] = []
    for o in obs:
        for g in groups:
            if g[0].outlet != o.outlet and fuzz.ratio(g[0].text, o.text) >= COPY_SIMILARITY:
                g.append(o)
                break
        else:
            groups.append([o])
    return groups


def canonical_names(names: Iterable[str]) -> dict[str, str]:
    """Each spelling of a source -> one name for it ('Kondratenko' and 'Col. Oleksandr
    Kondratenko' -> 'Oleksandr Kondratenko'): the longest spelling among those same_source
    links. Names are compared only within the same surname, so this stays near-linear."""
    by_surname: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(names), key=lambda n: (-len(n), n)):
        key = source_key(name).split()
        by_surname[key[-1] if key else ""].append(name)
    out: dict[str, str] = {}
    for group in by_surname.values():
        heads: list[str] = []
        for name in group:  # longest first, so a head is the fullest spelling
            head = next((h for h in heads if same_source(h, name)), None)
            if head is None:
                heads.append(name)
            out[name] = head or name
    return out


def observations(claims: Sequence[StoredClaim]) -> list[Observation]:
    """Each outlet's latest figure per cluster and measure (earlier ones were updated)."""
    names = canonical_names(c.source.name for c in claims if c.source)
    latest: dict[tuple[int, str, str], tuple[tuple[float, int], Observation]] = {}
    for c in claims:
        order = (c.published_at.timestamp() if c.published_at else -math.inf, c.id)
        seen: set[str] = set()
        for f in c.values:
            key = f.key
            if key is None or key in seen or f.hedge == "vague" or f.unit in STAMP_KINDS:
                continue  # dates, times and ages are not amounts to take a median of
            seen.add(key)
            obs = Observation((c.cluster_id, key), c.id, c.outlet,
                              names[c.source.name] if c.source else None, c.text, f)
            slot = (c.cluster_id, key, c.outlet)
            if slot not in latest or latest[slot][0] < order:
                latest[slot] = (order, obs)
    return [o for _, o in latest.values()]


def estimate(observations: Iterable[Observation],
             ground_truth: dict[tuple[int, str], float] | None = None,
             weights: dict[str, float] | None = None, rounds: int = MAX_ROUNDS) -> Result:
    """Consensus per item and reliability per outlet and source; `weights` seeds the outlets'
    weights (learned earlier, e.g. across all stories) and `rounds` bounds the iterations."""
    truth = ground_truth or {}
    items: dict[tuple[int, str], list[Observation]] = defaultdict(list)
    for o in observations:
        items[o.item].append(o)
    outlets = {o.outlet for obs in items.values() for o in obs}
    start = weights or {}
    weights = {name: start.get(name, 1.0) for name in outlets}
    consensus: dict[tuple[int, str], float] = {}
    for _ in range(rounds):
        for item, obs in items.items():
            if item in truth:
                consensus[item] = truth[item]
                continue
            values, ws = [], []
            for group in _copy_groups(obs):
                share = 1.0 / len(group)
                for o in group:
                    values.append(point(o.figure))
                    ws.append(weights[o.outlet] * share)
            consensus[item] = weighted_median(values, ws)
        outlet_rel = _reliabilities(items, consensus, key=lambda o: o.outlet)
        new = {name: outlet_rel[name].score if name in outlet_rel else 0.5 for name in outlets}
        moved = max((abs(new[n] - weights[n]) for n in outlets), default=0.0)
        weights = new
        if moved < 1e-4:
            break
    estimates = {item: _estimate(item, obs, consensus[item], item in truth)
                 for item, obs in items.items()}
    return Result(
        estimates,
        _reliabilities(items, consensus, key=lambda o: o.outlet),
        _reliabilities(items, consensus, key=lambda o: o.source),
    )


def _agrees(f: Figure, value: float) -> bool:
    exact = Figure(raw="", value=value, low=value, high=value, unit=f.unit, start=0, end=0)
    return compatible(f, exact)


def _reliabilities(items: dict[tuple[int, str], list[Observation]],
                   consensus: dict[tuple[int, str], float], key: object
                   ) -> dict[str, Reliability]:
    get = key  # a function Observation -> name or None
    agree: dict[str, int] = defaultdict(int)
    compared: dict[str, int] = defaultdict(int)
    claims: dict[str, int] = defaultdict(int)
    for item, obs in items.items():
        contested = len({o.outlet for o in obs}) > 1
        for o in obs:
            name = get(o)  # type: ignore[operator]
            if not name:
                continue
            claims[name] += 1
            if contested:
                compared[name] += 1
                agree[name] += _agrees(o.figure, consensus[item])
    return {
        name: Reliability(name, round((agree[name] + 1) / (compared[name] + 2), 4), agree[name],
                          compared[name], claims[name])
        for name in claims
    }


def _estimate(item: tuple[int, str], obs: list[Observation], value: float, is_truth: bool
              ) -> Estimate:
    support = [o for o in obs if _agrees(o.figure, value)]
    lows = [o.figure.low for o in support if o.figure.low is not None]
    highs = [o.figure.high for o in support if o.figure.high is not None]
    low = max(lows) if lows else None
    high = min(highs) if highs else None
    if low is not None and high is not None and low > high:
        low = high = value
    unit = next((o.figure.unit for o in obs), None)
    return Estimate(
        item=item, value=value, low=low if low is not None and not math.isinf(low) else None,
        high=high, unit=unit, ground_truth=is_truth,
        outlets=sorted({o.outlet for o in support}),
        sources=sorted({o.source for o in support if o.source}),
        claim_ids=sorted(o.claim_id for o in support),
    )
