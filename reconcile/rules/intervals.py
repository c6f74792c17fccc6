"""When two figures can both be true: interval overlap, open ends, units and rounding."""

from __future__ import annotations

import math
from datetime import date

from reconcile.domain import Figure
from reconcile.extract.stamps import YEARLESS

# Units that convert into one another, as factors to a base unit of their dimension.
_CONVERSIONS: dict[str, tuple[str, float]] = {
    "second": ("time", 1 / 86400), "minute": ("time", 1 / 1440), "hour": ("time", 1 / 24),
    "day": ("time", 1.0), "week": ("time", 7.0), "month": ("time", 30.4375),
    "year": ("time", 365.25),
    "metre": ("length", 1.0), "km": ("length", 1000.0), "mile": ("length", 1609.344),
    "foot": ("length", 0.3048), "inch": ("length", 0.0254),
    # a building's floor is 3 to 4 metres: the height a storey stands for, see _LOOSE
    "storey": ("length", 3.5),
    "kg": ("mass", 1.0), "tonne": ("mass", 1000.0), "pound": ("mass", 0.45359237),
}


def comparable_units(a: str | None, b: str | None) -> bool:
    if a == b:
        return True
    if a in _CONVERSIONS and b in _CONVERSIONS:
        return _CONVERSIONS[a][0] == _CONVERSIONS[b][0]
    return {a, b} == _DATES


_DATES = frozenset({"date", "monthday"})


