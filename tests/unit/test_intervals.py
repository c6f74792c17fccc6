from __future__ import annotations

import pytest

from reconcile.domain import Figure
from reconcile.rules.intervals import comparable_units, compatible, gap


def fig(low: float | None, high: float | None, *, value: float | None = None,
        hedge: str | None = None, unit: str | None = None, precision: float = 1.0,
        low_open: bool = False, high_open: bool = False) -> Figure:
    v = value if value is not None else (low if low is not None else high)
    assert v is not None
    return Figure(raw="x", value=v, low=low, high=high, hedge=hedge, unit=unit,
                  precision=precision, low_open=low_open, high_open=high_open, start=0, end=1)


def test_equal_points_are_compatible() -> None:
    assert compatible(fig(11000, 11000), fig(11000, 11000))


def test_different_points_are_not() -> None:
    assert not compatible(fig(11000, 11000), fig(12000, 12000))


def test_hedged_interval_overlapping_a_point_is_compatible() -> None:
    around = fig(10450, 11550, value=11000, hedge="around")
    assert compatible(around, fig(11000, 11000))
    assert not compatible(around, fig(12000, 12000))


def test_open_lower_bound_excludes_its_own_value() -> None:
    more_than_2 = fig(2, None, hedge="more than", low_open=True)
    assert not compatible(more_than_2, fig(2, 2))
    assert compatible(more_than_2, fig(3, 3))


def test_open_upper_bound_excludes_its_own_value() -> None:
    fewer_than_60 = fig(0, 60, value=60, hedge="fewer than", high_open=True)
    assert not compatible(fewer_than_60, fig(60, 60))
    assert compatible(fewer_than_60, fig(59, 59))


def test_two_identical_unbounded_intervals_are_compatible() -> None:
    a = fig(1.2e6, None, hedge="more than", low_open=True)
    assert compatible(a, fig(1.2e6, None, hedge="more than", low_open=True))


def test_at_least_bounds_always_meet() -> None:
    assert compatible(fig(6, None, hedge="at least"), fig(56, None, hedge="at least"))


def test_touching_closed_ends_are_compatible() -> None:
    assert compatible(fig(0, 10, value=10, hedge="up to"), fig(10, None, hedge="at least"))


def test_rounding_makes_61_compatible_with_61_4_percent() -> None:
    assert compatible(fig(61, 61, unit="%"), fig(61.4, 61.4, unit="%", precision=0.1))
    assert not compatible(fig(61, 61, unit="%"), fig(61.6, 61.6, unit="%", precision=0.1))


def test_rounding_at_scale_1_2_million_vs_1_24_million() -> None:
    coarse = fig(1.2e6, 1.2e6, precision=1e5)
    assert compatible(coarse, fig(1_240_000, 1_240_000))
    assert not compatible(coarse, fig(1_260_000, 1_260_000))


def test_numbers_written_to_the_unit_do_not_round() -> None:
    assert not compatible(fig(11000, 11000), fig(11400, 11400))


def test_large_round_figure_without_its_bound_is_compatible() -> None:
    assert compatible(fig(2000, 2000), fig(2000, None, hedge="more than", low_open=True))


def test_small_figure_keeps_its_bound_strict() -> None:
    assert not compatible(fig(700, 700), fig(700, None, hedge="more than", low_open=True))


def test_a_bound_counted_in_dozens_is_round_enough_to_meet_its_own_value() -> None:
    dozens = fig(24, None, hedge="more than", low_open=True).model_copy(
        update={"raw": "more than two dozen"})
    assert compatible(fig(24, 24), dozens)
    assert not compatible(fig(20, 20), dozens)
    assert not compatible(fig(24, 24), fig(24, None, hedge="more than", low_open=True))


def test_units_convert_within_a_dimension() -> None:
    assert compatible(fig(2, 2, unit="week"), fig(14, 14, unit="day"))
    assert not compatible(fig(2, 2, unit="week"), fig(10, 10, unit="day"))
    assert compatible(fig(1, 1, unit="km"), fig(1000, 1000, unit="metre"))


def test_different_dimensions_never_disagree() -> None:
    assert compatible(fig(5, 5, unit="km"), fig(9, 9, unit="day"))
    assert comparable_units("km", "mile") and not comparable_units("km", "kg")
    assert not comparable_units("USD", "EUR")


@pytest.mark.parametrize(("a", "b", "expected"), [
    ((11550, 11550), (12000, 12000), 450 / 12000),
    ((10, 10), (10, 10), 0.0),
    ((0, 10), (5, 20), 0.0),
])
def test_gap_is_relative_distance(a: tuple[float, float], b: tuple[float, float],
                                  expected: float) -> None:
    assert gap(fig(*a), fig(*b)) == pytest.approx(expected)


def _stamp(text: str, raw: str):
    from reconcile.extract.claims import analyse
    return next(f for c in analyse(text) for f in c.values if raw in f.raw)


def test_a_month_with_its_year_compares_with_the_month_written_without_one():
    dated = _stamp("He was named chief in May 2014.", "May 2014")
    same = _stamp("He was named chief in May.", "May")
    other = _stamp("He was named chief in April.", "April")
    assert compatible(dated, same)
    assert not compatible(dated, other)


def test_a_whole_year_says_nothing_about_a_yearless_month():
    year = _stamp("He was named chief in 2014.", "2014")
    month = _stamp("He was named chief in April.", "April")
    assert compatible(year, month)


def test_a_storey_converts_to_feet_only_roughly():
    nine = _stamp("She fell nine stories.", "nine")
    assert nine.unit == "storey"
    assert compatible(nine, _stamp("She fell 100 feet.", "100 feet"))
    assert not compatible(nine, _stamp("She fell 25 feet.", "25 feet"))


def test_the_gap_between_figures_in_two_units_is_measured_in_one():
    nine = _stamp("She fell nine stories.", "nine")
    feet = _stamp("She fell 25 feet.", "25 feet")
    assert 0.5 < gap(nine, feet) < 1.0


def test_the_distance_between_a_dated_and_a_yearless_month_is_a_month_of_days():
    from reconcile.rules.intervals import value_distance
    dated = _stamp("He was named chief in May 2014.", "May 2014")
    other = _stamp("He was named chief in April.", "April")
    assert 29 <= value_distance(dated, other) <= 32
