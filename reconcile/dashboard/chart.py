"""Geometry of the interval chart: each outlet's figure on one axis, the consensus marked.

The consensus (value and band) is truth discovery's (reconcile.truth.estimates), handed in; the
chart only places it.

The template draws what this computes (inline SVG, no script), so everything that decides a
pixel lives here and is tested without a browser. Open-ended figures ('more than 10,000') run
to the edge of the plot with an arrow; point values are dots.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from reconcile.dashboard.figures import interval_text
from reconcile.domain import format_number, with_unit

WIDTH = 720
LABEL_WIDTH = 210
ROW_HEIGHT = 26
TOP = 10
AXIS_HEIGHT = 34
RIGHT_PAD = 24
MIN_BAR = 3.0
LABEL_CHARS = 30


class ChartRow(BaseModel):
    """One claim's figure."""

    model_config = ConfigDict(frozen=True)

    label: str
    low: float | None
    high: float | None
    value: float
    group: int
    """Which position of the conflict the claim sits in (colours the bar)."""
    claim_id: int
    text: str
    """The figure as written, for the tooltip and the table the chart comes with."""


class Bar(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str
    short: str
    """The label cut to fit the label column (the full one is in the chart's data table)."""
    text: str
    interval: str
    """The interval the text means: '10,450–11,550', '≥ 10,000'."""
    y: float
    x1: float
    x2: float
    cx: float
    point: bool
    open_low: bool
    open_high: bool
    group: int
    claim_id: int
    in_consensus: bool


class Tick(BaseModel):
    model_config = ConfigDict(frozen=True)

    x: float
    label: str


class Chart(BaseModel):
    model_config = ConfigDict(frozen=True)

    width: int
    height: int
    plot_left: float
    plot_right: float
    axis_y: float
    domain: tuple[float, float]
    bars: list[Bar]
    ticks: list[Tick]
    band: tuple[float, float] | None
    """x1, x2 of the consensus interval; None without a consensus."""
    marker: float | None
    """x of the consensus value itself."""
    marker_label: str
    """'consensus 11,000' or 'accepted 12,000' under the axis at the marker."""


def nice_step(span: float, count: int = 5) -> float:
    """A step of 1, 2 or 5 times a power of ten giving about `count` intervals over `span`."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return float(factor * power)
    return 10 * power  # pragma: no cover  # the loop always returns


def nice_domain(lo: float, hi: float, count: int = 5) -> tuple[float, float, float]:
    """(start, end, step): the data range padded a little and widened to whole steps."""
    if math.isclose(lo, hi):
        pad = max(abs(lo) * 0.05, 1.0)
        lo, hi = lo - pad, hi + pad
    pad = (hi - lo) * 0.08
    step = nice_step(hi - lo + 2 * pad, count)
    start = math.floor((lo - pad) / step) * step
    end = math.ceil((hi + pad) / step) * step
    if lo >= 0 and start < 0:
        start = 0.0  # counts and shares never go below zero; the axis should not either
    return start, end, step


def interval_chart(rows: Sequence[ChartRow], consensus: tuple[float | None, float | None] | None,
                   unit: str | None = None, width: int = WIDTH, *, value: float | None = None,
                   accepted: bool = False) -> Chart | None:
    """Lay the rows out top to bottom on one shared axis; None when there is nothing to draw.

    `consensus` is the band to shade, `value` the consensus value to mark with a line,
    `accepted` whether a reviewer accepted it (the label says so).
    """
    if not rows:
        return None
    finite = [x for r in rows for x in (r.low, r.high, r.value) if x is not None]
    if consensus:
        finite += [x for x in consensus if x is not None]
    if value is not None:
        finite.append(value)
    start, end, step = nice_domain(min(finite), max(finite))
    left, right = float(LABEL_WIDTH), float(width - RIGHT_PAD)

    def x(v: float) -> float:
        return round(left + (v - start) / (end - start) * (right - left), 1)

    band = None
    if consensus and (consensus[0] is not None or consensus[1] is not None):
        b1 = x(consensus[0]) if consensus[0] is not None else left
        b2 = x(consensus[1]) if consensus[1] is not None else right
        band = _widen(b1, b2)
    bars = []
    for i, row in enumerate(rows):
        x1 = x(row.low) if row.low is not None else left
        x2 = x(row.high) if row.high is not None else right
        point = row.low is not None and row.high is not None and math.isclose(row.low, row.high)
        if not point:
            x1, x2 = _widen(x1, x2)
        bars.append(Bar(
            label=row.label, short=shorten(row.label), text=row.text,
            interval=interval_text(row.low, row.high, unit),
            y=TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2, x1=x1, x2=x2, cx=x(row.value),
            point=point, open_low=row.low is None, open_high=row.high is None,
            group=row.group, claim_id=row.claim_id, in_consensus=_inside(row, consensus),
        ))
    ticks = [Tick(x=x(v), label=with_unit(format_number(v), unit))
             for v in _steps(start, end, step)]
    axis_y = TOP + len(rows) * ROW_HEIGHT + 4
    label = ""
    if value is not None:
        label = ("accepted " if accepted else "consensus ") + with_unit(format_number(value), unit)
    return Chart(width=width, height=int(axis_y + AXIS_HEIGHT), plot_left=left, plot_right=right,
                 axis_y=axis_y, domain=(start, end), bars=bars, ticks=ticks, band=band,
                 marker=x(value) if value is not None else None, marker_label=label)


def shorten(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _widen(x1: float, x2: float) -> tuple[float, float]:
    """Keep a narrow interval visible: at least MIN_BAR pixels, centred where it was."""
    if x2 - x1 >= MIN_BAR:
        return x1, x2
    mid = (x1 + x2) / 2
    return round(mid - MIN_BAR / 2, 1), round(mid + MIN_BAR / 2, 1)


def _steps(start: float, end: float, step: float) -> list[float]:
    n = round((end - start) / step)
    return [round(start + i * step, 10) for i in range(n + 1)]


def _inside(row: ChartRow, consensus: tuple[float | None, float | None] | None) -> bool:
    """Whether the row's value lies within the consensus interval (inclusive)."""
    if not consensus:
        return False
    lo = -math.inf if consensus[0] is None else consensus[0]
    hi = math.inf if consensus[1] is None else consensus[1]
    return lo - 1e-9 <= row.value <= hi + 1e-9
