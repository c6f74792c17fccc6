"""reconcile/extract/timespans.py at its edges: dates without years, month and year ends,
leap days, counts in words, wordings that only look like times, and offsets."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.extract.timespans import MONTHS, Span, claim_span, find_time_spans

PUB = date(2025, 3, 12)  # a Wednesday


def spans(text: str, published: date | None = PUB) -> list[tuple[str, date | None, date | None]]:
    return [(s.raw, s.start, s.end) for s in find_time_spans(text, published)]


def only(text: str, published: date | None = PUB) -> tuple[date | None, date | None]:
    (found,) = find_time_spans(text, published)
    return found.start, found.end


# --- no time at all --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "Officials said 40 people were hurt.",
                                  "prices may rise", "the march on the capital",
                                  "a 30-day ceasefire", "in 10 days"])
def test_text_without_a_time_expression_has_no_spans(text):
    assert find_time_spans(text, PUB) == []


def test_claim_span_of_no_spans_is_none():
    assert claim_span([]) is None


def test_claim_span_of_only_unresolved_spans_is_the_first():
    a = Span("x", 0, 1, None, None)
    b = Span("y", 2, 3, None, None)
    assert claim_span([a, b]) is a


# --- months ----------------------------------------------------------------------------------


def test_month_table_holds_names_abbreviations_and_sept():
    assert MONTHS["january"] == 1 and MONTHS["jan"] == 1
    assert MONTHS["sept"] == 9 and MONTHS["sep"] == 9
    assert MONTHS["december"] == 12
    assert all(k == k.lower() for k in MONTHS)


def test_month_earlier_in_the_year_than_publication_is_this_year():
    assert only("in January") == (date(2025, 1, 1), date(2025, 1, 31))


def test_month_of_publication_is_this_year():
    assert only("in March") == (date(2025, 3, 1), date(2025, 3, 31))


def test_month_later_in_the_year_than_publication_is_last_year():
    assert only("in December") == (date(2024, 12, 1), date(2024, 12, 31))


def test_february_of_a_leap_year_ends_on_the_29th():
    assert only("in February 2024") == (date(2024, 2, 1), date(2024, 2, 29))


def test_february_of_a_common_year_ends_on_the_28th():
    assert only("in February 2023") == (date(2023, 2, 1), date(2023, 2, 28))


def test_month_with_a_year_resolves_without_publication():
    assert only("in May 2024", None) == (date(2024, 5, 1), date(2024, 5, 31))


def test_month_without_a_year_and_without_publication_is_unresolved():
    assert only("in September", None) == (None, None)


def test_may_with_a_preposition_is_a_month():
    assert only("in May") == (date(2024, 5, 1), date(2024, 5, 31))


def test_lower_case_short_month_is_not_a_month():
    assert find_time_spans("the dec of the ship", PUB) == []


def test_capitalised_abbreviation_is_a_month():
    assert only("since Dec 2023") == (date(2023, 12, 1), PUB)


# --- days of a month -------------------------------------------------------------------------


def test_day_without_a_year_later_than_publication_month_is_last_year():
    assert only("on 3 December") == (date(2024, 12, 3), date(2024, 12, 3))


def test_day_without_a_year_in_an_earlier_month_is_this_year():
    assert only("on 3 February") == (date(2025, 2, 3), date(2025, 2, 3))


@pytest.mark.parametrize("text", ["on 3rd March 2025", "on March 3rd, 2025",
                                  "on March 3, 2025", "on 3 Mar 2025", "on Mar. 3 2025"])
def test_day_in_any_order_and_suffix_is_the_same_day(text):
    assert only(text) == (date(2025, 3, 3), date(2025, 3, 3))


def test_abbreviated_month_with_a_stop_and_no_year():
    assert only("on Sept. 9") == (date(2024, 9, 9), date(2024, 9, 9))


def test_leap_day_of_a_leap_year_resolves():
    assert only("on 29 February 2024") == (date(2024, 2, 29), date(2024, 2, 29))


def test_leap_day_of_a_common_year_is_unresolved_not_an_error():
    assert only("on 29 February 2023") == (None, None)


def test_thirty_first_of_a_thirty_day_month_is_unresolved():
    assert only("on 31 April 2024") == (None, None)


def test_day_and_month_resolve_without_publication_when_the_year_is_written():
    assert only("on 3 March 2021", None) == (date(2021, 3, 3), date(2021, 3, 3))


def test_day_without_year_or_publication_is_unresolved():
    assert only("on 3 March", None) == (None, None)


def test_month_and_day_before_a_count_is_not_a_date():
    # "March 3 troops": the number counts troops; only the month is a time
    assert spans("sent in March 3 troops") == [("in March", date(2025, 3, 1),
                                                date(2025, 3, 31))]


# --- years -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["in 2023", "during 2023", "by 2023", "until 2023",
                                  "from 2023", "of 2023"])
def test_year_after_a_preposition_is_the_whole_year(text):
    assert only(text) == (date(2023, 1, 1), date(2023, 12, 31))


def test_year_resolves_without_publication():
    assert only("in 2023", None) == (date(2023, 1, 1), date(2023, 12, 31))


def test_bare_year_without_a_preposition_is_not_a_span():
    assert find_time_spans("2023 was a hard year", PUB) == []


def test_year_shaped_part_of_a_bigger_number_is_not_a_year():
    assert find_time_spans("in 2024,000 homes", PUB) == []
    assert find_time_spans("in 20245 homes", PUB) == []


def test_years_outside_1900_to_2099_are_not_years():
    assert find_time_spans("in 1850", PUB) == []
    assert find_time_spans("in 2150", PUB) == []


# --- since -----------------------------------------------------------------------------------


def test_since_a_year_runs_from_its_first_day_to_publication():
    assert only("since 2020") == (date(2020, 1, 1), PUB)


@pytest.mark.parametrize("text", ["since early 2020", "since late 2020", "since mid-2020",
                                  "since mid 2020"])
def test_since_part_of_a_year_starts_the_year(text):
    assert only(text) == (date(2020, 1, 1), PUB)


def test_since_a_day_runs_from_that_day():
    assert only("since 14 June 2024") == (date(2024, 6, 14), PUB)


def test_since_without_publication_has_an_open_end():
    assert only("since October 2024", None) == (date(2024, 10, 1), None)


def test_since_an_impossible_day_is_unresolved_at_the_start():
    assert only("since 31 June 2024") == (None, PUB)


def test_since_a_month_earlier_this_year_is_this_year():
    assert only("since January") == (date(2025, 1, 1), PUB)


def test_since_a_month_later_in_the_year_than_publication_is_last_year():
    assert only("since October") == (date(2024, 10, 1), PUB)


def test_since_a_day_later_in_the_year_than_publication_is_last_year():
    assert only("since 20 March") == (date(2024, 3, 20), PUB)


# --- between ---------------------------------------------------------------------------------


def test_between_across_a_month_end():
    assert only("between 28 February and 3 March") == (date(2025, 2, 28), date(2025, 3, 3))


def test_between_across_a_year_end():
    assert only("from 30 December to 2 January") == (date(2024, 12, 30), date(2025, 1, 2))


def test_between_with_a_year_on_the_last_day():
    assert only("between 28 Feb and 3 March 2024") == (date(2024, 2, 28), date(2024, 3, 3))


@pytest.mark.parametrize("text", ["1-5 March", "1–5 March", "between 1 and 5 March",
                                  "from 1 to 5 March", "from 1st to 5th March"])
def test_day_ranges_in_one_month(text):
    assert only(text) == (date(2025, 3, 1), date(2025, 3, 5))


def test_between_with_an_impossible_last_day_is_unresolved():
    assert only("between 1 and 31 April 2024") == (None, None)


# --- the past n units ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "days"), [
    ("over the past three weeks", 21),
    ("in the last 21 days", 21),
    ("the past fifteen days", 15),
    ("during the previous 2 months", 60),
    ("the past twenty years", 7300),  # a year counts 365 days
    ("past several days", 5),
    ("in the last few months", 90),
    ("over the past a week", 7),
    ("in the past 24 hours", 1),
])
def test_the_past_n_units_count_back_from_publication(text, days):
    start, end = only(text)
    assert end == PUB
    assert start is not None and (PUB - start).days == days


@pytest.mark.parametrize(("text", "days"), [("in the past year", 365), ("over the past week", 7),
                                            ("over the past month", 30)])
def test_the_past_unit_without_a_count_is_one_unit(text, days):
    start, end = only(text)
    assert end == PUB
    assert start is not None and (PUB - start).days == days


def test_the_past_72_hours_count_back_three_days():
    assert only("in the past 72 hours") == (date(2025, 3, 9), PUB)


def test_the_past_unit_of_something_is_not_a_span():
    assert find_time_spans("the past week of talks", PUB) == []


def test_the_past_n_units_without_publication_is_unresolved():
    assert only("in the past 24 hours", None) == (None, None)


# --- relative weeks, months and years --------------------------------------------------------


def test_last_week_is_the_previous_monday_to_sunday():
    assert only("last week") == (date(2025, 3, 3), date(2025, 3, 9))


def test_next_week_is_the_following_monday_to_sunday():
    assert only("next week") == (date(2025, 3, 17), date(2025, 3, 23))


def test_this_week_runs_from_monday_to_publication():
    assert only("this week") == (date(2025, 3, 10), PUB)


def test_last_weekend_lies_within_the_previous_week():
    start, end = only("last weekend")
    assert start is not None and end is not None
    assert start <= date(2025, 3, 8) and end >= date(2025, 3, 9)
    assert end < date(2025, 3, 10)


def test_last_month_in_january_is_last_years_december():
    assert only("last month", date(2025, 1, 15)) == (date(2024, 12, 1), date(2024, 12, 31))


def test_last_month_in_march_ends_with_february():
    assert only("last month", date(2024, 3, 31)) == (date(2024, 2, 1), date(2024, 2, 29))


def test_next_month_in_december_is_next_years_january():
    assert only("next month", date(2025, 12, 31)) == (date(2026, 1, 1), date(2026, 1, 31))


def test_next_month_from_the_31st_of_january_is_february():
    assert only("next month", date(2025, 1, 31)) == (date(2025, 2, 1), date(2025, 2, 28))


def test_this_month_runs_from_its_first_day_to_publication():
    assert only("this month") == (date(2025, 3, 1), PUB)


def test_next_year_is_the_whole_of_next_year():
    assert only("next year") == (date(2026, 1, 1), date(2026, 12, 31))


def test_relative_wording_without_publication_is_unresolved():
    for text in ("last week", "next month", "this year", "yesterday", "on Monday"):
        assert only(text, None) == (None, None), text


def test_time_qualifying_an_ordinal_is_masked_but_not_a_span():
    assert find_time_spans("the third this year", PUB) == []
    assert find_time_spans("the second time this week", PUB) == []
    assert find_time_spans("the 3rd this month", PUB) == []


def test_ordinal_far_before_the_time_does_not_mask_it():
    text = "the first " + "x" * 70 + " this week"
    assert spans(text) == [("this week", date(2025, 3, 10), PUB)]


# --- days of the week ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "day"), [
    ("on Monday", date(2025, 3, 10)),
    ("on Tuesday", date(2025, 3, 11)),
    ("on Wednesday", PUB),
    ("on Thursday", date(2025, 3, 6)),
    ("on Sunday", date(2025, 3, 9)),
    ("last Monday", date(2025, 3, 10)),
    ("Friday", date(2025, 3, 7)),
])
def test_weekday_is_the_latest_such_day_on_or_before_publication(text, day):
    assert only(text) == (day, day)


def test_yesterday_on_the_first_of_a_month_is_the_last_day_of_the_month_before():
    assert only("yesterday", date(2025, 3, 1)) == (date(2025, 2, 28), date(2025, 2, 28))


def test_today_is_publication_day():
    assert only("Today") == (PUB, PUB)


# --- several spans and offsets ---------------------------------------------------------------


def test_spans_come_in_text_order_with_their_offsets():
    text = "On Tuesday 40 people died; since 2020 more than 1,000 have."
    found = find_time_spans(text, PUB)
    assert [s.raw for s in found] == ["On Tuesday", "since 2020"]
    for s in found:
        assert text[s.start_char : s.end_char] == s.raw


def test_offsets_skip_leading_spaces_of_a_match():
    text = "troops left  March 2024"
    (found,) = find_time_spans(text, PUB)
    assert text[found.start_char : found.end_char] == found.raw
    assert not found.raw[0].isspace()


def test_a_longer_expression_wins_over_a_date_inside_it():
    (found,) = find_time_spans("between 1 and 5 March 2024", PUB)
    assert found.raw == "between 1 and 5 March 2024"


def test_claim_span_skips_unresolved_spans():
    found = find_time_spans("on 31 April 2024 and in 2023", PUB)
    assert [s.raw for s in found] == ["31 April 2024", "in 2023"]
    chosen = claim_span(found)
    assert chosen is not None and chosen.raw == "in 2023"


def test_span_is_frozen():
    (found,) = find_time_spans("in 2023", PUB)
    with pytest.raises(AttributeError):
        found.raw = "x"  # type: ignore[misc]
