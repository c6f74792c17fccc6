"""Numeric conflicts over a story's figures, aligned by frames (conflicts.numeric_conflicts)."""

import pytest

from reconcile.extract.claims import analyse, is_claim
from reconcile.extract.frames import frame_claims, load_parser
from reconcile.models import ClaimOut
from reconcile.rules.conflicts import numeric_conflicts


@pytest.fixture(scope="module")
def parse():
    return load_parser()


def story(parse, *articles: tuple[str, str]) -> list[ClaimOut]:
    """The claims of (outlet, text) articles, numbered as the store would number them."""
    out: list[ClaimOut] = []
    for article_id, (outlet, text) in enumerate(articles, start=1):
        for claim in frame_claims(analyse(text), parse):
            if is_claim(claim):
                out.append(ClaimOut.from_claim(claim, id=len(out) + 1, article_id=article_id,
                                               cluster_id=len(out) + 1, outlet=outlet,
                                               published_at=None))
    return out


def test_one_quantity_in_unlike_sentences_conflicts(parse):
    claims = story(parse,
                   ("Wire A", "Officials say 4,000 volunteers joined the search for the boy."),
                   ("Wire B", "Rain slowed the work. Some 6,500 volunteers joined the search."))
    [draft] = numeric_conflicts(claims)
    assert draft.kind == "numeric"
    assert len(draft.positions) == 2
    assert draft.frame is not None and "volunteer" in draft.frame
    assert "4,000" in draft.explanation and "6,500" in draft.explanation


def test_look_alike_sentences_about_different_things_do_not_conflict(parse):
    claims = story(parse,
                   ("Wire A", "The storm destroyed 300 homes in the valley."),
                   ("Wire B", "The storm destroyed 45 bridges in the valley."))
    assert numeric_conflicts(claims) == []


def test_compatible_hedges_do_not_conflict(parse):
    claims = story(parse,
                   ("Wire A", "More than 2,000 volunteers joined the search."),
                   ("Wire B", "About 2,100 volunteers joined the search."))
    assert numeric_conflicts(claims) == []


def test_one_outlet_is_never_in_conflict_with_itself(parse):
    claims = story(parse,
                   ("Wire A", "Some 4,000 volunteers joined the search."),
                   ("Wire A", "Some 6,500 volunteers joined the search."))
    assert numeric_conflicts(claims) == []


def test_ages_of_one_person_conflict_across_outlets(parse):
    claims = story(parse,
                   ("Wire A", "Judge Ann Cole sentenced Victor Hale on Monday. The 67-year-old "
                              "showed no emotion."),
                   ("Wire B", "Victor Hale, 66, was sentenced to five years."))
    [draft] = numeric_conflicts(claims)
    assert draft.frame == "age of hale"


def test_only_the_new_claims_figures_are_compared(parse):
    claims = story(parse,
                   ("Wire A", "Some 4,000 volunteers joined the search."),
                   ("Wire B", "Some 6,500 volunteers joined the search."),
                   ("Wire C", "Firefighters said 12 engines were sent."))
    newest = [c.id for c in claims if c.article_id == 3]
    assert numeric_conflicts(claims, newest) == []
    assert len(numeric_conflicts(claims, [c.id for c in claims if c.article_id == 2])) == 1


def test_a_later_report_joins_the_conflict_under_the_same_key(parse):
    claims = story(parse,
                   ("Wire A", "Some 4,000 volunteers joined the search."),
                   ("Wire B", "Some 6,500 volunteers joined the search."),
                   ("Wire C", "About 4,000 volunteers joined the search, police said."))
    [first] = numeric_conflicts(claims[:2], [claims[1].id])
    [later] = numeric_conflicts(claims, [claims[2].id])
    assert later.key == first.key
    assert sorted(len(p.claim_ids) for p in later.positions) == [1, 2]


