"""reconcile/extract/stamps.py at its edges: midnight and noon, 24-hour clocks, hedged times,
yearless dates and leap days, impossible dates, and the bounds of an age."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.extract.stamps import CLOCK_HEDGE_MINUTES, MAX_AGE, YEARLESS, find_stamps
from reconcile.extract.timespans import find_time_spans

PUB = date(2025, 3, 12)


def stamps(text: str, published: date | None = PUB) -> list[tuple[str, str | None, float | None,
                                                                   float | None]]:
    return [(q.raw, q.unit, q.low, q.high)
            for q in find_stamps(text, find_time_spans(text, published))]


def clock(text: str) -> tuple[float | None, float | None]:
    (q,) = [q for q in find_stamps(text, []) if q.unit == "clock"]
    return q.low, q.high


def day(y: int, m: int, d: int) -> float:
    return float(date(y, m, d).toordinal())


def test_yearless_dates_use_a_leap_year():
    assert YEARLESS % 4 == 0 and (YEARLESS % 100 != 0 or YEARLESS % 400 == 0)


def test_text_without_dates_times_or_ages_has_no_stamps():
    assert stamps("Officials said 40 people were hurt.") == []
    assert stamps("") == []


# --- times of day ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "minutes"), [
    ("at 12 a.m.", 0),  # midnight
    ("at 12:30am", 30),
    ("at 1 am", 60),
    ("at 11:59 p.m.", 1439),
    ("at 12 p.m.", 720),  # noon
    ("at 12:15pm", 735),
    ("at 3pm", 900),
    ("at 9:45 p.m.", 1305),
    ("at 7 am", 420),
    ("at 7:30 AM", 450),
])
def test_twelve_hour_times_in_minutes_after_midnight(text, minutes):
    found = [q for q in find_stamps(text, []) if q.unit == "clock"]
    assert [(q.low, q.high) for q in found] == [(minutes, minutes)]


def test_time_with_a_stop_between_hours_and_minutes():
    assert clock("at 9.45pm") == (1305, 1305)


@pytest.mark.parametrize("text", ["at 7 AM", "at 7 A.M."])
def test_upper_case_am_without_minutes_is_a_time(text):
    assert clock(text) == (420, 420)


@pytest.mark.parametrize("text", ["at 13 pm", "at 0 am", "at 00:30 am"])
def test_impossible_twelve_hour_times_are_not_clocks(text):
    assert [q for q in find_stamps(text, []) if q.unit == "clock"] == []


@pytest.mark.parametrize(("text", "minutes"), [
    ("at 23:59 GMT", 1439),
    ("at 00:00 UTC", 0),
    ("at 10:30 local time", 630),
    ("at 07:05h", 425),
    ("at 18:00 hrs", 1080),
])
def test_twenty_four_hour_times_with_a_zone_or_suffix(text, minutes):
    assert clock(text) == (minutes, minutes)


def test_twenty_four_hour_time_past_midnight_is_not_a_clock():
    assert stamps("at 24:00 GMT") == []


def test_bare_colon_time_without_a_zone_is_not_a_clock():
    # "10:30" could be a score or a ratio; only a zone or suffix makes it a time
    assert stamps("at 10:30") == []


@pytest.mark.parametrize("hedge", ["about", "around", "approximately", "roughly", "at about"])
def test_hedged_time_widens_by_ten_minutes_each_way(hedge):
    low, high = clock(f"{hedge} 11:15 p.m.")
    assert (low, high) == (1395 - CLOCK_HEDGE_MINUTES, 1395 + CLOCK_HEDGE_MINUTES)


def test_hedged_time_keeps_its_hedge_in_raw_and_offsets():
    text = "It began at about 11:15 p.m. local time."
    (q,) = find_stamps(text, [])
    assert q.raw == "at about 11:15 p.m."
    assert text[q.start : q.end] == q.raw
    assert q.hedge == "around"


def test_unhedged_time_starts_at_its_hour():
    text = "It began at 3pm on Monday."
    (q,) = find_stamps(text, [])
    assert (q.raw, q.hedge) == ("3pm", None)
    assert text[q.start : q.end] == "3pm"


def test_twelve_hour_time_with_gmt_is_read_once():
    found = [q for q in find_stamps("at 11:30 pm GMT", []) if q.unit == "clock"]
    assert len(found) == 1


def test_shortly_after_a_time_is_not_before_it():
    low, high = clock("shortly after 3pm")
    assert low is not None and low >= 900
    assert high is not None and high > 900


def test_just_before_a_time_is_not_after_it():
    assert clock("just before 3pm") == (900 - CLOCK_HEDGE_MINUTES, 900)


# --- dates -----------------------------------------------------------------------------------


def test_full_date_is_one_day_of_its_year():
    assert stamps("on 3 March 2021") == [("3 March 2021", "date", day(2021, 3, 3),
                                          day(2021, 3, 3))]


def test_year_is_every_day_of_it():
    (q,) = find_stamps("in 2024", find_time_spans("in 2024", PUB))
    assert (q.low, q.high) == (day(2024, 1, 1), day(2024, 12, 31))
    assert q.precision == 366  # a leap year
    assert q.value == (q.low + q.high) / 2


def test_month_of_a_year_is_every_day_of_it():
    (q,) = find_stamps("in February 2023", find_time_spans("in February 2023", PUB))
    assert (q.low, q.high, q.precision) == (day(2023, 2, 1), day(2023, 2, 28), 28)


def test_yearless_day_is_a_monthday_of_the_leap_year():
    assert stamps("on 29 February") == [("29 February", "monthday", day(YEARLESS, 2, 29),
                                         day(YEARLESS, 2, 29))]


def test_yearless_month_is_a_monthday_range():
    assert stamps("in December") == [("in December", "monthday", day(YEARLESS, 12, 1),
                                      day(YEARLESS, 12, 31))]


def test_yearless_date_does_not_depend_on_publication():
    assert stamps("on April 14", PUB) == stamps("on April 14", None)


def test_since_a_year_is_that_year_hedged_since():
    (q,) = find_stamps("since 2002", find_time_spans("since 2002", PUB))
    assert (q.unit, q.hedge) == ("date", "since")
    assert (q.low, q.high) == (day(2002, 1, 1), day(2002, 12, 31))


def test_impossible_date_is_no_figure():
    assert stamps("on 31 February 2024") == []


@pytest.mark.parametrize("text", ["last week", "on Tuesday", "yesterday", "this year",
                                  "between 1 and 5 March 2024", "from 1 to 5 March",
                                  "over the past three weeks", "next month"])
def test_relative_dates_and_ranges_are_not_figures(text):
    assert [q for q in find_stamps(text, find_time_spans(text, PUB)) if q.unit in
            {"date", "monthday"}] == []


# --- ages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "age"), [
    ("the 64-year-old", 64),
    ("the 73-years-old", 73),
    ("a 1-year-old", 1),
    ("aged 18", 18),
    ("at age 40", 40),
    ("45 years old", 45),
    ("1 year old", 1),
    ("Maria Lopez, 41, was released", 41),
])
def test_ages_are_figures_in_years(text, age):
    ages = [q for q in find_stamps(text, []) if q.unit == "age"]
    assert [(q.low, q.high) for q in ages] == [(age, age)]
    assert text[ages[0].start : ages[0].end] == str(age)


def test_age_at_the_limit_is_an_age():
    assert [q.value for q in find_stamps(f"the {MAX_AGE}-year-old", [])] == [MAX_AGE]


def test_age_past_the_limit_is_no_age():
    assert find_stamps(f"the {MAX_AGE + 1}-year-old", []) == []


def test_age_range_is_no_single_age():
    assert [q for q in find_stamps("aged 18-24", []) if q.unit == "age"] == []
    assert [q for q in find_stamps("aged 18 to 24", []) if q.unit == "age"] == []


def test_one_age_read_two_ways_is_counted_once():
    ages = [q for q in find_stamps("Smith, 64, said", []) if q.unit == "age"]
    assert len(ages) == 1


def test_stamps_come_in_text_order():
    text = "Smith, 64, said at 5pm on 3 March 2021 that the 30-year-old fled."
    found = find_stamps(text, find_time_spans(text, PUB))
    assert [q.unit for q in found] == ["age", "clock", "date", "age"]
    assert [q.start for q in found] == sorted(q.start for q in found)
