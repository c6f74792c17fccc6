"""Property-based tests of the number parser (hypothesis): a number written in any supported way
parses back to an interval that contains it, and no input crashes the parser or the extractor."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.extract.claims import extract_claims
from reconcile.extract.numbers import Quantity, parse_quantities

_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    """An integer below a billion in English words: 'two hundred and fifty thousand'."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10 - 2] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " and " + words(rest))
    for size, name in ((1_000_000, "million"), (1000, "thousand")):
        if n >= size:
            rest = n % size
            tail = "" if rest == 0 else (" and " if rest < 100 else " ") + words(rest)
            return words(n // size) + " " + name + tail
    raise ValueError(n)


def contains(q: Quantity, v: float) -> bool:
    """The closed hull of the figure's interval holds v (an open end still bounds the hull)."""
    tol = 1e-9 * max(1.0, abs(v))
    return (q.low is None or q.low <= v + tol) and (q.high is None or v - tol <= q.high)


def parsed(text: str) -> Quantity:
    found = parse_quantities(text)
    assert len(found) == 1, (text, found)
    return found[0]


counts = st.integers(min_value=0, max_value=10**12)
hedges = st.sampled_from(
    ["", "about ", "around ", "roughly ", "some ", "nearly ", "almost ", "just over ",
     "more than ", "over ", "at least ", "up to ", "as many as ", "fewer than ", "under ",
     "no more than ", "a minimum of ", "in excess of ", "close to "]
)


@given(counts, hedges)
def test_a_count_with_thousands_separators_parses_back_to_an_interval_holding_it(
    n: int, hedge: str
) -> None:
    q = parsed(f"{hedge}{n:,} people")
    assert contains(q, n)
    assert q.value == n


@given(st.integers(min_value=1000, max_value=10**9), st.sampled_from([" ", "\u00a0", "\u202f"]))
def test_a_count_with_space_separators_parses_back_to_its_value(n: int, sep: str) -> None:
    assert parsed(f"{n:,} people".replace(",", sep)).value == n


@given(st.integers(min_value=0, max_value=999_999_999), hedges)
def test_a_count_in_words_parses_back_to_an_interval_holding_it(n: int, hedge: str) -> None:
    q = parsed(f"{hedge}{words(n)} people")
    assert contains(q, n)


@given(st.decimals(min_value=0, max_value=1000, places=1), hedges,
       st.sampled_from(["%", " per cent", " percent", " %"]))
def test_a_percentage_parses_back_with_its_unit(x: object, hedge: str, sign: str) -> None:
    v = float(str(x))
    q = parsed(f"{hedge}{x}{sign} of the vote")
    assert q.unit == "%"
    assert contains(q, v)


@given(st.decimals(min_value=1, max_value=999, places=1),
       st.sampled_from([("bn", 1e9), ("m", 1e6), (" billion", 1e9), (" million", 1e6),
                        ("tn", 1e12), ("k", 1e3)]),
       st.sampled_from([("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("US$", "USD"),
                        ("¥", "JPY")]))
def test_a_currency_amount_with_a_scale_parses_back_to_its_value(
    x: object, scale: tuple[str, float], currency: tuple[str, str]
) -> None:
    q = parsed(f"{currency[0]}{x}{scale[0]} in aid")
    assert q.unit == currency[1]
    assert contains(q, float(str(x)) * scale[1])


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**9),
       st.sampled_from(["between {a} and {b}", "{a} to {b}", "{a}-{b}", "{a}–{b}"]))
def test_a_range_parses_back_to_an_interval_holding_both_ends(a: int, d: int, form: str) -> None:
    b = a + d
    q = parsed(form.format(a=f"{a:,}", b=f"{b:,}") + " people")
    assert contains(q, a)
    assert contains(q, b)
    assert (q.low, q.high) == (a, b)


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_no_text_crashes_the_number_parser(text: str) -> None:
    for q in parse_quantities(text):
        assert text[q.start : q.end] == q.raw


_TOKENS = [
    "about", "more", "than", "between", "and", "to", "-", "–", "$", "€", "£", "%", "per", "cent",
    "million", "bn", "m", "k", "a", "dozen", "half", "thousand", "hundreds", "of", "several",
    "1", "11,000", "4.5", "2024", "30", "0", "999", "12 500", "one", "two", "said", "Colonel",
    "Petrov", "according", "\"", "''", "``", ",", ".", "since", "October", "last", "week",
    "killed", "troops", "the", "Reuters", "reported", "citing", "officials", "told", "it",
    "aged", "year-old", "No.", "Route", "at", "least", "up", "or", "so", ":", "–", "\n",
]


@given(st.lists(st.sampled_from(_TOKENS), max_size=40), st.dates())
@settings(max_examples=300)
def test_no_news_like_text_crashes_the_extractor(tokens: list[str], published: date) -> None:
    text = " ".join(tokens)
    for claim in extract_claims(text, published, frozenset({"reuters"})):
        assert text[claim.start : claim.end] == claim.text
        for f in claim.values:
            assert text[f.start : f.end] == f.raw
            assert f.low is None or f.high is None or f.low <= f.high
