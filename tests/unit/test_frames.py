"""Frames: what each figure measures, whose, in which role (reconcile.extract.frames), and the
alignment of figures across a story's articles by their frames (alignment.same_quantity)."""

import pytest

from reconcile.domain import Claim, Figure, TimeSpan
from reconcile.extract.claims import analyse
from reconcile.extract.frames import frame_claims, frame_keys, load_parser
from reconcile.rules.alignment import paired_figures, same_quantity, same_time


@pytest.fixture(scope="module")
def parse():
    return load_parser()


def framed(parse, text: str) -> list[tuple[Claim, Figure]]:
    return [(c, f) for c in frame_claims(analyse(text), parse) for f in c.values]


def figure(parse, text: str, raw: str) -> tuple[Claim, Figure]:
    return next((c, f) for c, f in framed(parse, text) if raw in f.raw)


def aligned(parse, a: str, ra: str, b: str, rb: str) -> bool:
    return same_quantity(figure(parse, a, ra)[1], figure(parse, b, rb)[1])


def test_a_count_is_keyed_by_the_counted_noun(parse):
    _, f = figure(parse, "About 4,000 volunteers joined the search on Sunday.", "4,000")
    assert f.frame is not None and f.frame.key == "count:volunteer"


def test_an_amount_is_keyed_by_what_it_is_predicated_of(parse):
    _, f = figure(parse, "The settlement amounted to $12 million.", "$12 million")
    assert f.frame is not None and f.frame.key == "USD:settlement"


def test_an_attributive_figure_belongs_to_the_noun_it_describes(parse):
    _, f = figure(parse, "They climbed to the roof of the 40-story tower.", "40")
    assert f.frame is not None and f.frame.key.endswith(":tower")


def test_an_age_is_keyed_by_the_person_it_is_of(parse):
    _, f = figure(parse, "Judge Ellen Park sentenced Marcus Webb, 45, on Friday.", "45")
    assert f.frame is not None and f.frame.key == "age:webb"


def test_a_bare_age_description_is_the_person_named_before(parse):
    text = ("Prosecutors charged Daniel Okafor with fraud. The 52-year-old denied the charges "
            "in court.")
    [(_, f)] = [(c, f) for c, f in framed(parse, text) if f.unit == "age"]
    assert f.frame is not None and f.frame.key == "age:okafor"


def test_a_date_is_indexed_under_the_words_of_its_event(parse):
    _, f = figure(parse, "The company will hold its shareholder vote on June 12.", "June 12")
    assert f.frame is not None
    assert {"date:vote", "date:shareholder"} <= set(frame_keys(f.frame))  # with or without a year


def test_a_requested_figure_is_a_plan(parse):
    _, f = figure(parse, "Prosecutors asked for a sentence of 12 years.", "12 years")
    assert f.frame is not None and f.frame.role == "plan"


def test_a_figure_without_a_thing_has_no_frame(parse):
    _, f = figure(parse, "It was 12 in all.", "12")
    assert f.frame is None


def test_one_quantity_worded_differently_is_aligned(parse):
    assert aligned(parse, "About 1,500 volunteers took part in the clean-up.", "1,500",
                   "The beach cleaning drew some 2,200 volunteers from the region.", "2,200")


def test_the_same_age_of_one_person_is_aligned_across_wordings(parse):
    assert aligned(parse, "The 61-year-old Hartley appeared in court in a wheelchair.", "61",
                   "Hartley, 62, agreed to the plea deal.", "62")


def test_ages_of_different_people_are_not_aligned(parse):
    assert not aligned(parse, "Police arrested Tom Reyes, 27, at his home.", "27",
                       "The victim, Alan Brooks, 35, died at the scene.", "35")


def test_different_counted_things_are_not_aligned(parse):
    assert not aligned(parse, "The storm destroyed 300 homes in the valley.", "300",
                       "The storm destroyed 45 bridges in the valley.", "45")


