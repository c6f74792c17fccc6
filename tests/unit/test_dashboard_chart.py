"""The interval chart's geometry: one shared axis, open ends, points, the consensus band."""

from __future__ import annotations

import math

import pytest

from reconcile.dashboard.chart import (
    LABEL_WIDTH,
    MIN_BAR,
    RIGHT_PAD,
    ROW_HEIGHT,
    WIDTH,
    ChartRow,
    interval_chart,
    nice_domain,
    nice_step,
    shorten,
)


def row(label: str, low: float | None, high: float | None, value: float, group: int = 0,
        claim_id: int = 1) -> ChartRow:
    return ChartRow(label=label, low=low, high=high, value=value, group=group,
                    claim_id=claim_id, text=f"{value:g}")


@pytest.mark.parametrize(("span", "step"), [
    (1000, 200), (1, 0.2), (7, 2), (130, 50), (0.03, 0.01), (2_000_000, 500_000),
])
def test_nice_step_is_one_two_or_five_times_a_power_of_ten(span: float, step: float) -> None:
    assert nice_step(span) == pytest.approx(step)


@pytest.mark.parametrize("span", [0, -3, math.inf])
def test_nice_step_of_a_degenerate_span_is_one(span: float) -> None:
    assert nice_step(span) == 1.0


def test_nice_domain_covers_the_data_in_whole_steps() -> None:
    start, end, step = nice_domain(11000, 12000)
    assert start <= 11000 and end >= 12000
    assert (start / step).is_integer() and (end / step).is_integer()
    assert end - start <= 3 * (12000 - 11000)


def test_nice_domain_widens_a_single_value() -> None:
    start, end, _ = nice_domain(11000, 11000)
    assert start < 11000 < end


def test_nice_domain_does_not_go_below_zero_for_counts() -> None:
    start, _, _ = nice_domain(0, 5)
    assert start == 0


def test_nice_domain_keeps_negative_data() -> None:
    start, end, _ = nice_domain(-5, 5)
    assert start <= -5 and end >= 5


def test_nothing_to_draw_is_no_chart() -> None:
    assert interval_chart([], None) is None


def test_points_and_intervals_share_one_axis() -> None:
    rows = [row("Harbour Gazette", 11000, 11000, 11000, claim_id=1),
            row("Continental Dispatch", 10450, 11550, 11000, claim_id=2),
            row("Meridian Post", 12000, 12000, 12000, group=1, claim_id=3)]
    chart = interval_chart(rows, (11000, 11000))
    assert chart is not None
    point, hedged, other = chart.bars
    assert point.point and point.x1 == point.x2 == point.cx
    assert not hedged.point and hedged.x1 < hedged.cx < hedged.x2
    assert hedged.cx == point.cx  # the same value lands on the same pixel
    assert other.cx > hedged.x2  # 12,000 lies right of the hedged interval
    assert [b.y for b in chart.bars] == [10 + ROW_HEIGHT / 2 + i * ROW_HEIGHT for i in range(3)]
    assert chart.plot_left == LABEL_WIDTH and chart.plot_right == WIDTH - RIGHT_PAD
    assert all(chart.plot_left <= b.x1 <= b.x2 <= chart.plot_right for b in chart.bars)
    assert chart.height > chart.axis_y


def test_consensus_band_and_membership() -> None:
    rows = [row("A", 11000, 11000, 11000), row("B", 12000, 12000, 12000, group=1)]
    chart = interval_chart(rows, (11000, 11000))
    assert chart is not None and chart.band is not None
    b1, b2 = chart.band
    assert b2 - b1 == pytest.approx(MIN_BAR)  # a point consensus stays visible
    assert b1 < chart.bars[0].cx < b2
    assert [b.in_consensus for b in chart.bars] == [True, False]


def test_no_consensus_no_band() -> None:
    chart = interval_chart([row("A", 1, 1, 1), row("B", 2, 2, 2)], None)
    assert chart is not None and chart.band is None
    assert not any(b.in_consensus for b in chart.bars)
    assert chart.marker is None and chart.marker_label == ""


def test_the_consensus_value_is_marked_and_labelled() -> None:
    rows = [row("A", 11000, 11000, 11000), row("B", 12000, 12000, 12000, group=1)]
    chart = interval_chart(rows, (11000, 11000), value=11000)
    assert chart is not None and chart.marker == chart.bars[0].cx
    assert chart.marker_label == "consensus 11,000"
    accepted = interval_chart(rows, (12000, 12000), "%", value=12000, accepted=True)
    assert accepted is not None and accepted.marker == accepted.bars[1].cx
    assert accepted.marker_label == "accepted 12,000%"


def test_an_accepted_value_outside_every_figure_stays_on_the_axis() -> None:
    rows = [row("A", 11000, 11000, 11000), row("B", 12000, 12000, 12000, group=1)]
    chart = interval_chart(rows, (15000, 15000), value=15000, accepted=True)
    assert chart is not None and chart.marker is not None
    assert chart.domain[1] >= 15000
    assert chart.bars[1].cx < chart.marker <= chart.plot_right
    assert not any(b.in_consensus for b in chart.bars)


def test_open_ends_run_to_the_edge_of_the_plot() -> None:
    rows = [row("more than", 10000, None, 10000), row("fewer than", None, 500, 500)]
    chart = interval_chart(rows, None)
    assert chart is not None
    more, fewer = chart.bars
    assert more.open_high and not more.open_low and more.x2 == chart.plot_right
    assert fewer.open_low and not fewer.open_high and fewer.x1 == chart.plot_left


def test_open_consensus_band_runs_to_the_edge() -> None:
    chart = interval_chart([row("A", 10, None, 10)], (10, None))
    assert chart is not None and chart.band is not None
    assert chart.band[1] == chart.plot_right


def test_ticks_are_in_order_labelled_and_inside_the_plot() -> None:
    chart = interval_chart([row("A", 11000, 11000, 11000), row("B", 12000, 12000, 12000)],
                           None, unit="%")
    assert chart is not None
    xs = [t.x for t in chart.ticks]
    assert xs == sorted(xs) and len(xs) >= 3
    assert xs[0] == chart.plot_left and xs[-1] == chart.plot_right
    assert all(t.label.endswith("%") for t in chart.ticks)


def test_a_narrow_interval_is_widened_to_stay_visible() -> None:
    chart = interval_chart([row("A", 1000, 1001, 1000.5), row("B", 0, 0, 0)], None)
    assert chart is not None
    narrow = chart.bars[0]
    assert narrow.x2 - narrow.x1 == pytest.approx(MIN_BAR, abs=0.11)


def test_bars_carry_the_interval_text_and_a_short_label() -> None:
    long_name = "The Very Long Name of a Regional Evening Newspaper"
    chart = interval_chart([row(long_name, 10450, 11550, 11000)], None)
    assert chart is not None
    (bar,) = chart.bars
    assert bar.label == long_name and bar.short.endswith("…") and len(bar.short) <= 30
    assert bar.interval == "10,450–11,550"


def test_shorten_keeps_short_labels() -> None:
    assert shorten("Meridian Post") == "Meridian Post"
    assert shorten("x" * 40, 10) == "x" * 9 + "…"
