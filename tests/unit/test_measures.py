"""What a figure counts (docs/semantics.md, "Measures")."""

from __future__ import annotations

import pytest

from reconcile.extract.measures import measures_of
from reconcile.extract.numbers import parse_quantities
from reconcile.extract.words import is_plural, singular


def measures(text: str) -> list[str | None]:
    return [c.measure for c in measures_of(text, parse_quantities(text))]


def nouns(text: str) -> list[str | None]:
    return [c.noun for c in measures_of(text, parse_quantities(text))]


@pytest.mark.parametrize(
    "text",
    [
        "North Korea has sent 11,000 troops to Russia.",
        "Some 11,000 soldiers were deployed to the border.",
        "Russia has 11,000 forces stationed in the region.",
        "The group dispatched 11,000 mercenaries to Mali.",
        "About 11,000 servicemen are in the area.",
        "11,000 personnel were sent.",
        "11,000 fighters crossed the river.",
        "Pyongyang has sent 11 000 North Korean servicemen abroad.",
        "About 2,500 men were sent into the assault by the army.",
    ],
)
def test_troops_soldiers_forces_and_mercenaries_are_one_measure(text: str) -> None:
    assert measures(text) == ["troops"]


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("At least 14 people were killed on Tuesday.", "killed"),
        ("The attack left 17 dead.", "killed"),
        ("The heatwave has been linked to 1,700 deaths.", "killed"),
        ("Seventeen die in bus crash", "killed"),
        ("Scores of bodies have been pulled from the debris.", "killed"),
        ("Estimated 3,000 feared dead in quake", "killed"),
        ("The strike killed a family of five.", "killed"),
        ("Quake toll could reach 10,000–12,000, officials warn", "killed"),
        ("About 2,700 were wounded in the Kursk region.", "wounded"),
        ("The blast injured 41 people.", "wounded"),
        ("At least a dozen people were hurt.", "wounded"),
        ("We treated 212 wounded soldiers in a single night.", "wounded"),
        ("A total of 212 people were treated for injuries.", "wounded"),
        ("Russia suffered 1,210 casualties yesterday.", "casualties"),
        ("Up to 4,000 troops may have been killed or wounded.", "casualties"),
        ("Thousands of deaths and injuries among the troops.", "casualties"),
        ("At least 4,000 killed and wounded.", "casualties"),
        ("Ukrainian forces captured 42 North Korean soldiers.", "captured"),
        ("A few soldiers were taken prisoner near Avdiivka.", "captured"),
        ("Two hundred prisoners of war were returned.", "captured"),
        ("The brigade has taken 42 prisoners.", "captured"),
        ("17 people remained missing after the landslide.", "missing"),
        ("The flooding has displaced nearly 40,000 people.", "displaced"),
        ("Tens of thousands of people fled their homes.", "displaced"),
        ("The fire forced the evacuation of some 300 residents.", "displaced"),
        ("The floods forced nearly 40,000 from their homes.", "displaced"),
        ("We registered 14,000 new refugees last week.", "displaced"),
        ("Half a million flee as fighting spreads", "displaced"),
        ("Police detained 212 people.", "arrested"),
        ("Over 500 arrested in crackdown", "arrested"),
    ],
)
def test_event_words_give_the_canonical_family(text: str, measure: str) -> None:
    assert measures(text)[0] == measure


def test_troops_that_were_killed_are_killed_not_troops() -> None:
    assert measures("About 300 North Korean soldiers have been killed.") == ["killed"]


def test_each_figure_takes_the_event_nearest_to_it() -> None:
    text = "About 300 soldiers have been killed and 2,700 wounded, and 11 sailors were missing."
    assert measures(text) == ["killed", "wounded", "missing"]


def test_an_event_after_another_verb_belongs_to_that_clause_not_the_figure() -> None:
    text = "Its forces had taken control of nine villages and killed up to 1,800 soldiers."
    assert measures(text) == ["village", "killed"]


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("The company employs 250 employees.", "employee"),
        ("2.3 million people were in need of aid.", "person"),
        ("The opposition won 61.4% of the vote.", "vote"),
        ("The EU approved $4.5bn in aid.", "aid"),
        ("The EU approved €300m in emergency aid for farmers.", "aid"),
        ("It had intercepted 61 of the 74 drones.", "drone"),
        ("85% of its 12,000 members voted to strike.", "member"),
        ("The club agreed a transfer fee of 4.5 billion won.", "fee"),
        ("The bank kept its key rate at 16%.", "rate"),
        ("He accepted bribes worth £2.1 million.", "bribe"),
        ("The court fined the company 5 million roubles.", "fine"),
        ("The 55,000-seat stadium was full.", "seat"),
        ("They seized 1.2 tonnes of cocaine hidden in bananas.", "cocaine"),
        ("A maximum of 12 hours per shift.", "shift"),
        ("We destroyed 17 armoured vehicles.", "vehicle"),
        ("Our monitors recorded 1,214 ceasefire violations.", "violation"),
        ("The outage hit 8.5m devices worldwide.", "device"),
        ("Nearly 40% of firms plan to cut staff.", "firm"),
        ("Insurers warned of losses exceeding $50bn.", "loss"),
        ("John has more than 2 baseball cards.", "card"),
        ("Jaclyn buys $ 60 000 worth of debentures in a company", "debenture"),
    ],
)
def test_other_measures_are_the_counted_noun_in_the_singular(text: str, measure: str) -> None:
    assert measures(text)[0] == measure