def test_a_part_is_not_aligned_with_the_whole(parse):
    assert not aligned(parse, "Twelve people died, including four of the children.", "four",
                       "Nine children died in the fire.", "Nine")


def test_figures_an_order_of_magnitude_apart_are_different_quantities(parse):
    assert not aligned(parse, "Inspectors found lead in 40 homes in the town.", "40",
                       "Lead paint remains in 20 million homes nationwide.", "20 million")


def test_figures_of_different_places_are_not_aligned(parse):
    assert not aligned(parse, "Officials said 14 people were injured in Lyon.", "14",
                       "Officials said 30 people were injured in Marseille.", "30")


def test_dates_of_different_events_are_not_aligned(parse):
    assert not aligned(parse, "The author published her first novel in 1998.", "1998",
                       "The television show first aired in 1996.", "1996")


def test_dates_of_one_event_are_aligned(parse):
    assert aligned(parse, "Shareholders will vote on the pay deal on June 12.", "June 12",
                   "The pay deal goes to a shareholder vote on June 14.", "June 14")


def test_a_dated_figure_is_not_compared_with_an_undated_one():
    span = TimeSpan(raw="in 2014", start=None, end=None)
    assert same_time(None, None)
    assert not same_time(span, None)
    assert same_time(span, TimeSpan(raw="In 2014", start=None, end=None))
    assert not same_time(span, TimeSpan(raw="on Wednesday", start=None, end=None))


def test_a_time_that_dates_a_noun_does_not_date_the_clause(parse):
    _, f = figure(parse, "Police charged him in the March 2019 robbery of 40 shops.", "40")
    assert f.frame is not None and f.frame.when is None


def test_a_clause_of_when_is_dated_by_its_antecedent(parse):
    _, f = figure(parse, "That is twice the rate seen in 2016, when 30 cases were recorded.",
                  "30")
    assert f.frame is not None and f.frame.when is not None and "2016" in f.frame.when.raw


def test_a_duration_before_after_belongs_to_the_clause_it_qualifies(parse):
    _, f = figure(parse, "The boat was found about three weeks after it sank off the coast.",
                  "three weeks")
    assert f.frame is not None and {"find", "boat"} <= set(f.frame.terms)


def test_the_subject_of_a_verb_of_wanting_is_not_a_plan(parse):
    _, f = figure(parse, "Some 9,000 families sought shelter in the schools.", "9,000")
    assert f.frame is not None and f.frame.role is None


def test_a_figure_a_verb_of_wanting_governs_is_a_plan(parse):
    _, f = figure(parse, "The union demanded a raise of 12 percent.", "12 percent")
    assert f.frame is not None and f.frame.role == "plan"


def test_pieces_of_one_duration_have_no_frame(parse):
    claim_figures = framed(parse, "He was sentenced to 4 years, 2 months in prison.")
    assert [f.frame for _, f in claim_figures if f.unit in {"year", "month"}] == [None, None]


def test_a_date_beside_a_count_in_its_clause_only_dates_the_count(parse):
    [(_, date_figure)] = [(c, f) for c, f in framed(
        parse, "The army recruited 500 soldiers in September 2023.") if f.unit == "date"]
    assert date_figure.frame is None


def test_a_date_in_another_clause_than_the_count_is_framed(parse):
    [(_, date_figure)] = [(c, f) for c, f in framed(
        parse, "After working there for 12 years, she left the company in 2019 and moved to "
               "Denver.") if f.unit == "date"]
    assert date_figure.frame is not None


def test_since_dates_when_something_began(parse):
    assert aligned(parse, "The club has called the ground Parkside since 2004.", "since 2004",
                   "The club began calling the ground Parkside in 2007.", "2007")
    _, since = figure(parse, "The club has called the ground Parkside since 2004.", "since")
    _, began = figure(parse, "The club began calling the ground Parkside in 2007.", "2007")
    from reconcile.rules.intervals import compatible
    assert not compatible(since, began)


