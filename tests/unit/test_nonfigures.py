"""reconcile/extract/nonfigures.py: numbers that are not figures (years, days of a month, times,
ages, ranks, phone numbers, labels), found as whole spans or judged one number at a time."""

from __future__ import annotations

import pytest

from reconcile.extract.atoms import Atom
from reconcile.extract.nonfigures import (
    LABEL_NOUNS,
    MONTHS,
    is_label,
    non_figure_spans,
)


def skipped(text: str) -> list[str]:
    """The pieces of `text` that non_figure_spans marks as not figures."""
    return [text[a:b] for a, b in non_figure_spans(text)]


def label(text: str, number: str, *, money_or_unit: bool = False, occurrence: int = 0,
          scale: float = 1.0) -> bool:
    """is_label for the digits `number` where they stand in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(number, start + 1)
    value = float(number.replace(",", "")) * scale
    return is_label(text, Atom(start, start + len(number), value, 1.0, scale=scale),
                    money_or_unit)


def word_label(text: str, words: str, value: float = 1.0, **kw) -> bool:
    """is_label for a number written in words."""
    start = text.index(words)
    return is_label(text, Atom(start, start + len(words), value, 1.0, word=True, **kw), False)


# --- the tables ------------------------------------------------------------------------------


def test_months_hold_full_names_and_abbreviations():
    assert {"january", "december", "jan", "sept", "dec"} <= MONTHS
    assert len({m for m in MONTHS if len(m) > 4}) >= 8


def test_label_nouns_are_lower_case_words():
    assert all(n == n.lower() and n.isalpha() for n in LABEL_NOUNS)


# --- non_figure_spans: nothing to skip -------------------------------------------------------


@pytest.mark.parametrize("text", [
    "",
    "killed 5 people",
    "11,000 troops crossed",
    "the budget rose 5.5% to $4.5bn",
    "in 2024",  # years are judged by is_label, not skipped as spans
    "scored 3-1",
    "Paris, 12 people were hurt",  # a place, then a count: no age apposition
])
def test_plain_counts_have_nothing_to_skip(text):
    assert non_figure_spans(text) == []


# --- ages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "span"), [
    ("a 30-year-old man", "30-year-old"),
    ("a 6-month-old baby", "6-month-old"),
    ("the 3-week-old puppy", "3-week-old"),
    ("a 30-years-old man", "30-years-old"),
    ("a two-year-old girl", "two-year-old"),
    ("a twenty-five-year-old", "twenty-five-year-old"),
    ("men aged 30", "aged 30"),
    ("those aged between 16 and 25", "aged between 16 and 25"),
    ("aged 18-24", "aged 18-24"),
    ("aged 18 to 24", "aged 18 to 24"),
    ("at the age of 12", "age of 12"),
    ("he was 40 years old", "40 years old"),
    ("a baby 3 months old", "3 months old"),
    ("children under 5", "children under 5"),
    ("people over 65", "people over 65"),
    ("children aged under 5", "children aged under 5"),
    ("anyone younger than 18", "anyone younger than 18"),
])
def test_age_expressions_are_skipped_whole(text, span):
    assert skipped(text) == [span]


def test_age_in_hyphenated_words_is_skipped_whole():
    assert skipped("adults over sixty-five") == ["adults over sixty-five"]


def test_children_under_a_percentage_is_a_figure_not_an_age():
    assert skipped("children under 5%") == []


def test_people_over_a_count_of_things_is_not_an_age():
    assert skipped("people over 65 votes") == []


@pytest.mark.parametrize(("text", "age"), [
    ("Marek Novak, 64, said", "64"),
    ("said Halyna Moroz, 68.", "68"),
    ("Jones, 45, of Leeds", "45"),
    ("Jones, 45, from Leeds", "45"),
    ("(Smith, 31)", "31"),
    ("Smith, 31; Jones, 42", "31"),
])
def test_age_after_a_name_set_off_by_commas_is_skipped(text, age):
    assert skipped(text)[0] == age


def test_every_age_after_names_in_a_list_is_skipped():
    assert skipped("Anna Kovac, 31, and Petr Novak, 42, died") == ["31", "42"]


def test_number_after_a_name_too_old_to_be_an_age_is_a_figure():
    assert skipped("Smith, 200, said") == []


def test_number_after_a_name_followed_by_a_decimal_is_a_figure():
    assert skipped("Smith, 12.5 per cent") == []


def test_number_after_a_lower_case_word_and_comma_is_not_an_age():
    assert skipped("in total, 64, said officials") == []


# --- times -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "span"), [
    ("at 10:30", "10:30"),
    ("at 10:30:15", "10:30:15"),
    ("at 10:30:15 UTC", "10:30:15 UTC"),
    ("at 10:30 GMT", "10:30 GMT"),
    ("at 10:30pm", "10:30pm"),
    ("at 3pm", "3pm"),
    ("at 3 pm", "3 pm"),
    ("at 3 p.m.", "3 p.m."),
    ("at 10.30am", "10.30am"),
    ("at 0300 GMT", "0300 GMT"),
    ("at 1400 local time", "1400 local time"),
    ("at 7 AM", "7 AM"),
    ("at 7 A.M.", "7 A.M."),
])
def test_times_of_day_are_skipped(text, span):
    assert skipped(text) == [span]


def test_two_times_are_both_skipped():
    assert skipped("between 9am and 5pm") == ["9am", "5pm"]


def test_three_digit_ratio_with_colon_is_not_a_time():
    assert skipped("won 312:187") == []


# --- phone and emergency numbers -------------------------------------------------------------


@pytest.mark.parametrize(("text", "span"), [
    ("call 0800 123 4567", "0800 123 4567"),
    ("call +44 20 7946 0958", "+44 20 7946 0958"),
    ("call (555) 123-4567", "(555) 123-4567"),
    ("call 555-123-4567", "555-123-4567"),
    ("call 020-7946-0958", "020-7946-0958"),
])
def test_phone_numbers_are_skipped(text, span):
    assert skipped(text) == [span]


@pytest.mark.parametrize(("text", "span"), [
    ("dialled 999", "dialled 999"),
    ("dialed 911", "dialed 911"),
    ("called 911 after", "called 911"),
    ("call 112", "call 112"),
    ("rang 999", "rang 999"),
])
def test_emergency_numbers_after_a_calling_verb_are_skipped(text, span):
    assert skipped(text) == [span]


def test_emergency_number_without_a_calling_verb_is_a_figure():
    assert skipped("999 people were rescued") == []


# --- ranks and fractions ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "span"), [
    ("ranked No. 1", "No. 1"),
    ("ranked No.1", "No.1"),
    ("the No 5 seed", "No 5"),
])
def test_ranks_are_skipped(text, span):
    assert skipped(text) == [span]


def test_lower_case_no_is_not_a_rank():
    assert skipped("no 5 people") == []


def test_fractions_are_skipped():
    assert skipped("1/2 of voters") == ["1/2"]
    assert skipped("rose 3/4") == ["3/4"]


def test_spans_lie_inside_the_text():
    text = "Marek Novak, 64, said at 3pm that the 30-year-old called 999 from 0800 123 4567"
    for start, end in non_figure_spans(text):
        assert 0 <= start < end <= len(text)
    assert set(skipped(text)) >= {"64", "3pm", "30-year-old", "called 999"}


# --- is_label: years -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["in 2024 the war", "since 1991", "in 2024.", "by 2100"])
def test_four_digit_year_is_a_label(text):
    year = next(w for w in text.replace(".", " ").split() if w.isdigit())
    assert label(text, year)


def test_year_after_a_month_is_a_label_even_before_a_plural():
    assert label("in May 2000 people", "2000")


@pytest.mark.parametrize("text", ["2024 people died", "2024 troops", "killed 2000 people",
                                  "1800 soldiers", "2100 children"])
def test_year_like_number_before_a_plural_noun_is_a_count(text):
    number = next(w for w in text.split() if w.isdigit())
    assert not label(text, number)


@pytest.mark.parametrize("text", ["1799 in all", "2101 in all"])
def test_number_outside_the_year_range_is_a_count(text):
    assert not label(text, text.split()[0])


def test_year_before_a_verb_ending_in_s_is_a_label():
    assert label("1984 has been", "1984")
    assert label("2024 was a year", "2024")


def test_year_shaped_money_is_never_a_year():
    assert not label("paid $2024 in", "2024", money_or_unit=True)


def test_year_written_with_a_comma_is_a_count():
    assert not label("2,024 in all", "2,024")


def test_decade_is_a_label():
    assert label("in the 1990s", "1990")


# --- is_label: days of a month ---------------------------------------------------------------


@pytest.mark.parametrize(("text", "day"), [
    ("on 3 March", "3"), ("March 3 attack", "3"), ("on 31 March", "31"), ("Jan 1 deadline", "1"),
    ("on 12 Sept", "12"),
])
def test_day_next_to_a_month_is_a_label(text, day):
    assert label(text, day)


def test_number_past_31_next_to_a_month_is_a_count():
    assert not label("32 March marchers", "32")


def test_day_of_a_month_with_money_is_a_figure():
    assert not label("$3 March sale", "3", money_or_unit=True)


# --- is_label: label nouns -------------------------------------------------------------------


@pytest.mark.parametrize(("text", "number"), [
    ("Article 5 of the treaty", "5"),
    ("Route 66", "66"),
    ("junction 18", "18"),
    ("page 12", "12"),
    ("flight 17", "17"),
    ("Boeing 737", "737"),
    ("Room 101", "101"),
    ("Resolution 2334", "2334"),
    ("Section 8 housing", "8"),
    ("the route 5", "5"),  # a strong label even after "the"
    ("Chapter 11 filing", "11"),
])
def test_number_after_a_label_noun_is_a_label(text, number):
    assert label(text, number)


def test_weak_label_noun_after_an_article_is_a_count():
    # "the room 5" reads as rooms counted, "Room 5" as a name
    assert not label("the room 5", "5")
    assert label("Room 5", "5")


@pytest.mark.parametrize("text", ["killed 40 people", "won 3 games", "about 5 routes",
                                  "sent 11,000 troops"])
def test_counts_are_not_labels(text):
    number = next(w for w in text.split() if w[0].isdigit())
    assert not label(text, number)


def test_label_noun_with_money_is_a_figure():
    assert not label("Article $5 fee", "5", money_or_unit=True)


# --- is_label: codes -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "number"), [
    ("Covid-19 cases", "19"), ("F-16 jets", "16"), ("Su-25 aircraft", "25"),
    ("MH-17", "17"),
])
def test_number_after_letters_and_a_hyphen_is_a_code(text, number):
    assert label(text, number)


def test_scaled_number_after_a_hyphen_is_a_figure():
    assert not label("pre-5 million", "5", scale=1e6)


def test_number_before_a_slash_is_a_label():
    assert label("3/4 of voters", "3")


def test_number_after_a_slash_is_a_label():
    assert label("3/4 of voters", "4")


def test_compound_age_is_a_label():
    assert label("a 30-year-old man", "30")
    assert label("a 6-month-old", "6")


# --- is_label: numbers in words --------------------------------------------------------------


@pytest.mark.parametrize("text", ["one of the soldiers", "no one saw", "the one who fled",
                                  "one another", "at one point", "one more", "every one",
                                  "one’s own"])
def test_one_that_is_not_a_count(text):
    assert word_label(text, "one")


@pytest.mark.parametrize("text", ["one person died", "one soldier was killed"])
def test_one_before_a_counted_noun_is_a_count(text):
    assert not word_label(text, "one")


def test_one_after_as_many_as_is_a_count():
    assert not word_label("as many as one in five", "one")


def test_top_ten_is_a_label():
    assert word_label("the top ten", "ten", 10.0)
    assert not word_label("ten people died", "ten", 10.0)


def test_a_dozen_before_another_is_not_a_count():
    assert word_label("a dozen another", "a dozen", 12.0)


def test_vague_amount_is_a_count():
    text = "dozens of people"
    assert not is_label(text, Atom(0, 6, 24, 1, vague=(24, 144, True)), False)


def test_vague_amount_after_as_many_as_is_a_count():
    text = "as many as dozens"
    assert not is_label(text, Atom(11, 17, 24, 1, vague=(24, 144, True)), False)
