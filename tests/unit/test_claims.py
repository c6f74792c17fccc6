"""Article text to claims: the public API the service uses (`extract_claims`)."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.domain import Claim, Figure
from reconcile.extract.claims import analyse, extract_claims

PUB = date(2025, 2, 11)
ARTICLE = (
    "North Korea has sent around 11,000 troops to Russia since October 2024, according to South "
    "Korea's National Intelligence Service. Colonel Ana Petrov of Ukraine's special operations "
    "forces spoke to reporters in Sumy. \"We believe at least 4,000 were killed and wounded.\" "
    "Petrov said 12 tanks were destroyed last week, as first reported by BILD. The weather was "
    "cold."
)


@pytest.fixture(scope="module")
def claims() -> list[Claim]:
    return extract_claims(ARTICLE, PUB, frozenset({"zorya"}))


def test_only_sentences_with_a_figure_or_a_source_are_claims(claims: list[Claim]) -> None:
    assert [c.index for c in claims] == [0, 2, 3]
    assert len(analyse(ARTICLE, PUB)) == 5


def test_a_claim_carries_its_figures_as_intervals_with_measures(claims: list[Claim]) -> None:
    (f, since) = claims[0].values  # the count, and "since October 2024" as a date
    assert since.unit == "date" and since.hedge == "since"
    assert (f.raw, f.low, f.high, f.unit, f.measure, f.hedge) == (
        "around 11,000", 10_450, 11_550, None, "troops", "around")


def test_a_claim_carries_its_time_span_resolved_against_publication(
    claims: list[Claim]
) -> None:
    span = claims[0].time_span
    assert span is not None and (span.start, span.end) == (date(2024, 10, 1), PUB)
    last_week = claims[2].time_span
    assert last_week is not None and (last_week.start, last_week.end) == (
        date(2025, 2, 3), date(2025, 2, 9))


def test_a_claim_carries_its_source_and_citations(claims: list[Claim]) -> None:
    assert claims[0].source is not None
    assert (claims[0].source.name, claims[0].source.kind) == (
        "South Korea's National Intelligence Service", "organisation")
    assert [c.outlet for c in claims[2].citations] == ["BILD"]


def test_a_bare_quote_is_credited_to_the_person_named_in_the_sentence_before(
    claims: list[Claim]
) -> None:
    quote = claims[1]
    assert quote.source is not None and quote.source.name == "Ana Petrov"
    assert (quote.source.start, quote.source.end) == (None, None)
    assert quote.quote == "We believe at least 4,000 were killed and wounded"
    assert [f.measure for f in quote.values] == ["casualties"]


def test_a_bare_surname_of_a_person_named_earlier_is_that_person(claims: list[Claim]) -> None:
    source = claims[2].source
    assert source is not None and (source.name, source.kind) == ("Petrov", "person")
    assert ARTICLE[source.start : source.end] == "Petrov"  # type: ignore[misc]
    (alone,) = extract_claims("Baltrex said 250 jobs would go.", PUB)
    assert alone.source is not None and alone.source.kind == "person"
    (named,) = extract_claims("The bank said so. Baltrex, which employs 2,400 staff, said it "
                              "would cut 250 jobs.", PUB)[-1:]
    assert named.source is not None and named.source.kind == "organisation"


def test_figures_and_sources_keep_their_offsets_in_the_article(claims: list[Claim]) -> None:
    for claim in claims:
        assert ARTICLE[claim.start : claim.end] == claim.text
        for f in claim.values:
            assert ARTICLE[f.start : f.end] == f.raw
        for c in claim.citations:
            assert ARTICLE[c.start : c.end] == c.outlet
    src = claims[0].source
    assert src is not None and ARTICLE[src.start : src.end] == src.name  # type: ignore[misc]


def test_he_said_goes_to_the_last_speaker() -> None:
    text = ('Ivan Dorosh, the ministry spokesman, said 40 shells had arrived. "The rest will come '
            'in May," he added.')
    claims = extract_claims(text, PUB)
    assert [c.source.name for c in claims if c.source] == ["Ivan Dorosh", "Ivan Dorosh"]


def test_a_quote_after_an_institutions_statement_goes_to_the_last_person_who_spoke() -> None:
    text = ('Frederic Spohr, a director at the foundation, said 300 had died. State media have '
            'never officially acknowledged the losses. "Handling 300 deaths could be hard," he '
            'said. "Kim is desperate to avoid unrest."')
    sources = [c.source.name for c in extract_claims(text, PUB) if c.source]
    assert sources == ["Frederic Spohr", "State media", "Frederic Spohr", "Frederic Spohr"]


def test_a_long_speaker_phrase_after_a_quote_is_the_speaker_not_the_quote() -> None:
    text = ('"We have observed no actions or engagements involving North Koreans recently," said '
            "Col. Oleksandr Kondratenko of the Ukrainian Special Operations Forces.")
    (claim,) = extract_claims(text, PUB)
    assert claim.source is not None and claim.source.name == "Oleksandr Kondratenko"


def test_it_said_goes_to_the_organisation_the_sentence_is_about() -> None:
    (claim,) = extract_claims("The airline carried 4.2 million passengers in July, it said.", PUB)
    assert claim.source is not None and claim.source.name == "airline"


def test_the_article_outlet_is_a_citation_never_a_source() -> None:
    (claim,) = extract_claims("Zorya reported 14 people were killed.", PUB, frozenset({"zorya"}))
    assert claim.source is None and [c.outlet for c in claim.citations] == ["Zorya"]


def test_tokenised_text_is_read_like_plain_text() -> None:
    text = ("-LRB- CNN -RRB- A $ 5,000 reward is offered . '' Someone just came in and shot my "
            "daughter , '' Flores ' wife told 911 . The company has 250 employees .")
    claims = extract_claims(text)
    values = [(f.raw, f.unit, f.measure) for c in claims for f in c.values]
    assert values == [("$ 5,000", "USD", "reward"), ("250", None, "employee")]


def test_figures_serialise_to_json_with_null_for_unbounded_ends() -> None:
    (claim,) = extract_claims("More than 200 flights were cancelled.", PUB)
    dumped = claim.model_dump(mode="json")
    assert dumped["values"][0]["high"] is None and dumped["values"][0]["low"] == 200
    assert Figure.model_validate(dumped["values"][0]) == claim.values[0]


def test_an_empty_article_has_no_claims() -> None:
    assert extract_claims("") == []
    assert extract_claims("   \n ") == []