def test_counts_of_different_nouns_under_one_measure_are_not_aligned(parse):
    assert not aligned(parse, "Officials said 15 Palestinians were killed.", "15",
                       "Officials said three civilians were killed.", "three")


def test_a_named_owner_is_whose_figure_it_is(parse):
    text = ("Anna Vries and Tom Berg run the firm. Berg's salary rose to $400,000 last year.")
    _, f = figure(parse, text, "$400,000")
    assert f.frame is not None and f.frame.entity == "berg"


def test_a_capital_and_its_country_are_not_different_owners(parse):
    assert aligned(parse, "Pyongyang has sent 11,000 troops to Russia.", "11,000",
                   "North Korea has sent 12,000 troops to Russia.", "12,000")


def test_verbs_that_tell_one_event_are_read_as_one(parse):
    assert aligned(parse, "Rivera was named fire chief of Oakdale in March 2019.", "March 2019",
                   "Rivera, hired as Oakdale fire chief in March 2019, led the department.",
                   "March 2019")


def test_a_distance_no_noun_owns_is_the_distance_of_its_event(parse):
    _, f = figure(parse, "The climber slipped 40 feet down the ice wall.", "40 feet")
    assert f.frame is not None and f.frame.key == "length:length"
    assert "fall" in f.frame.predicates  # "slipped" read as the falling it tells
    assert "length:fall" in frame_keys(f.frame)


def test_one_persons_fall_told_in_feet_and_in_storeys_aligns(parse):
    assert aligned(parse, "Officials said Lena Ortiz fell six stories into the courtyard.", "six",
                   "Lena Ortiz, 31, slipped 40 feet before landing in the courtyard.", "40 feet")


def test_a_date_in_a_noun_phrase_dates_what_the_phrase_names(parse):
    _, f = figure(parse, "The observatory streams the March 3 comet flyby over Lisbon tonight.",
                  "March 3")
    assert f.frame is not None
    assert "flyby" in f.frame.terms and "stream" not in f.frame.terms


def test_a_verb_of_seeming_tells_no_event(parse):
    _, f = figure(parse, "The board will not rule until May 2, but the outcome appears to favour "
                         "the applicants.", "May 2")
    assert f.frame is not None and "appear" not in f.frame.terms


def test_a_judgement_of_finding_tells_no_event(parse):
    _, f = figure(parse, "In 2009 the company was found liable for the spill.", "2009")
    assert f.frame is None or "find" not in f.frame.terms


def test_a_group_referred_back_to_by_its_number_is_not_a_count(parse):
    text = ("Protesters demand that the mayor and his two deputies resign, and that the three be "
            "tried.")
    _, f = figure(parse, text, "three")
    assert f.frame is None


def test_one_as_a_pronoun_is_not_a_count(parse):
    _, f = figure(parse, "She remembered two of her drivers, leaving one $5,000 and the other "
                         "$8,000.", "one")
    assert f.frame is None


def test_what_someone_can_do_is_a_condition_not_the_figure(parse):
    _, f = figure(parse, "\"We can only bring 20 volunteers to the camp,\" the organiser said.",
                  "20")
    assert f.frame is not None and f.frame.role == "condition"


def test_the_two_sides_of_one_vote_are_not_one_quantity(parse):
    assert not aligned(parse, "The pay deal was approved by around 86% of investors.", "86%",
                       "Just over 59% of investors rejected the pay deal.", "59%")


def test_one_side_of_a_vote_told_twice_is_one_quantity(parse):
    assert aligned(parse, "The pay deal was approved by around 86% of investors.", "86%",
                   "About 80% of investors approved the pay deal.", "80%")


def test_the_people_a_number_counts_are_not_whose_figure_it_is(parse):
    _, f = figure(parse, "The strike hit a school in Rafah, where 15 Palestinians were killed.",
                  "15")
    assert f.frame is not None and f.frame.entity is None


