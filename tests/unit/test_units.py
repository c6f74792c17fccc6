"""reconcile/extract/units.py: scales, currencies, percentages and units written around a
number, as the tables of docs/semantics.md name them."""

from __future__ import annotations

import pytest

from reconcile.extract.units import (
    CURRENCY_SYMBOL,
    CURRENCY_WORD,
    SCALE,
    TIME_UNITS,
    UNIT_WORD,
    currency_before,
    suffix_unit,
)


def after_number(text: str) -> tuple[str | None, str]:
    """suffix_unit for the text after a leading '5': the unit and what it took of the text."""
    assert text.startswith("5")
    unit, end = suffix_unit(text, 1)
    return unit, text[1:end]


def before_number(text: str) -> tuple[str | None, str]:
    """currency_before for the first digit of `text`: the code and what it took of the text."""
    start = next(i for i, ch in enumerate(text) if ch.isdigit())
    code, new_start = currency_before(text, start)
    return code, text[new_start:start]


# --- the tables ------------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "factor"), [
    ("hundred", 100), ("thousand", 1e3), ("k", 1e3), ("million", 1e6), ("m", 1e6),
    ("mn", 1e6), ("mln", 1e6), ("billion", 1e9), ("bn", 1e9), ("b", 1e9),
    ("trillion", 1e12), ("tn", 1e12), ("lakh", 1e5), ("crore", 1e7),
])
def test_scale_word_multiplies_by_its_power_of_ten(word, factor):
    assert SCALE[word] == factor


def test_scale_words_are_lower_case():
    assert all(w == w.lower() for w in SCALE)


def test_currency_codes_are_three_upper_case_letters():
    for code in {*CURRENCY_SYMBOL.values(), *CURRENCY_WORD.values()}:
        assert len(code) == 3 and code.isupper() and code.isalpha(), code


def test_currency_symbol_and_word_tables_agree_on_codes_written_as_words():
    for word, code in CURRENCY_WORD.items():
        if word in CURRENCY_SYMBOL:
            assert CURRENCY_SYMBOL[word] == code


def test_unit_words_are_keyed_lower_case():
    assert all(w == w.lower() for w in UNIT_WORD)


def test_time_units_are_all_unit_names():
    assert set(UNIT_WORD.values()) >= TIME_UNITS


def test_no_word_is_both_a_currency_and_a_unit():
    assert not set(CURRENCY_WORD) & set(UNIT_WORD)


# --- suffix_unit: percentages and points -----------------------------------------------------


@pytest.mark.parametrize("text", ["5%", "5 %", "5 per cent", "5 percent", "5 pct", "5percent",
                                  "5 Percent", "5 PER CENT", "5\u00a0%", "5\u202f%"])
def test_percent_in_any_wording_is_percent(text):
    assert after_number(text) == ("%", text[1:])


@pytest.mark.parametrize("text", ["5 percentage points", "5 percentage point",
                                  "5 percentage-point", "5 percent points", "5 per cent points",
                                  "5 % points", "5 pp", "5 pps", "5 ppts", "5 ppt"])
def test_percentage_points_are_pp_not_percent(text):
    assert after_number(text) == ("pp", text[1:])


def test_percentage_alone_without_points_is_no_unit():
    assert after_number("5 percentage") == (None, "")


def test_points_alone_are_no_unit():
    assert after_number("5 points") == (None, "")


def test_percent_stops_before_the_following_word():
    assert after_number("5 per cent of voters") == ("%", " per cent")


def test_two_spaces_before_a_percent_sign_take_nothing():
    assert after_number("5  %") == (None, "")


def test_percent_as_the_start_of_a_longer_word_is_no_unit():
    assert after_number("5 percentages") == (None, "")


# --- suffix_unit: currency words -------------------------------------------------------------


