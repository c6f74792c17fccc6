"""Figures as a reviewer reads them: intervals, differences, typed values, which figure counts.

Pure: numbers and figures in, numbers and text out. The consensus itself comes from
reconcile.truth.estimates (see reconcile/dashboard/consensus.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from reconcile.domain import Figure, Position, format_number, with_unit

MINUS = "\N{MINUS SIGN}"
EN_DASH = "\N{EN DASH}"


def representative_value(low: float | None, high: float | None) -> float | None:
    """One number for a side: its value, the interval's midpoint or its one bound."""
    if low is not None and high is not None:
        return low if low == high else (low + high) / 2
    return low if low is not None else high


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
    candidates = [f for f in values if measure is None or f.key == measure]
    candidates = candidates or list(values)
    return next((f for f in candidates if _contains(f, position.low, position.high)),
                candidates[0] if candidates else None)


# --- text -------------------------------------------------------------------------------------


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