def test_the_counted_noun_phrase_keeps_its_noun_modifiers() -> None:
    assert nouns("you give John 2 baseball cards") == ["baseball card"]
    assert nouns("312 new cholera cases were recorded") == ["cholera case"]


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("Annual inflation slowed to 3.2% in April.", "inflation"),
        ("The number of asylum applications fell by 23 per cent.", "application"),
        ("Turnout in the regional election reached 61.4 per cent.", "turnout"),
        ("Average house prices rose 4.1 percent in February.", "price"),
        ("Unemployment fell below 5 per cent.", "unemployment"),
        ("Prices have gone up 40% since January.", "price"),
        ("Exports to US fall less than 1% despite tariffs", "export"),
    ],
)
def test_a_share_or_amount_with_no_noun_measures_the_subject_of_the_change(
    text: str, measure: str
) -> None:
    assert measures(text)[0] == measure


def test_a_figure_with_no_noun_takes_the_measure_of_the_figure_before_it() -> None:
    assert measures("The bill passed by 312 votes to 187.") == ["vote", "vote"]
    assert measures("It destroyed 3,200 homes and damaged 11,000 more.") == ["home", "home"]
    assert measures("A net profit of €1.4bn, up from €980m a year earlier.") == ["profit",
                                                                               "profit"]
    assert measures("Growth was revised down to 0.8 per cent from 1.3 per cent.") == [
        "growth", "growth"]


def test_an_elliptical_count_takes_the_noun_not_the_event_of_the_figure_before() -> None:
    text = ("About 5,000 troops had been killed or wounded, while an additional 1,000 or so "
            "had been sent to replace them.")
    assert measures(text) == ["casualties", "troops"]


def test_n_of_them_takes_the_full_measure_of_the_group_before() -> None:
    assert measures("At least a dozen people were hurt, two of them seriously.") == [
        "wounded", "wounded"]
    assert measures("We have confirmed 312 cases, nine of them fatal.") == ["case", "killed"]


def test_durations_do_not_take_a_measure_from_other_figures() -> None:
    text = "The bank kept its key rate at 16%, the level it has held for eight months."
    assert measures(text) == ["rate", None]


def test_a_singular_word_after_a_count_is_a_verb_not_a_noun() -> None:
    assert measures("Hundreds of thousands rally in Budapest") == [None]


def test_a_distance_with_no_noun_has_no_measure() -> None:
    assert measures("The soldiers were stationed about 30 km from the border.") == [None]
    assert measures("The attack took place 200 miles north of Edmonton.") == [None]


def test_measure_of_judges_one_figure_on_its_own() -> None:
    text = "Police detained 212 people."
    q = parse_quantities(text)[0]
    assert measures_of(text, [q])[0].measure == "arrested"


@pytest.mark.parametrize(
    ("plural", "one"),
    [("lorries", "lorry"), ("people", "person"), ("businesses", "business"),
     ("servicemen", "serviceman"), ("add-ons", "add-on"), ("cases", "case"), ("bus", "bus"),
     ("children", "child"), ("boxes", "box"), ("analysis", "analysis")],
)
def test_nouns_are_made_singular(plural: str, one: str) -> None:
    assert singular(plural) == one


def test_plural_words_are_told_from_singular_ones() -> None:
    assert is_plural("troops") and is_plural("people") and is_plural("servicemen")
    assert not is_plural("rally") and not is_plural("bus") and not is_plural("its")


def test_a_sentence_listing_thousands_of_figures_is_measured_as_its_pieces_are() -> None:
    # each figure reads a few words around it, so the list costs its length, not its square
    text = "Officials said " + ", ".join(f"{100 + i} troops" for i in range(5000)) + " were sent."
    assert measures(text) == ["troops"] * 5000
    plain = "The counts were " + ", ".join(f"{1000 + i}" for i in range(5000)) + "."
    assert len(measures(plain)) == len(parse_quantities(plain)) > 4000