def yearless(f: Figure) -> Figure | None:
    """A calendar date as the date of its year ("May 2014" as "May"), to compare with a date
    written without a year ("hired in April"); None for a whole year or a span across years,
    which says nothing about the month."""
    if f.unit != "date" or f.low is None or f.high is None:
        return f if f.unit == "monthday" else None
    first, last = date.fromordinal(int(f.low)), date.fromordinal(int(f.high))
    if first.year != last.year or (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return None
    try:
        lo = first.replace(year=YEARLESS).toordinal()
        hi = last.replace(year=YEARLESS).toordinal()
    except ValueError:
        return None
    return f.model_copy(update={"unit": "monthday", "low": float(lo), "high": float(hi),
                                "value": (lo + hi) / 2})


def _in_common_units(a: Figure, b: Figure) -> tuple[Figure, Figure] | None:
    """The two figures in units they can be compared in (a dated and a yearless date both
    yearless); None when one of them cannot be."""
    if {a.unit, b.unit} == _DATES:
        ya, yb = yearless(a), yearless(b)
        return (ya, yb) if ya is not None and yb is not None else None
    return a, b


def _base(x: float | None, unit: str | None) -> float | None:
    if x is None or unit not in _CONVERSIONS:
        return x
    return x * _CONVERSIONS[unit][1]


def compatible(a: Figure, b: Figure) -> bool:
    """True when some value satisfies both figures (allowing for rounding in the text)."""
    if not comparable_units(a.unit, b.unit):
        return True  # not the same quantity: nothing to disagree about
    common = _in_common_units(a, b)
    if common is None:
        return True
    a, b = common
    alo, ahi = _base(a.low, a.unit), _base(a.high, a.unit)
    blo, bhi = _base(b.low, b.unit), _base(b.high, b.unit)
    lo_a = -math.inf if alo is None else alo
    lo_b = -math.inf if blo is None else blo
    hi_a = math.inf if ahi is None else ahi
    hi_b = math.inf if bhi is None else bhi
    lo, hi = max(lo_a, lo_b), min(hi_a, hi_b)
    if math.isinf(hi) or math.isinf(lo):
        # unbounded on the side they share: they meet unless one ends before the other starts
        return lo < hi
    if lo < hi - 1e-9 * max(1.0, abs(hi)):
        return True
    if math.isclose(lo, hi, rel_tol=1e-9, abs_tol=1e-12):
        lo_open = (a.low_open and math.isclose(lo_a, lo)) or (b.low_open and math.isclose(lo_b, lo))
        hi_open = (a.high_open and math.isclose(hi_a, hi)) or (
            b.high_open and math.isclose(hi_b, hi))
        if not (lo_open or hi_open):
            return True
    return (_rounds_to(a, b) or _rounds_to(b, a) or _dropped_bound(a, b) or _dropped_bound(b, a)
            or _converted(a, b))


# A figure converted from another unit is printed rounded ("60 km (37 miles)"): allow this
# much relative difference between figures in two units of one dimension.
CONVERSION_TOLERANCE = 0.025
# Units that stand for a size only roughly: how far their conversion may be off.
_LOOSE = {"storey": 0.25}


def _converted(a: Figure, b: Figure) -> bool:
    if a.unit == b.unit or a.unit not in _CONVERSIONS or b.unit not in _CONVERSIONS:
        return False
    x, y = _base(a.value, a.unit), _base(b.value, b.unit)
    assert x is not None and y is not None
    tolerance = max(_LOOSE.get(a.unit or "", CONVERSION_TOLERANCE),
                    _LOOSE.get(b.unit or "", CONVERSION_TOLERANCE))
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


_BOUNDS = frozenset({"more than", "at least", "fewer than", "up to", "just over", "nearly"})
_NEAR_BOUNDS = frozenset({"just over", "nearly"})


def _dropped_bound(plain: Figure, bounded: Figure) -> bool:
    """'2,000 power lines' ~ 'more than 2,000 power lines': news copy routinely prints a large
    round figure without its bound, and a bound counted in dozens ('more than two dozen') is as
    round as one in thousands: 24 counted does not contradict it. Small or precise values keep
    their strict meaning ('2 cards' vs 'more than 2 cards' still disagree)."""
    if plain.hedge is not None or bounded.hedge not in _BOUNDS:
        return False
    if bounded.hedge in _NEAR_BOUNDS and plain.value == bounded.value:
        return True  # "just over 59%" is what "59%" rounds
    v = plain.value
    round_bound = (v >= 1000 and v % 1000 == 0) or "dozen" in bounded.raw.lower()
    return v == bounded.value and round_bound


def _rounds_to(coarse: Figure, fine: Figure) -> bool:
    """'61%' ~ '61.4%': the finer point value, rounded as the coarser was written, equals it."""
    if coarse.hedge is not None or fine.hedge is not None or coarse.unit != fine.unit:
        return False
    if coarse.precision <= fine.precision:
        return False
    rounded = math.floor(fine.value / coarse.precision + 0.5) * coarse.precision
    return math.isclose(rounded, coarse.value, rel_tol=1e-9)


def value_distance(a: Figure, b: Figure) -> float:
    """How far apart two figures' values are in their common unit (days between two dates,
    minutes between two times of day, metres between two lengths)."""
    common = _in_common_units(a, b)
    if common is not None:
        a, b = common
    x, y = _base(a.value, a.unit), _base(b.value, b.unit)
    assert x is not None and y is not None
    return abs(x - y)


def gap(a: Figure, b: Figure) -> float:
    """Distance between two disjoint intervals relative to their magnitude (0 when they meet)."""
    common = _in_common_units(a, b)
    if common is not None:
        a, b = common
    lows = _base(a.low, a.unit), _base(b.low, b.unit)
    highs = _base(a.high, a.unit), _base(b.high, b.unit)
    alo = lows[0] if lows[0] is not None else -math.inf
    ahi = highs[0] if highs[0] is not None else math.inf
    blo = lows[1] if lows[1] is not None else -math.inf
    bhi = highs[1] if highs[1] is not None else math.inf
    distance = max(blo - ahi, alo - bhi, 0.0)
    if math.isinf(distance):
        return 1.0
    scale = max(abs(_base(a.value, a.unit) or 0.0), abs(_base(b.value, b.unit) or 0.0), 1e-9)
    return distance / scale