def test_a_sentence_listing_a_thousand_dates_is_read_and_framed(parse):
    def dates(n: int) -> list[Figure]:
        text = "Votes were held on " + ", ".join(
            f"March {i % 28 + 1}, {1900 + i % 120}" for i in range(n)) + "."
        return [f for _, f in framed(parse, text)]

    many, few = dates(1000), dates(3)
    assert len(many) == 1000 and {f.unit for f in many} == {"date"}
    assert {f.frame.key for f in few if f.frame} == {f.frame.key for f in many if f.frame}


def test_time_expressions_found_by_bisection_are_those_a_full_search_finds(parse):
    from reconcile.extract.frames import _Dating
    from reconcile.extract.timespans import find_time_spans
    from reconcile.extract.tree import Tree

    text = ("On Monday 12 people were hurt, in 2014 the toll was 15, and since October 2024 "
            "the city, which voted on March 3, has counted 40 cases last week and 7 on Friday.")
    tree = Tree(parse([text])[0])
    spans = find_time_spans(text, None)
    fast = _Dating(tree, spans)
    full = _Dating(tree, spans)
    full.ordered = False  # the plain search the bisection stands in for
    assert fast.ordered and len(spans) > 4
    edges = sorted({0, len(text)} | {sp.start_char for sp in spans} | {
        sp.end_char for sp in spans} | set(range(0, len(text), 9)))
    for f_lo in edges:
        for f_hi in (f_lo + 1, f_lo + 4):
            assert fast.at(f_lo) == full.at(f_lo)
            for lo in edges[::3]:
                for hi in edges[::4]:
                    assert fast.nearest(f_lo, f_hi, lo, hi) == full.nearest(f_lo, f_hi, lo, hi)


def test_a_toll_of_one_of_several_attacks_is_a_part_of_the_days_toll(parse):
    _, f = figure(parse, "A second car bomb exploded outside the market, killing nine shoppers "
                         "and wounding 20 others.", "nine")
    assert f.frame is not None and f.frame.role == "part"
    _, g = figure(parse, "Another air strike hit the camp and killed 14 people.", "14")
    assert g.frame is not None and g.frame.role == "part"
    assert not aligned(parse,
                       "A second car bomb exploded outside the market, killing nine shoppers.",
                       "nine", "Car bombs across the city killed 30 shoppers on Friday.", "30")


def test_a_toll_of_one_attack_or_of_a_first_count_keeps_its_role(parse):
    _, f = figure(parse, "The car bomb exploded outside the market, killing nine shoppers.",
                  "nine")
    assert f.frame is not None and f.frame.role is None
    _, g = figure(parse, "The first official count put the dead at 40 on Friday.", "40")
    assert g.frame is None or g.frame.role is None


def test_the_tolls_of_differently_counted_attacks_are_not_one_quantity(parse):
    _, one = figure(parse, "A motorcycle bomb killed six people near the market.", "six")
    _, two = figure(parse, "Two car bombs killed 14 people in the capital.", "14")
    assert one.frame is not None and one.frame.agents == "one"
    assert two.frame is not None and two.frame.agents == "two"
    assert not aligned(parse, "A motorcycle bomb killed six people near the market.", "six",
                       "Two car bombs killed 14 people in the capital.", "14")
    # the same blast told by two outlets is one toll, however each names it
    assert aligned(parse, "The blast killed six people near the market.", "six",
                   "The explosion killed nine people near the market.", "nine")


def test_a_toll_with_no_incident_for_its_agent_names_no_count_of_them(parse):
    _, f = figure(parse, "Police said 12 people were killed on Friday.", "12")
    assert f.frame is not None and f.frame.agents is None


