"""Time spans resolved against the article's publication date (docs/semantics.md, "Time spans")."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.extract.timespans import claim_span, find_time_spans

PUB = date(2025, 2, 12)  # a Wednesday


def span(text: str, published: date | None = PUB) -> tuple[date | None, date | None]:
    found = claim_span(find_time_spans(text, published))
    assert found is not None, text
    return found.start, found.end


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("troops arrived since October 2024", date(2024, 10, 1), PUB),
        ("no fighting since 14 June 2024", date(2024, 6, 14), PUB),
        ("prices have doubled since 2022", date(2022, 1, 1), PUB),
        ("over the past three weeks", date(2025, 1, 22), PUB),
        ("in the last 21 days", date(2025, 1, 22), PUB),
        ("during the previous 2 months", date(2024, 12, 14), PUB),
        ("last week", date(2025, 2, 3), date(2025, 2, 9)),
        ("this week", date(2025, 2, 10), PUB),
        ("on Tuesday", date(2025, 2, 11), date(2025, 2, 11)),
        ("on Wednesday", PUB, PUB),
        ("on Thursday", date(2025, 2, 6), date(2025, 2, 6)),
        ("yesterday", date(2025, 2, 11), date(2025, 2, 11)),
        ("today", PUB, PUB),
        ("in January", date(2025, 1, 1), date(2025, 1, 31)),
        ("in September", date(2024, 9, 1), date(2024, 9, 30)),
        ("in 2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("in September 2024", date(2024, 9, 1), date(2024, 9, 30)),
        ("on 3 March 2025", date(2025, 3, 3), date(2025, 3, 3)),
        ("on March 3, 2025", date(2025, 3, 3), date(2025, 3, 3)),
        ("last month", date(2025, 1, 1), date(2025, 1, 31)),
        ("last year", date(2024, 1, 1), date(2024, 12, 31)),
        ("this month", date(2025, 2, 1), PUB),
        ("this year", date(2025, 1, 1), PUB),
        ("between 1 and 5 February", date(2025, 2, 1), date(2025, 2, 5)),
        ("from 1 to 5 February", date(2025, 2, 1), date(2025, 2, 5)),
        ("1-5 February", date(2025, 2, 1), date(2025, 2, 5)),
        ("between 28 January and 3 February", date(2025, 1, 28), date(2025, 2, 3)),
    ],
)
def test_each_wording_resolves_to_its_documented_span(text: str, start: date, end: date) -> None:
    assert span(f"Officials said 40 people were hurt {text}.") == (start, end)


def test_a_relative_span_without_a_publication_date_is_unresolved() -> None:
    found = find_time_spans("on Tuesday", None)
    assert [(s.raw, s.start, s.end) for s in found] == [("on Tuesday", None, None)]


def test_an_absolute_date_resolves_without_a_publication_date() -> None:
    assert span("in September 2024", None) == (date(2024, 9, 1), date(2024, 9, 30))


def test_a_duration_with_no_anchor_is_not_a_span() -> None:
    assert find_time_spans("a 30-day ceasefire starts in 10 days", PUB) == []


def test_last_as_a_verb_is_not_a_span() -> None:
    assert find_time_spans("the walkout would last 48 hours", PUB) == []


def test_a_time_that_qualifies_an_ordinal_is_not_the_claims_span() -> None:
    assert claim_span(find_time_spans("the walkout, the third this year, ended", PUB)) is None


def test_may_as_a_verb_is_not_a_month() -> None:
    assert find_time_spans("the troops may withdraw", PUB) == []


def test_the_claim_span_is_the_first_resolvable_one() -> None:
    spans = find_time_spans("On Monday, 40 people fled since October 2024", PUB)
    assert [s.raw for s in spans] == ["On Monday", "since October 2024"]
    assert claim_span(spans) is not None
    assert claim_span(spans).raw == "On Monday"  # type: ignore[union-attr]


def test_spans_carry_their_offsets_in_the_sentence() -> None:
    text = "About 300 were killed last week."
    (found,) = find_time_spans(text, PUB)
    assert text[found.start_char : found.end_char] == found.raw == "last week"


def test_an_impossible_date_is_unresolved_rather_than_an_error() -> None:
    (found,) = find_time_spans("on 31 February 2025", PUB)
    assert (found.start, found.end) == (None, None)
