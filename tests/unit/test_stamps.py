"""Dates, times of day and ages read as figures (reconcile.extract.stamps)."""

from datetime import date

import pytest

from reconcile.extract.claims import extract_claims
from reconcile.extract.stamps import find_stamps
from reconcile.extract.timespans import find_time_spans
from reconcile.rules.intervals import compatible


def stamps(text: str) -> list[tuple[str, str | None, float | None, float | None]]:
    return [(q.raw, q.unit, q.low, q.high) for q in find_stamps(text, find_time_spans(text, None))]


def figures(text: str):
    return [f for c in extract_claims(text) for f in c.values]


def test_a_full_date_is_one_day():
    [(_, unit, low, high)] = stamps("The bridge reopened on March 3, 2021 after repairs.")
    assert unit == "date"
    assert low == high == date(2021, 3, 3).toordinal()


def test_a_year_covers_the_whole_year():
    [(_, unit, low, high)] = stamps("The factory closed in 2019 after a fire.")
    assert unit == "date"
    assert (low, high) == (date(2019, 1, 1).toordinal(), date(2019, 12, 31).toordinal())


def test_a_year_opening_a_sentence_is_a_date():
    assert [s[1] for s in stamps("In 2012, the council approved the plan.")] == ["date"]


def test_a_month_and_year_covers_the_month():
    [(_, _, low, high)] = stamps("She was appointed in June 2016 by the board.")
    assert (low, high) == (date(2016, 6, 1).toordinal(), date(2016, 6, 30).toordinal())


def test_a_date_without_a_year_compares_only_with_other_yearless_dates():
    [(_, unit, low, _)] = stamps("The hearing is set for September 9.")
    assert unit == "monthday"
    assert low == date(2000, 9, 9).toordinal()


def test_since_a_year_dates_when_it_began():
    [f] = figures("The museum has used that name since 2008.")
    assert f.unit == "date" and f.hedge == "since"
    assert (f.low, f.high) == (date(2008, 1, 1).toordinal(), date(2008, 12, 31).toordinal())


def test_relative_days_are_not_figures():
    assert stamps("The mayor spoke last week and again on Tuesday.") == []


def test_time_of_day_in_minutes_after_midnight():
    [(raw, unit, low, high)] = stamps("The alarm sounded at 9:45 p.m. near the dock.")
    assert (raw, unit, low, high) == ("9:45 p.m.", "clock", 21 * 60 + 45, 21 * 60 + 45)


def test_a_hedged_time_allows_ten_minutes_either_side():
    [(_, _, low, high)] = stamps("The ferry left at around 7 a.m. on Friday.")
    assert (low, high) == (7 * 60 - 10, 7 * 60 + 10)


def test_times_half_an_hour_apart_disagree_even_when_hedged():
    [a] = figures("The truck crashed at about 11:20 p.m. on the bridge.")
    [b] = figures("The truck crashed at around 10:45 p.m. on the bridge.")
    assert not compatible(a, b)


@pytest.mark.parametrize("text, age", [
    ("The 64-year-old pleaded not guilty.", 64),
    ("Maria Lopez, 41, was released on bail.", 41),
    ("The driver, aged 33, was unhurt.", 33),
])
def test_ages_are_figures_in_years(text, age):
    [f] = [f for f in figures(text) if f.unit == "age"]
    assert f.value == age


def test_ages_of_one_year_apart_disagree():
    [a] = figures("The 58-year-old left the court.")
    [b] = figures("The 59-year-old left the court.")
    assert not compatible(a, b)


def test_counts_are_unchanged_beside_dates():
    values = figures("Some 3,000 workers walked out on May 1, 2023, the union said.")
    assert [(f.raw, f.unit) for f in values] == [("Some 3,000", None), ("May 1, 2023", "date")]