def test_two_figures_of_one_thing_in_a_sentence_pair_one_to_one(parse):
    claims = story(parse,
                   ("Wire A", "Exactly 5 of the 7 ponies have horseshoes, and 2 of the 3 ponies "
                              "with horseshoes are from Iceland."),
                   ("Wire B", "Exactly 5 of the 7 ponies have horseshoes, and 2 of the 3 ponies "
                              "with horseshoes are from Iceland."))
    assert numeric_conflicts(claims) == []


def test_a_reprint_with_a_changed_figure_conflicts_without_a_frame(parse):
    claims = story(parse,
                   ("Wire A", "Cathy runs at 10 miles per hour, and Cara runs at 5 miles per "
                              "hour."),
                   ("Wire B", "Cathy runs at 40 miles per hour, and Cara runs at 5 miles per "
                              "hour."))
    [draft] = numeric_conflicts(claims)
    assert "10" in draft.explanation and "40" in draft.explanation


def test_a_reprint_dated_apart_does_not_conflict(parse):
    claims = story(parse,
                   ("Wire A", "The army recruited 500 soldiers in 2022."),
                   ("Wire B", "The army recruited 800 soldiers in 2023."))
    assert numeric_conflicts(claims) == []


def test_how_many_there_are_is_not_what_happened_to_some(parse):
    claims = story(parse,
                   ("Wire A", "Three crew members were taken to a hospital in the city."),
                   ("Wire B", "There were five crew members on board the ferry."))
    assert numeric_conflicts(claims) == []


def test_a_figure_converted_into_another_unit_agrees_with_it(parse):
    claims = story(parse,
                   ("Wire A", "The new rail line has a length of 60 km."),
                   ("Wire B", "The new rail line has a length of 37 miles."))
    assert numeric_conflicts(claims) == []


def test_a_fall_in_storeys_conflicts_with_a_far_shorter_one_in_feet(parse):
    claims = story(parse,
                   ("Wire A", "Police said Lena Ortiz fell nine stories from the hotel roof."),
                   ("Wire B", "Lena Ortiz, 31, slipped 25 feet from the hotel roof."))
    [draft] = numeric_conflicts(claims)
    assert "9 storey" in draft.explanation and "25 foot" in draft.explanation


def test_a_fall_in_storeys_agrees_with_its_height_in_feet(parse):
    claims = story(parse,
                   ("Wire A", "Police said Lena Ortiz fell nine stories from the hotel roof."),
                   ("Wire B", "Lena Ortiz, 31, plunged about 110 feet from the hotel roof."))
    assert numeric_conflicts(claims) == []


def test_a_yearless_date_conflicts_with_a_dated_one_of_the_same_event(parse):
    claims = story(parse,
                   ("Wire A", "Rivera was named Oakdale fire chief in May 2014 after years in "
                              "the county service."),
                   ("Wire B", "Rivera, hired in April to lead the Oakdale fire department, was "
                              "popular with the crews."))
    [draft] = numeric_conflicts(claims)
    assert "May 2014" in draft.explanation and "April" in draft.explanation


def test_a_yearless_date_agrees_with_the_dated_day_it_names(parse):
    claims = story(parse,
                   ("Wire A", "Rivera was named Oakdale fire chief on May 12, 2014."),
                   ("Wire B", "Rivera was hired as Oakdale fire chief on May 12."))
    assert numeric_conflicts(claims) == []


def test_dates_apart_are_explained_in_days_not_percent(parse):
    claims = story(parse,
                   ("Wire A", "The vote was held on April 14 at the annual meeting."),
                   ("Wire B", "Shareholders held the vote on April 16 at the annual meeting."))
    [draft] = numeric_conflicts(claims)
    assert draft.explanation.endswith("2 days apart")


def test_ages_apart_are_explained_in_years(parse):
    claims = story(parse, ("Wire A", "Robert Durst, 73, appeared in court."),
                   ("Wire B", "Robert Durst, 72, appeared in court."))
    [draft] = numeric_conflicts(claims)
    assert draft.explanation.endswith("1 year apart")
