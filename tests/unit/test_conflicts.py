from __future__ import annotations

from reconcile.domain import format_number
from reconcile.rules.conflicts import (
    describe,
    find_conflicts,
    find_updates,
    numeric_conflicts,
)
from tests.unit.helpers import claim, claims_of

PUB = "2025-02-14T08:00:00"


def kinds(claims: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(c.kind for c in find_conflicts(claims) + numeric_conflicts(claims))


def test_incompatible_figures_from_two_outlets_are_a_numeric_conflict() -> None:
    drafts = numeric_conflicts([
        claim("A", "North Korea has sent 11,000 troops to Russia since October 2024.",
              published=PUB),
        claim("B", "North Korea has sent 12,000 troops to Russia since October 2024.",
              published=PUB),
    ])
    (d,) = drafts
    assert d.kind == "numeric" and d.measure == "troops"
    assert d.key.startswith("numeric:count:troops@")
    assert [p.outlets for p in d.positions] == [["A"], ["B"]]
    assert d.explanation == ("troops (send), korea: A: 11,000 troops vs B: 12,000 troops — 8% "
                             "apart, both since October 2024")
    assert 0 < d.severity <= 1


def test_three_outlets_two_values_make_one_conflict_with_two_positions() -> None:
    claims = [
        claim("A", "North Korea has sent 11,000 troops to Russia."),
        claim("B", "North Korea has sent 12,000 troops to Russia."),
        claim("C", "North Korea has sent around 11,000 soldiers to Russia."),
    ]
    (d,) = numeric_conflicts(claims)
    assert sorted(p.outlets for p in d.positions) == [["A", "C"], ["B"]]
    eleven = next(p for p in d.positions if "A" in p.outlets)
    assert (eleven.low, eleven.high) == (11000, 11000)


def test_overlapping_hedged_values_are_not_a_conflict() -> None:
    assert kinds([claim("A", "Officials said around 11,000 troops were sent."),
                  claim("B", "Officials said 11,000 troops were sent.")]) == []


def test_different_measures_are_not_a_conflict() -> None:
    assert kinds([claim("A", "The troops suffered thousands of casualties."),
                  claim("B", "The troops suffered 900 deaths.")]) == []


def test_same_outlet_never_conflicts_with_itself() -> None:
    assert kinds(claims_of("A", "Officials said 11,000 troops were sent. Others said "
                                "12,000 troops were sent.")) == []


def test_different_time_spans_are_not_a_conflict() -> None:
    assert kinds([
        claim("A", "The army recruited 500 soldiers in September.", published=PUB),
        claim("B", "The army recruited 800 soldiers in October.", published=PUB),
    ]) == []


def test_overlapping_time_spans_still_conflict() -> None:
    assert kinds([
        claim("A", "The army recruited 500 soldiers since October 2024.", published=PUB),
        claim("B", "The army recruited 800 soldiers in the past three weeks.", published=PUB),
    ]) == ["numeric"]


def test_an_outlets_later_figure_is_an_update_not_a_conflict() -> None:
    early = claim("A", "The death toll stands at 40, officials said.", article=1,
                  published="2025-02-14T08:00:00")
    late = claim("A", "The death toll stands at 52, officials said.", article=2,
                 published="2025-02-14T18:00:00")
    (update,) = find_updates([early, late])
    assert (update.earlier_claim_id, update.later_claim_id) == (early.id, late.id)
    assert (update.earlier, update.later) == ("40", "52")
    assert kinds([early, late]) == []


def test_updated_figure_is_left_out_of_conflicts_with_others() -> None:
    early = claim("A", "Officials say 40 people were killed.", article=1,
                  published="2025-02-14T08:00:00")
    late = claim("A", "Officials say 52 people were killed.", article=2,
                 published="2025-02-14T18:00:00")
    other = claim("B", "Officials say 52 people were killed.", article=3,
                  published="2025-02-14T12:00:00")
    assert kinds([early, late, other]) == []


def test_same_quote_credited_to_different_people_is_an_attribution_conflict() -> None:
    quote = '"We believe their withdrawal is a result of heavy losses," '
    claims = [
        claim("A", quote + "Colonel Oleksandr Kondratenko said."),
        claim("B", quote + "Col. Kondratenko said."),
        claim("C", quote + "Frederic Spohr said."),
    ]
    (d,) = find_conflicts(claims)
    assert d.kind == "attribution"
    sources = {p.source: p.outlets for p in d.positions}
    assert sources == {"Oleksandr Kondratenko": ["A", "B"], "Frederic Spohr": ["C"]}
    assert "heavy losses" in d.explanation


def test_name_variants_of_one_person_are_not_a_conflict() -> None:
    quote = '"We believe their withdrawal is a result of heavy losses," '
    assert kinds([claim("A", quote + "Colonel Oleksandr Kondratenko said."),
                  claim("B", quote + "Col. O. Kondratenko said."),
                  claim("C", quote + "Kondratenko said.")]) == []


def test_outlet_citing_another_outlet_is_not_a_competing_source() -> None:
    assert kinds([
        claim("A", "About 1,000 North Korean soldiers have withdrawn, as first reported by The "
                   "New York Times."),
        claim("B", "About 1,000 North Korean soldiers have withdrawn, Ukrainian officials "
                   "said."),
    ]) == []


def test_different_statements_by_different_people_are_not_a_conflict() -> None:
    assert kinds([claim("A", '"The talks went well," Colonel Ana Petrov said.'),
                  claim("B", '"We will not retreat," Frederic Spohr said.')]) == []


def test_describe_shows_hedge_interval_and_unit() -> None:
    c = claim("A", "Officials said around 11,000 troops were sent.")
    assert describe(c.values[0], "troops") == "11,000 troops (around: 10,450-11,550)"
    money = claim("A", "The fund holds $4.5bn.")
    assert describe(money.values[0]).startswith("USD 4.5bn")


def test_format_number_is_readable() -> None:
    assert format_number(11000) == "11,000"
    assert format_number(4.5e9) == "4.5bn"
    assert format_number(2_500_000) == "2.5m"
    assert format_number(61.4) == "61.4"
    assert format_number(None) == "∞"


def test_attribution_severity_reflects_how_different_the_sources_are() -> None:
    from reconcile.rules.conflicts import attribution_severity

    people = attribution_severity(["Oleksandr Kondratenko", "Frederic Spohr"], {"person"})
    bodies = attribution_severity(["Ukrainian officials", "Ukrainian military sources"],
                                  {"organisation"})
    assert 0.9 <= people <= 1.0
    assert 0.2 <= bodies < people


def test_same_wording_with_different_figures_is_not_the_same_statement() -> None:
    assert kinds([claim("A", "Colonel Ana Petrov said 300 soldiers were captured overnight."),
                  claim("B", "Frederic Spohr said 900 soldiers were captured overnight.")]
                 ) == ["numeric"]


def test_a_description_never_contradicts_a_named_source() -> None:
    from reconcile.rules.conflicts import named

    assert named("Oleksandr Kondratenko") and named("Pentagon") and named("Spohr")
    assert not named("source") and not named("Kenyan military spokesman")
    assert not named("U.S. defense official") and not named("Ukrainian officials")
    assert kinds([claim("A", "The four died when the mall collapsed, Maj. Emmanuel Chirchir "
                             "said."),
                  claim("B", "The four died when the mall collapsed, a Kenyan military "
                             "spokesman said.")]) == []


def test_a_quote_credited_by_context_is_not_an_attribution_conflict() -> None:
    # Outlet A's bare quote follows a quote of Ines Marlow, outlet B's follows one of Paul
    # Ferreira: each is credited to whoever spoke last, which says nothing either outlet wrote.
    a = claims_of("A", '"We are rebuilding the archive," Ines Marlow said. "The old records '
                       'were lost in the flood of the basement."')
    b = claims_of("B", '"Funding arrived late," Paul Ferreira said. "The old records were lost '
                       'in the flood of the basement."')
    assert [c.kind for c in find_conflicts(a + b)] == []


def test_a_quoted_phrase_is_not_a_statement_to_credit() -> None:
    claims = [claim("A", 'Prime Minister Ola Sand warned of a "charm offensive" by rivals.'),
              claim("B", 'Norway warned of a "charm offensive" by rivals.')]
    assert [c.kind for c in find_conflicts(claims)] == []


def test_the_same_quote_credited_explicitly_to_two_people_still_conflicts() -> None:
    quote = '"The old records were lost in the flood of the basement," '
    claims = [claim("A", quote + "Ines Marlow said."), claim("B", quote + "Paul Ferreira said.")]
    assert [c.kind for c in find_conflicts(claims)] == ["attribution"]
