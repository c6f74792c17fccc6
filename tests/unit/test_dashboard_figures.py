"""Figures as the dashboard shows them: intervals, differences, typed values, which figure."""

from __future__ import annotations

import pytest

from reconcile.dashboard.figures import (
    difference_text,
    interval_text,
    parse_value,
    position_figure,
    representative_value,
)
from reconcile.domain import Figure, Position, with_unit


def pos(label: str, outlets: list[str], low: float | None = None, high: float | None = None,
        claim_ids: list[int] | None = None, unit: str | None = None) -> Position:
    return Position(label=label, low=low, high=high, unit=unit, outlets=outlets,
                    claim_ids=claim_ids or [])


def fig(value: float, low: float | None = None, high: float | None = None, *,
        measure: str | None = "troops", unit: str | None = None, start: int = 0) -> Figure:
    return Figure(raw=str(value), value=value, low=value if low is None else low,
                  high=value if high is None else high, measure=measure, unit=unit,
                  start=start, end=start + 3)


@pytest.mark.parametrize(("low", "high", "value"), [
    (10, 10, 10), (10, 20, 15), (10, None, 10), (None, 5, 5), (None, None, None),
])
def test_representative_value(low: float | None, high: float | None, value: float | None
                              ) -> None:
    assert representative_value(low, high) == value


# --- text --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "unit", "text"), [
    ("61", "%", "61%"), ("2", "pp", "2 pp"), ("4.5bn", "USD", "USD 4.5bn"),
    ("12", "km", "12 km"), ("11,000", None, "11,000"),
])
def test_with_unit(number: str, unit: str | None, text: str) -> None:
    assert with_unit(number, unit) == text


@pytest.mark.parametrize(("low", "high", "unit", "text"), [
    (11000, 11000, None, "11,000"),
    (10450, 11550, None, "10,450–11,550"),
    (10000, None, None, "≥ 10,000"),
    (None, 5, "%", "≤ 5%"),
    (None, None, None, "any value"),
    (4.5e9, 4.5e9, "USD", "USD 4.5bn"),
])
def test_interval_text(low: float | None, high: float | None, unit: str | None, text: str
                       ) -> None:
    assert interval_text(low, high, unit) == text


@pytest.mark.parametrize(("value", "reference", "unit", "text"), [
    (12000, 11000, None, "+1,000 (+9.1%)"),
    (10000, 11000, None, "−1,000 (−9.1%)"),
    (11000, 11000, None, "same"),
    (5, 0, None, "+5"),
    (64, 61, "%", "+3 pp (+4.9%)"),
    (None, 11000, None, None),
    (12000, None, None, None),
    (15, 10, "km", "+5 km (+50%)"),
])
def test_difference_reads_as_absolute_and_relative(
    value: float | None, reference: float | None, unit: str | None, text: str | None
) -> None:
    assert difference_text(value, reference, unit) == text


@pytest.mark.parametrize(("typed", "value"), [
    ("11000", 11000), ("11,000", 11000), ("11 000", 11000), (" 11,000 ", 11000),
    ("11k", 11000), ("1.2m", 1_200_000), ("4.5bn", 4.5e9), ("61.4%", 61.4), ("-5", -5),
    ("−5", -5), ("+3", 3), ("2 million", 2_000_000), ("0.5", 0.5), ("1,234,567", 1234567),
])
def test_parse_value_accepts_how_reviewers_type_numbers(typed: str, value: float) -> None:
    assert parse_value(typed) == pytest.approx(value)


@pytest.mark.parametrize("typed", ["", "eleven", "11,00", "1.2.3", "12 apples", "5x", "--5"])
def test_parse_value_rejects_what_is_not_a_number(typed: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_value(typed)


# --- which figure puts a claim on a side -------------------------------------------------------


def test_figure_key_is_the_measure_or_the_unit() -> None:
    assert fig(1).key == "troops"
    assert fig(1, measure=None, unit="%").key == "unit:%"
    assert fig(1, measure=None).key is None


def test_position_figure_picks_the_figure_that_contains_the_sides_interval() -> None:
    side = pos("12,000", ["B"], 12000, 12000)
    values = [fig(3, measure="weeks"), fig(11000, start=10), fig(12000, start=20)]
    assert position_figure(values, side, "troops") == values[2]


def test_position_figure_takes_a_hedged_figure_that_contains_the_intersection() -> None:
    side = pos("11,000", ["A", "C"], 11000, 11000)
    around = fig(11000, 10450, 11550)
    assert position_figure([around], side, "troops") == around


def test_position_figure_without_a_measure_looks_at_every_figure() -> None:
    side = pos("8", ["A"], 8, 8)
    values = [fig(2, measure=None), fig(8, measure=None, start=9)]
    assert position_figure(values, side, None) == values[1]


def test_position_figure_falls_back_to_the_first_of_the_measure_then_none() -> None:
    side = pos("x", ["A"], 500, 500)
    values = [fig(3, measure="weeks"), fig(11000)]
    assert position_figure(values, side, "troops") == values[1]
    assert position_figure([], side, "troops") is None


def test_open_ended_figures_contain_open_ended_sides() -> None:
    side = pos("more than 10,000", ["A"], 10000, None)
    open_fig = fig(10000, 10000, None)
    open_fig = Figure(**{**open_fig.model_dump(), "high": None})
    assert position_figure([fig(9000), open_fig], side, "troops") == open_fig
