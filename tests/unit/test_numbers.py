"""The number parser: one test per rule of docs/semantics.md ("Values", "Hedges", "Vague
amounts", "Rounding", "Not figures")."""

from __future__ import annotations

import pytest

from reconcile.extract.atoms import digit_atoms
from reconcile.extract.hedges import apply_hedge, hedge_before
from reconcile.extract.numbers import Quantity, is_tally, parse_quantities


def one(text: str) -> Quantity:
    found = parse_quantities(text)
    assert len(found) == 1, found
    return found[0]


def interval(text: str) -> tuple[float | None, float | None]:
    q = one(text)
    return q.low, q.high


# --- values --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("11,000 troops", 11_000),
        ("11 000 troops", 11_000),
        ("12\u2009500 people", 12_500),
        ("12\u00a0500 people", 12_500),
        ("1,234,567 votes", 1_234_567),
        ("4.5 tonnes", 4.5),
        ("0.25 points", 0.25),
        ("250 employees", 250),
    ],
)
def test_digits_with_separators_and_decimals_read_as_their_value(text: str, value: float) -> None:
    assert one(text).value == value


def test_dotted_thousands_are_not_read_as_thousands() -> None:
    assert one("11.000 people").value == 11.0


def test_space_grouped_digits_before_a_hyphenated_word_are_two_numbers() -> None:
    assert [q.value for q in parse_quantities("the past 3 100 - meter sprints")] == [3, 100]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("$4.5bn", 4.5e9, "USD"),
        ("US$12m", 12e6, "USD"),
        ("€300m", 300e6, "EUR"),
        ("£2.1 million", 2.1e6, "GBP"),
        ("¥12.5tn", 12.5e12, "JPY"),
        ("4.5 billion dollars", 4.5e9, "USD"),
        ("5 million roubles", 5e6, "RUB"),
        ("2.3bn hryvnias", 2.3e9, "UAH"),
        ("1.5 trillion won", 1.5e12, "KRW"),
        ("$190M", 190e6, "USD"),
        ("$200 Billion", 200e9, "USD"),
        ("$ 5,000", 5000, "USD"),
        ("30 million euros", 30e6, "EUR"),
    ],
)
def test_currency_and_scale_words_give_the_amount_and_iso_code(
    text: str, value: float, unit: str
) -> None:
    q = one(text)
    assert (q.value, q.unit) == (pytest.approx(value), unit)
    assert q.raw == text


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("61.4 per cent", 61.4, "%"),
        ("61.4%", 61.4, "%"),
        ("61.4 percent", 61.4, "%"),
        ("50 %", 50, "%"),
        ("0.25 percentage points", 0.25, "pp"),
        ("12 km", 12, "km"),
        ("1400 meters", 1400, "metre"),
        ("10 days", 10, "day"),
        ("1.2 tonnes", 1.2, "tonne"),
        ("79 cents", 79, "cent"),
    ],
)
def test_percentages_and_units_keep_a_singular_unit_name(
    text: str, value: float, unit: str
) -> None:
    q = one(text)
    assert (q.value, q.unit, q.raw) == (value, unit, text)


def test_a_count_of_things_has_no_unit() -> None:
    assert one("250 employees").unit is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("eleven thousand spectators", 11_000),
        ("a dozen rifles", 12),
        ("two dozen eggs", 24),
        ("seventeen people", 17),
        ("Twenty-three miners", 23),
        ("half a million people", 500_000),
        ("a million people", 1_000_000),
        ("two and a half million doses", 2_500_000),
        ("two hundred and fifty people", 250),
    ],
)
def test_number_words_read_as_their_value(text: str, value: float) -> None:
    assert one(text).value == value


@pytest.mark.parametrize("text", ["one of the drones", "no one was hurt", "the one that got away"])
def test_one_as_a_pronoun_is_not_a_figure(text: str) -> None:
    assert parse_quantities(text) == []


def test_a_time_unit_after_a_hedge_counts_one() -> None:
    q = one("at least a year of schooling")
    assert (q.low, q.high, q.unit) == (1, None, "year")


def test_a_time_unit_without_a_hedge_is_not_a_figure() -> None:
    assert [q.raw for q in parse_quantities("save €4.5bn a year")] == ["€4.5bn"]


def test_a_compound_adjective_with_a_unit_is_a_figure_with_that_unit() -> None:
    q = one("a 30-day truce")
    assert (q.value, q.unit, q.raw) == (30, "day", "30-day")


def test_a_bare_m_before_a_plural_noun_is_million_and_otherwise_metres() -> None:
    assert one("8.5m devices").value == 8.5e6
    assert (one("a 400m sprint").value, one("a 400m sprint").unit) == (400, "metre")