@pytest.mark.parametrize(("text", "code"), [
    ("5 dollars", "USD"), ("5 dollar", "USD"), ("5 US dollars", "USD"), ("5 euros", "EUR"),
    ("5 euro", "EUR"), ("5 pounds sterling", "GBP"), ("5 sterling", "GBP"),
    ("5 roubles", "RUB"), ("5 rubles", "RUB"), ("5 hryvnias", "UAH"), ("5 yen", "JPY"),
    ("5 yuan", "CNY"), ("5 renminbi", "CNY"), ("5 rupees", "INR"), ("5 Swiss francs", "CHF"),
    ("5 USD", "USD"), ("5 EUR", "EUR"), ("5 won", "KRW"),
])
def test_currency_word_after_a_number_is_its_iso_code(text, code):
    assert after_number(text) == (code, text[1:])


def test_pounds_without_sterling_are_a_weight():
    assert after_number("5 pounds") == ("pound", " pounds")


def test_longest_currency_wording_wins():
    assert after_number("5 pounds sterling") == ("GBP", " pounds sterling")
    assert after_number("5 swiss francs") == ("CHF", " swiss francs")


def test_scale_then_currency_word_reads_from_the_given_offset():
    text = "5 million dollars"
    assert suffix_unit(text, len("5 million")) == ("USD", len(text))


@pytest.mark.parametrize("follow", ["by", "the", "a", "an", "in", "at", "on", "its", "their",
                                    "his", "her"])
def test_won_before_a_verb_object_is_the_verb_not_the_currency(follow):
    assert after_number(f"5 won {follow} something") == (None, "")


def test_won_at_the_end_of_a_sentence_is_the_currency():
    assert after_number("5 won.") == ("KRW", " won")


def test_won_before_a_comma_is_the_currency():
    assert after_number("5 won, said") == ("KRW", " won")


def test_currency_word_inside_a_longer_word_is_not_taken():
    assert after_number("5 euroskeptics") == (None, "")
    assert after_number("5 wonders") == (None, "")


# --- suffix_unit: physical and time units ----------------------------------------------------


@pytest.mark.parametrize(("text", "unit"), [
    ("5 km", "km"), ("5km", "km"), ("5 kilometres", "km"), ("5 kilometers", "km"),
    ("5 miles", "mile"), ("5 mile", "mile"), ("5 kg", "kg"), ("5 kilograms", "kg"),
    ("5 tonnes", "tonne"), ("5 tons", "tonne"), ("5 metric tons", "tonne"),
    ("5 metres", "metre"), ("5 meters", "metre"), ("5 hours", "hour"), ("5 hrs", "hour"),
    ("5 minutes", "minute"), ("5 mins", "minute"), ("5 seconds", "second"),
    ("5 days", "day"), ("5 weeks", "week"), ("5 months", "month"), ("5 years", "year"),
    ("5 decades", "decade"), ("5 stories", "storey"), ("5 storeys", "storey"),
    ("5 feet", "foot"), ("5 inches", "inch"), ("5 barrels", "barrel"), ("5 litres", "litre"),
    ("5 liters", "litre"), ("5 acres", "acre"), ("5 hectares", "hectare"),
    ("5 sq km", "km2"), ("5 km2", "km2"), ("5 square kilometres", "km2"),
    ("5 square miles", "sq mile"), ("5 mph", "mph"), ("5 km/h", "km/h"), ("5 kph", "km/h"),
    ("5 °C", "°C"), ("5°C", "°C"), ("5 °F", "°F"), ("5 MW", "MW"), ("5 megawatts", "MW"),
    ("5 GW", "GW"), ("5 kWh", "kWh"), ("5 TWh", "TWh"), ("5 knots", "knot"),
    ("5 cents", "cent"), ("5 pence", "pence"),
])
def test_unit_word_after_a_number_is_its_singular_name(text, unit):
    assert after_number(text) == (unit, text[1:])


@pytest.mark.parametrize("text", ["5 KM", "5 Miles", "5 HOURS"])
def test_unit_words_are_read_in_any_case(text):
    unit, taken = after_number(text)
    assert unit is not None and taken == text[1:]