@pytest.mark.parametrize("text", [
    "Rovers sealed a 2-1 win at home on Saturday.",
    "The senator was confirmed in a 68-31 vote.",
    "The second seed won 6-3 6-4 in the final.",
])
def test_the_sides_of_a_score_or_tally_count_nothing(parse, text):
    sides = [f for _, f in framed(parse, text)]
    assert sides and all(f.frame is None for f in sides)


def test_two_scores_of_different_matches_are_never_compared(parse):
    assert not aligned(parse, "Rovers sealed a 2-1 win at home.", "2",
                       "Athletic sealed a 1-0 win away.", "1")


def test_a_range_with_a_dash_still_counts_its_noun(parse):
    _, f = figure(parse, "Between 10-12 people were rescued from the roof.", "10")
    assert f.frame is not None and f.frame.key.startswith("count:")


def test_a_count_beside_a_score_keeps_its_frame(parse):
    _, f = figure(parse, "About 40,000 fans saw the 2-1 win.", "40,000")
    assert f.frame is not None and f.frame.key == "count:fan"


@pytest.mark.parametrize(("text", "raw"), [
    ("In a separate incident, four people were killed by a roadside bomb.", "four"),
    ("A separate blast in the capital killed 9 civilians.", "9"),
    ("The federation will separately send a 60-member team to the games.", "60"),
    ("Police said 12 died, and that in a separate attack 3 were wounded.", "3"),
])
def test_a_figure_of_an_incident_set_apart_is_separate(parse, text, raw):
    _, f = figure(parse, text, raw)
    assert f.frame is not None and f.frame.role == "separate"


@pytest.mark.parametrize(("text", "raw"), [
    ("Police said 12 died, and that in a separate attack 3 were wounded.", "12"),
    ("Crews will search three separate areas on Sunday.", "three"),  # what it counts
    ("He was charged with robbing two separate banks.", "two"),
    # plural: the attacks are distinct from one another, the toll may be the story's own
    ("Three separate attacks killed 12 people on Monday.", "12"),
    ("Separate blasts in the capital killed 9 civilians.", "9"),
])
def test_separate_elsewhere_in_the_sentence_leaves_a_figure_alone(parse, text, raw):
    _, f = figure(parse, text, raw)
    assert f.frame is None or f.frame.role != "separate"


def test_figures_of_separate_incidents_are_never_aligned(parse):
    assert not aligned(parse, "In a separate incident, four people were killed by a bomb.",
                       "four", "In a separate attack, six people were killed by a bomb.", "six")
    assert not aligned(parse, "In a separate incident, four people were killed by a bomb.",
                       "four", "Six people were killed by a bomb.", "Six")
    assert aligned(parse, "Four people were killed by a bomb.", "Four",
                   "Six people were killed by a bomb.", "Six")


def paired(parse, a: str, b: str) -> list[tuple[str, str]]:
    ca, cb = frame_claims(analyse(a), parse)[0], frame_claims(analyse(b), parse)[0]
    return [(ca.values[i].raw, cb.values[j].raw)
            for i, j in paired_figures(ca.text, ca.start, ca.values, cb.text, cb.start,
                                       cb.values)]


def test_two_sentences_stating_the_same_large_numbers_pair_no_different_values(parse):
    # the second's "worldwidel" typo leaves its total unframed; the numbers still agree
    a = "The bank has announced 27,500 layoffs worldwide, of which 21,200 are in Britain."
    b = "The bank has announced 27,500 layoffs worldwidel; 21,200 alone in Britain."
    assert all(x.replace(",", "") == y.replace(",", "") for x, y in paired(parse, a, b))


def test_small_numbers_both_sentences_state_can_still_be_swapped(parse):
    # "two" and "2 cents" coincide by chance: the changed coin is still compared
    a = "Coins are issued in two amounts, 2 cents and 5 cents, made of iron and copper."
    b = "Coins are issued in two amounts, 5 cents and 5 cents, made of iron and copper."
    assert any(x != y for x, y in paired(parse, a, b))