# --- hedges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("about 1,000", 950, 1050),
        ("around 1,000", 950, 1050),
        ("approximately 1,000", 950, 1050),
        ("roughly 1,000", 950, 1050),
        ("some 1,000", 950, 1050),
        ("an estimated 1,000", 950, 1050),
        ("circa 1,000", 950, 1050),
        ("1,000 or so", 950, 1050),
        ("nearly 1,000", 900, 1000),
        ("almost 1,000", 900, 1000),
        ("close to 1,000", 900, 1000),
        ("just under 1,000", 900, 1000),
        ("just over 1,000", 1000, 1100),
        ("slightly more than 1,000", 1000, 1100),
        ("more than 1,000", 1000, None),
        ("over 1,000", 1000, None),
        ("above 1,000", 1000, None),
        ("exceeding 1,000", 1000, None),
        ("in excess of 1,000", 1000, None),
        ("upwards of 1,000", 1000, None),
        ("at least 1,000", 1000, None),
        ("no fewer than 1,000", 1000, None),
        ("no less than 1,000", 1000, None),
        ("a minimum of 1,000", 1000, None),
        ("1,000 or more", 1000, None),
        ("1,000-plus", 1000, None),
        ("up to 1,000", 0, 1000),
        ("as many as 1,000", 0, 1000),
        ("at most 1,000", 0, 1000),
        ("no more than 1,000", 0, 1000),
        ("a maximum of 1,000", 0, 1000),
        ("fewer than 1,000", 0, 1000),
        ("less than 1,000", 0, 1000),
        ("under 1,000", 0, 1000),
        ("below 1,000", 0, 1000),
    ],
)
def test_each_hedge_makes_its_documented_interval(
    text: str, low: float, high: float | None
) -> None:
    q = one(f"{text} people")
    assert (q.low, q.high) == (low, high)
    assert q.raw == text


@pytest.mark.parametrize(
    ("hedge", "low_open", "high_open"),
    [("nearly", False, True), ("just over", True, False), ("more than", True, False),
     ("at least", False, False), ("up to", False, False), ("fewer than", False, True)],
)
def test_hedges_mark_which_ends_are_open(hedge: str, low_open: bool, high_open: bool) -> None:
    assert apply_hedge(hedge, 100)[2:] == (low_open, high_open)


def test_approximately_66_keeps_its_approximate_flag() -> None:
    q = one("approximately 66 soldiers")
    assert (q.hedge, q.low, q.high) == ("around", pytest.approx(62.7), pytest.approx(69.3))


def test_the_longest_hedge_wording_wins() -> None:
    assert hedge_before("just under") == ("nearly", len("just under"))
    assert one("just under 70 per cent").high_open


def test_over_before_a_duration_is_a_preposition_unless_it_follows_for() -> None:
    assert [q.low for q in parse_quantities("lend €500m over 10 years")] == [500e6, 10]
    assert interval("jailed for over 10 years") == (10, None)


def test_a_hedge_between_the_currency_and_the_number_still_has_the_currency() -> None:
    q = one("Cindy ' s mother gives her $ more than 20 to spend")
    assert (q.raw, q.low, q.high, q.unit) == ("$ more than 20", 20, None, "USD")


def test_a_hedge_applies_to_a_currency_amount() -> None:
    q = one("losses exceeding $50bn")
    assert (q.raw, q.low, q.high, q.unit) == ("exceeding $50bn", 50e9, None, "USD")


# --- ranges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["10,000 to 12,000", "between 10,000 and 12,000", "10,000-12,000", "10,000–12,000",
     "from 10,000 to 12,000"],
)
def test_ranges_become_one_interval(text: str) -> None:
    q = one(f"{text} people")
    assert (q.low, q.high, q.hedge) == (10_000, 12_000, "range")


def test_a_range_shares_the_scale_and_unit_written_at_its_end() -> None:
    assert interval("10 to 12 million people") == (10e6, 12e6)
    q = one("a pay rise of 8-10 per cent")
    assert (q.low, q.high, q.unit) == (8, 10, "%")


def test_a_range_of_number_words_is_one_interval() -> None:
    assert interval("three to five battalions") == (3, 5)


def test_rose_from_3_to_5_is_a_change_not_a_range() -> None:
    assert [q.value for q in parse_quantities("Cases rose from 3 to 5 this week")] == [3, 5]


def test_a_descending_pair_is_two_figures() -> None:
    assert [q.value for q in parse_quantities("The bill passed by 312 votes to 187")] == [312, 187]
    assert [q.value for q in parse_quantities("Spain won 6-0")] == [6, 0]