def test_square_kilometres_win_over_kilometres():
    assert after_number("5 square kilometres")[0] == "km2"


def test_km_per_hour_wins_over_km():
    assert after_number("5 km/h") == ("km/h", " km/h")


def test_unit_followed_by_a_slash_is_not_taken():
    # "5 kg/m" is a rate the table does not know, not 5 kg
    assert after_number("5 kg/m") == (None, "")


def test_unit_as_the_start_of_a_longer_word_is_not_taken():
    assert after_number("5 kmph") == (None, "")
    assert after_number("5 minutesx") == (None, "")
    assert after_number("5 daylight") == (None, "")


def test_unit_before_a_hyphen_is_taken():
    assert after_number("5 km-long") == ("km", " km")
    assert after_number("5 hours-long") == ("hour", " hours")


def test_unit_before_a_full_stop_stops_at_the_unit():
    assert after_number("5 kilometres.") == ("km", " kilometres")


@pytest.mark.parametrize(("tight", "unit"), [("ft", "foot"), ("lb", "pound"), ("oz", "ounce"),
                                             ("mm", "mm"), ("cm", "cm"), ("kms", "km")])
def test_tight_unit_right_after_the_number_is_taken(tight, unit):
    assert after_number(f"5{tight}") == (unit, tight)


@pytest.mark.parametrize("tight", ["ft", "lb", "oz", "mm", "cm", "kms"])
def test_tight_unit_after_a_space_is_not_taken(tight):
    assert after_number(f"5 {tight}") == (None, "")


def test_letter_m_alone_is_not_metres():
    assert after_number("5 m") == (None, "")


def test_narrow_no_break_space_before_a_unit_is_taken():
    assert after_number("5\u202fkm") == ("km", "\u202fkm")


def test_no_unit_leaves_the_end_where_it_was():
    assert suffix_unit("5 people died", 1) == (None, 1)


def test_suffix_unit_at_the_end_of_the_text_is_none():
    assert suffix_unit("abc", 3) == (None, 3)


def test_suffix_unit_reads_from_the_offset_given():
    text = "it cost 5 euros"
    assert suffix_unit(text, text.index("5") + 1) == ("EUR", len(text))


# --- currency_before -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "code", "taken"), [
    ("$5", "USD", "$"), ("US$5", "USD", "US$"), ("US $5", "USD", "US $"), ("$ 5", "USD", "$ "),
    ("€5", "EUR", "€"), ("£5", "GBP", "£"), ("¥5", "JPY", "¥"), ("₽5", "RUB", "₽"),
    ("₴5", "UAH", "₴"), ("₩5", "KRW", "₩"), ("₹5", "INR", "₹"), ("A$5", "AUD", "A$"),
    ("C$5", "CAD", "C$"), ("HK$5", "HKD", "HK$"), ("USD 5", "USD", "USD "),
    ("GBP5", "GBP", "GBP"), ("CHF 5", "CHF", "CHF "), ("RMB 5", "CNY", "RMB "),
    ("paid $5", "USD", "$"),
])
def test_currency_before_a_number_is_its_iso_code(text, code, taken):
    assert before_number(text) == (code, taken)


def test_currency_symbol_glued_to_a_word_is_not_a_currency():
    assert before_number("X$5") == (None, "")
    assert before_number("AUS$5") == (None, "")


def test_currency_code_inside_a_longer_word_is_not_a_currency():
    assert before_number("FUSD 5") == (None, "")


def test_currency_codes_before_a_number_are_upper_case_only():
    assert before_number("usd 5") == (None, "")


def test_no_currency_before_a_number_leaves_the_start_where_it_was():
    assert currency_before("killed 5", 7) == (None, 7)


def test_currency_before_the_start_of_the_text_is_none():
    assert currency_before("5", 0) == (None, 0)


def test_currency_with_two_spaces_before_the_number_is_not_taken():
    assert before_number("$  5") == (None, "")


def test_currency_further_back_than_a_word_is_not_taken():
    assert before_number("$ and 5") == (None, "")
