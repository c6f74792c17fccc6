"""Which story an article joins, decided from leads alone (no database, no model)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reconcile.rules.stories import (
    SHORT_WORDS,
    Lead,
    Neighbour,
    Rule,
    choose,
    contradicts,
    figures_in,
    lead_of,
    names_in,
    score,
    slug,
    story_ids,
    title_of,
    too_thin,
)

NOW = datetime(2025, 2, 14, 9, tzinfo=UTC)
RULE = Rule(threshold=0.65, window=timedelta(days=7), name_weight=0.2, figure_weight=0.1,
            short_threshold=0.8)
LONG = "word " * SHORT_WORDS  # a lead of a few paragraphs
SHORT = "A fire burned 14,000 acres."


def neighbour(story: str, similarity: float, names: str = "", figures: str = "",
              at: datetime = NOW) -> Neighbour:
    return Neighbour(story, similarity, frozenset(names.split()), frozenset(figures.split()), at)


def lead(names: str = "", figures: str = "", at: datetime = NOW, text: str = LONG) -> Lead:
    return Lead(text, frozenset(names.split()), frozenset(figures.split()), at)


def test_no_neighbour_starts_a_story() -> None:
    assert choose(lead(), [], RULE) is None


def test_a_near_enough_lead_joins_its_story() -> None:
    assert choose(lead(), [neighbour("a", 0.7)], RULE) == "a"


def test_a_lead_below_the_threshold_starts_a_story() -> None:
    assert choose(lead(), [neighbour("a", 0.6)], RULE) is None


def test_shared_names_and_figures_carry_a_lead_over_the_threshold() -> None:
    near = neighbour("a", 0.5, names="occupy philadelphia nutter", figures="100 2011")
    assert choose(lead(names="occupy philadelphia nutter", figures="100 2011"), [near],
                  RULE) == "a"
    assert choose(lead(names="harbour", figures="7"), [near], RULE) is None


def test_the_best_score_wins_not_the_nearest_vector() -> None:
    neighbours = [neighbour("storm-a", 0.7), neighbour("storm-b", 0.66, names="dorian bahamas")]
    assert choose(lead(names="dorian bahamas"), neighbours, RULE) == "storm-b"


def test_a_neighbour_outside_the_time_window_is_not_joined() -> None:
    old = neighbour("old", 0.95, at=NOW - timedelta(days=30))
    assert choose(lead(), [old], RULE) is None
    assert choose(lead(at=NOW - timedelta(days=29)), [old], RULE) == "old"


def test_names_are_capitalised_words_past_a_sentences_first() -> None:
    names = names_in("Members of Occupy Philadelphia met Mayor Nutter's aides on Monday. "
                     "The LAPD said nothing.")
    assert {"occupy", "philadelphia", "nutter", "lapd"} <= names
    assert not names & {"members", "the", "monday", "mayor"}


def test_a_title_case_headline_names_only_what_the_text_capitalises_elsewhere() -> None:
    assert names_in("Economy Adds 250,000 Jobs In October; Unemployment Rate Falls") == set()
    names = names_in("Storm Hits Coast As Governor Okafor Orders Evacuation.\n"
                     "The storm reached the coast as Governor Okafor spoke.")
    assert names == {"okafor"}


def test_a_sentence_with_a_few_capitalised_words_is_not_a_headline() -> None:
    assert names_in("Then Maria Lopez met Ahmed Khan in Cairo.") == {
        "maria", "lopez", "ahmed", "khan", "cairo"}
    # three content words are too few to tell a headline from a list of names
    assert names_in("Photo: Ethan Miller") == {"ethan", "miller"}


def test_figures_are_written_numbers_of_two_digits_or_more() -> None:
    assert figures_in("About 12,000 troops, 3 ships and 4.5 tonnes in 2024.") == {
        "12000", "4.5", "2024"}


def test_figures_written_in_words_or_with_a_scale_are_read_as_digits() -> None:
    assert figures_in("Sixteen deaths, 1.2 million people and $4.35bn; three ships.") == {
        "16", "1200000", "4350000000"}
    assert figures_in("Sixteen people died") == figures_in("16 people died")


@pytest.mark.parametrize(("text", "tallies"), [
    ("Rovers' 1-0 home win left them third; Athletic were thrashed 5-0.", {"1-0", "5-0"}),
    ("The court ruled 5\u20134 on Monday.", {"5-4"}),
    ("They lost 1 - 2 at home.", {"1-2"}),
    ("Expect 10-12 people.", {"10-12"}),  # a range is kept too: its parts are figures as well
    ("Call 1-800-555-0199 or 020-7946-0958.", set()),  # phone numbers
    ("The 2016-17 season, and 1.5-2 metres.", set()),  # a season, decimals
    ("One-nil and three-two.", set()),  # written in words: too loose to be sure
])
def test_two_small_numbers_joined_by_a_dash_are_one_tally(text: str, tallies: set[str]) -> None:
    assert {f for f in figures_in(text) if "-" in f} == tallies


def test_a_tally_keeps_the_parts_that_are_figures_on_their_own() -> None:
    assert figures_in("A 12-10 vote.") == {"12", "10", "12-10"}
    assert figures_in("A 2-1 win.") == {"2-1"}


def test_two_different_scores_are_two_matches_unless_they_name_enough_in_common() -> None:
    match = neighbour("match-a", 0.7, names="rovers", figures="2-1")
    assert contradicts(lead(names="rovers", figures="1-0", text=SHORT), match)
    assert choose(lead(names="rovers", figures="1-0", text=SHORT), [match], RULE) is None
    assert not contradicts(lead(names="rovers", figures="2-1", text=SHORT), match)


def test_a_shared_tally_is_no_evidence_of_one_event() -> None:
    # many matches end 2-1: sharing one says nothing of which, so a short lead with nothing
    # else in common needs near-identical wording, as if it shared nothing
    match = neighbour("match-a", 0.7, names="rovers", figures="2-1")
    other = lead(names="athletic", figures="2-1", text=SHORT)
    assert too_thin(other, match, RULE)
    assert choose(other, [match], RULE) is None
    assert not too_thin(lead(names="athletic", figures="2-1 14000", text=SHORT),
                        neighbour("a", 0.7, figures="2-1 14000"), RULE)


def test_a_shared_tally_adds_nothing_to_the_score() -> None:
    plain = score(lead(figures="2-1"), neighbour("a", 0.6, figures="2-1"), RULE)
    assert plain == pytest.approx(0.6)
    assert score(lead(figures="2-1 140"), neighbour("a", 0.6, figures="2-1 140"), RULE) > plain


def test_a_lead_of_a_sentence_or_two_is_short() -> None:
    assert lead(text=SHORT).short
    assert not lead(text=LONG).short


def test_a_short_lead_sharing_nothing_needs_near_identical_wording() -> None:
    short = lead(text=SHORT)
    assert choose(short, [neighbour("a", 0.75)], RULE) is None
    assert choose(short, [neighbour("a", 0.82)], RULE) == "a"
    # a long lead joins on wording alone, as before
    assert choose(lead(), [neighbour("a", 0.75)], RULE) == "a"


def test_a_short_lead_sharing_a_name_or_figure_is_not_too_thin() -> None:
    assert too_thin(lead(text=SHORT), neighbour("a", 0.7), RULE)
    assert not too_thin(lead(names="dorian", text=SHORT), neighbour("a", 0.7, names="dorian"),
                        RULE)
    assert not too_thin(lead(figures="14000", text=SHORT), neighbour("a", 0.7, figures="14000"),
                        RULE)


def test_a_short_leads_shared_names_count_against_what_it_names() -> None:
    # two names of two shared is full agreement for a sentence, a third of it for a long lead
    pair = neighbour("a", 0.5, names="boateng milan")
    assert choose(lead(names="boateng milan", text=SHORT), [pair], RULE) == "a"
    assert choose(lead(names="boateng milan"), [pair], RULE) is None


def test_one_shared_place_is_half_the_name_bonus_for_a_short_lead() -> None:
    assert choose(lead(names="baghdad", text=SHORT), [neighbour("a", 0.54, names="baghdad")],
                  RULE) is None
    assert choose(lead(names="baghdad", text=SHORT), [neighbour("a", 0.56, names="baghdad")],
                  RULE) == "a"


def test_figures_that_disagree_with_no_name_in_common_are_two_events() -> None:
    fire = neighbour("fire-a", 0.9, figures="14000")
    assert contradicts(lead(figures="56000"), fire)
    assert choose(lead(figures="56000"), [fire], RULE) is None
    assert choose(lead(figures="14000"), [fire], RULE) == "fire-a"
    # one figure only one of them gives is not a disagreement
    assert choose(lead(), [fire], RULE) == "fire-a"


def test_a_shared_name_makes_disagreeing_figures_an_update_in_a_long_lead() -> None:
    toll = neighbour("quake", 0.7, names="sulawesi", figures="128")
    assert not contradicts(lead(names="sulawesi", figures="146"), toll)
    assert choose(lead(names="sulawesi", figures="146"), [toll], RULE) == "quake"


def test_a_short_lead_with_disagreeing_figures_needs_two_shared_names() -> None:
    bombing = neighbour("bombing-a", 0.9, names="baghdad", figures="11")
    assert contradicts(lead(names="baghdad", figures="18", text=SHORT), bombing)
    update = neighbour("quake", 0.9, names="palu sulawesi", figures="128")
    assert not contradicts(lead(names="palu sulawesi", figures="146", text=SHORT), update)


def test_the_lead_is_the_title_and_the_opening() -> None:
    text = "word " * 1000
    made = lead_of("Headline here", text, NOW)
    assert made.text.startswith("Headline here.\n") and len(made.text) < 1600


@pytest.mark.parametrize(("headline", "expected"), [
    ("North Korea sends 12,000 troops to Russia", "north-korea-sends-12000-troops-russia"),
    ("Élan vital: Zürich's café reopens", "elan-vital-zurich-s-cafe-reopens"),
    ("!!!", "story"),
])
def test_slug_is_the_headlines_first_words_in_ascii(headline: str, expected: str) -> None:
    assert slug(headline) == expected


def test_story_ids_add_a_suffix_while_taken() -> None:
    ids = list(story_ids("Floods in Valencia", "abcdef0123456789" * 4))
    assert ids[:3] == ["floods-valencia", "floods-valencia-2", "floods-valencia-3"]
    assert ids[9] == "floods-valencia-abcdef01"
    assert len(set(ids)) == len(ids)


def test_title_is_the_headline_else_the_first_sentence_shortened() -> None:
    assert title_of(" Storm  hits coast ", "Body.") == "Storm hits coast"
    assert title_of(None, "A storm hit the coast. More later.") == "A storm hit the coast."
    long = title_of(None, "word " * 100)
    assert len(long) <= 141 and long.endswith("…")
