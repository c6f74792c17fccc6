from __future__ import annotations

from reconcile.rules.alignment import Slot, align, comparable, context_similarity
from tests.unit.helpers import claim


def slots(text: str) -> list[Slot]:
    c = claim("X", text)
    return [Slot(f, c.text, c.start) for f in c.values]


def pairs(a: str, b: str) -> list[tuple[str, str]]:
    return [(x.figure.raw, y.figure.raw) for x, y in align(slots(a), slots(b))]


def test_same_measure_single_figures_align() -> None:
    assert pairs("North Korea has sent 11,000 troops to Russia.",
                 "Pyongyang dispatched 12,000 soldiers to Russia.") == [("11,000", "12,000")]


def test_figures_align_by_context_not_order() -> None:
    assert sorted(pairs("Molly can do a task in 10 days while Sandy can do it in 30 days",
                        "Molly can do a task in 70 days while Sandy can do it in 30 days")) == [
        ("10 days", "70 days"), ("30 days", "30 days")]


def test_measureless_figures_align_only_in_identical_frames() -> None:
    assert sorted(pairs("the ratio of Yankees fans to Mets fans is 2 : 1",
                        "the ratio of Yankees fans to Mets fans is 8 : 1")) == [("1", "1"),
                                                                               ("2", "8")]
    assert pairs("He paid 30 for it", "The shop sold 40 of them") == []


def test_part_of_a_count_is_not_aligned_with_the_count() -> None:
    assert pairs("Five other people were injured in the attack.",
                 "Two of the wounded are in critical condition.") == []


def test_denominator_is_not_compared_with_a_part() -> None:
    got = pairs("281 of the 3,050 passengers reported vomiting.",
                "281 passengers reported vomiting.")
    assert ("3,050", "281") not in got


def test_change_is_not_compared_with_a_level() -> None:
    assert pairs("The death toll has risen to 146, officials said.",
                 "The death toll was 128, officials said.") == []


def test_difference_is_not_compared_with_a_level() -> None:
    a = slots("The army will be increased by 65,000 soldiers.")
    b = slots("The army will be increased to 547,000 soldiers.")
    assert align(a, b) == []


def test_rates_are_not_compared_with_totals() -> None:
    assert pairs("Clinical trials involve 240 patients.",
                 "Clinical trials involve an average of 200 patients per trial.") == []


def test_different_places_are_different_quantities() -> None:
    assert pairs("The outbreak caused 15 deaths in Germany.",
                 "The outbreak caused 16 deaths.") == []
    assert pairs("The storm left 9 inches of snow in Urbana.",
                 "The storm left 3 inches of snow in Chicago.") == []


def test_different_counted_nouns_are_different_quantities() -> None:
    assert pairs("The bombing killed nine people.",
                 "The bombing killed five children.") == []


def test_troop_synonyms_count_the_same_thing() -> None:
    assert pairs("Russia deployed 11,000 troops.", "Russia deployed 12,000 soldiers.") == [
        ("11,000", "12,000")]


def test_agreeing_value_wins_when_one_side_lists_more() -> None:
    got = pairs("They were sentenced to 21 months and 18 months respectively.",
                "He was sentenced to 18 months.")
    assert got == [("18 months", "18 months")]


def test_context_similarity_counts_missing_tokens_on_both_sides_as_match() -> None:
    a, b = slots("the new average was 76")[0], slots("the new average was 36")[0]
    assert context_similarity(a, b) == 1.0
    assert comparable(a, b) is not None


def test_identical_values_pair_first_whatever_their_frames() -> None:
    got = pairs("Britain has about 4,100 troops in Iraq, after the United States, which has "
                "about 142,500.",
                "After the U.S. with about 142,500 troops, Britain has about 4,100 troops.")
    assert sorted(got) == [("about 142,500", "about 142,500"), ("about 4,100", "about 4,100")]


def test_parenthetical_conversion_lines_up_by_unit() -> None:
    got = pairs("The rockets have a range of 60 km (37 miles), the ministry said.",
                "The rockets have a range of 37 miles, an official said.")
    assert got == [("37 miles", "37 miles")]


def test_an_included_amount_is_a_part_of_the_total() -> None:
    assert pairs("The $35 million settlement includes $2.5 million for legal fees.",
                 "The $35 million settlement covers legal fees.") == [("$35 million",
                                                                      "$35 million")]


def test_new_items_are_an_increment_not_the_total() -> None:
    got = pairs("The arrests bring to 18 the number of people detained.",
                "12 new arrests raise the number of people detained to 18.")
    assert ("18", "12") not in got


def test_original_members_are_an_earlier_state() -> None:
    assert pairs("There were 12 original members of the alliance.",
                 "The alliance has 16 members.") == []