# --- vague amounts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high", "high_open"),
    [
        ("a couple of", 2, 3, False),
        ("a few", 2, 5, False),
        ("a handful of", 2, 6, False),
        ("several", 3, 10, False),
        ("dozens of", 24, 144, True),
        ("scores of", 40, 200, True),
        ("hundreds of", 200, 1000, True),
        ("thousands of", 2000, 1_000_000, True),
        ("tens of thousands of", 20_000, 100_000, True),
        ("hundreds of thousands of", 200_000, 1_000_000, True),
        ("millions of", 2_000_000, 1_000_000_000, True),
        ("several hundred", 300, 1000, True),
        ("a few thousand", 2000, 5000, False),
    ],
)
def test_vague_amounts_have_documented_intervals(
    text: str, low: float, high: float, high_open: bool
) -> None:
    q = one(f"{text} civilians")
    assert (q.low, q.high, q.high_open, q.hedge) == (low, high, high_open, "vague")


def test_hedged_vague_amounts_keep_one_bound() -> None:
    assert interval("more than a few people") == (2, None)
    assert interval("up to thousands of people") == (0, 1_000_000)
    assert interval("fewer than a dozen projects") == (0, 12)


def test_scores_without_of_is_not_a_vague_amount() -> None:
    assert parse_quantities("the scores were level") == []


# --- rounding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision"),
    [("61%", 1), ("61.4%", 0.1), ("$4.5bn", 1e8), ("11,000", 1), ("eleven thousand", 1000),
     ("10 to 12 million", 1e6)],
)
def test_a_figure_remembers_the_precision_it_was_written_with(text: str, precision: float) -> None:
    assert one(text).precision == pytest.approx(precision)


# --- not figures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "in 2024", "the 2023 election", "in October 2024", "on 3 March", "at 10:30", "at 3pm",
        "at 0300 GMT", "a 30-year-old man", "aged 30", "aged between 16 and 25",
        "children under 5", "the third round", "the 21st Brigade", "world No. 1",
        "call 0800 123 4567", "call +44 20 7946 0000", "told 911 .", "on the M4",
        "along the A1", "Route 66", "near junction 18", "Article 5", "page 12",
        "Resolution 2231", "Covid-19", "F-16 jets", "the G7", "5G masts", "open 24/7",
        "the 1990s", "Section 4 of the act", "a Category 4 storm",
    ],
)
def test_years_dates_times_ages_ranks_and_labels_are_not_figures(text: str) -> None:
    assert parse_quantities(text) == []


@pytest.mark.parametrize(
    "text",
    ['"It rose 3 metres," said resident Marek Novak, 64.',
     "Ingrid Vos, 71, told the BBC she saw 3 metres of water.",
     '"We have no power," said Halyna Moroz, 68, in Kherson, of the 3 metres of water.'],
)
def test_an_age_set_off_by_commas_after_a_name_is_not_a_figure(text: str) -> None:
    assert [q.raw for q in parse_quantities(text)] == ["3 metres"]


def test_a_four_digit_number_before_a_plural_noun_is_a_count_not_a_year() -> None:
    assert one("2000 people").value == 2000


def test_masked_spans_are_skipped() -> None:
    text = "over the past three weeks 40 people"
    assert [q.raw for q in parse_quantities(text, [(0, 25)])] == ["40"]


# --- offsets and robustness ----------------------------------------------------------------


def test_raw_text_and_offsets_point_at_the_figure() -> None:
    text = "Officials said around 11,000 troops had arrived."
    q = one(text)
    assert text[q.start : q.end] == q.raw == "around 11,000"


def test_text_without_numbers_has_no_figures() -> None:
    assert parse_quantities("The minister declined to comment.") == []


@pytest.mark.parametrize(("text", "tally"), [
    ("a 2-1 win", True),
    ("a 68 – 31 vote", True),
    ("call 1-800-555", False),  # a phone number: more digits around the dash
    ("lost 1-2.5 on aggregate", False),  # a decimal after
    ("the 2016-17 season", False),  # not small whole numbers
])
def test_a_tally_is_two_small_whole_numbers_joined_by_a_dash_alone(text: str, tally: bool) -> None:
    a, b = digit_atoms(text)[:2]
    assert is_tally(text, a, b) is tally


def test_a_tally_is_read_at_an_offset_into_a_longer_text() -> None:
    article = "Intro. They won 3-0."
    a, b = digit_atoms(article)
    assert is_tally(article[7:], a, b, offset=7)
