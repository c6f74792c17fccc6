"""reconcile/extract/words.py: tokens with offsets, singular and plural forms, and the event
words that name a canonical measure."""

from __future__ import annotations

import itertools

import pytest

from reconcile.extract.words import (
    EVENT_OF,
    EVENT_VERB,
    PAST_TENSE,
    Token,
    is_plural,
    number_token,
    phrases,
    singular,
    tokens_of,
    wordset,
)

# --- tokens_of -------------------------------------------------------------------------------


def texts(text: str) -> list[str]:
    return [t.text for t in tokens_of(text)]


def test_empty_and_blank_text_have_no_tokens():
    assert tokens_of("") == []
    assert tokens_of("   \n\t") == []


def test_tokens_carry_offsets_into_the_text():
    text = "Kyiv said 11,000 troops."
    for t in tokens_of(text):
        assert text[t.start : t.end] == t.text


def test_words_numbers_and_punctuation_are_told_apart():
    kinds = [(t.text, t.is_word, t.is_number) for t in tokens_of("killed 40, police said")]
    assert kinds == [("killed", True, False), ("40", False, True), (",", False, False),
                     ("police", True, False), ("said", True, False)]


def test_number_with_thousands_separators_is_one_token():
    assert texts("11,000 troops") == ["11,000", "troops"]
    assert texts("1.000.000") == ["1.000.000"]


def test_decimal_number_is_one_token():
    assert texts("up 5.5%") == ["up", "5.5", "%"]


def test_number_ending_in_a_full_stop_leaves_the_stop_apart():
    assert texts("rose to 40.") == ["rose", "to", "40", "."]


def test_hyphenated_word_is_one_token():
    assert texts("a ceasefire-related e-mail") == ["a", "ceasefire-related", "e-mail"]


def test_year_range_is_two_numbers_and_a_dash():
    assert texts("2023-24") == ["2023", "-", "24"]


def test_word_with_digits_after_its_first_letter_is_one_token():
    assert texts("Su25 jets") == ["Su25", "jets"]


def test_word_does_not_start_with_a_digit():
    assert texts("3pm") == ["3", "pm"]


def test_curly_apostrophe_is_kept_in_the_text_and_straightened_in_low():
    (token,) = tokens_of("Kyiv’s")
    assert token.text == "Kyiv’s"
    assert token.low == "kyiv's"


def test_low_is_lower_case():
    assert [t.low for t in tokens_of("NATO Said")] == ["nato", "said"]


def test_accented_words_are_words():
    tokens = tokens_of("Élan café")
    assert [t.text for t in tokens] == ["Élan", "café"]
    assert all(t.is_word for t in tokens)


def test_each_punctuation_mark_is_its_own_token():
    assert texts("(approx.)") == ["(", "approx", ".", ")"]
    assert texts("—") == ["—"]


def test_abbreviation_with_stops_is_split_into_letters_and_stops():
    assert texts("U.S.") == ["U", ".", "S", "."]


def test_tokens_are_in_text_order_and_do_not_overlap():
    tokens = tokens_of("On 3 March, about 1,200 people (many of them children) fled.")
    for a, b in itertools.pairwise(tokens):
        assert a.end <= b.start


def test_number_token_stands_in_for_a_figure_at_its_offsets():
    token = number_token(4, 9)
    assert token == Token("0", "0", 4, 9, False, True)
    assert token.is_number and not token.is_word


# --- wordset and phrases ---------------------------------------------------------------------


def test_wordset_splits_on_any_whitespace():
    assert wordset("a  b\nc\td") == frozenset({"a", "b", "c", "d"})


def test_wordset_of_blank_text_is_empty():
    assert wordset("   ") == frozenset()


def test_phrases_split_on_bars_and_keep_spaces():
    assert phrases("more than|at least|up to") == frozenset({"more than", "at least", "up to"})


def test_past_tense_holds_irregular_verbs_only():
    assert {"fell", "rose", "said", "fled"} <= PAST_TENSE
    assert not {"killed", "wounded", "reported", "injured"} & PAST_TENSE


# --- event words -----------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "event"), [
    ("killed", "killed"), ("dead", "killed"), ("deaths", "killed"), ("died", "killed"),
    ("fatalities", "killed"), ("toll", "killed"), ("bodies", "killed"),
    ("wounded", "wounded"), ("injured", "wounded"), ("injuries", "wounded"),
    ("casualties", "casualties"), ("captured", "captured"), ("pows", "captured"),
    ("missing", "missing"), ("displaced", "displaced"), ("refugees", "displaced"),
    ("fled", "displaced"), ("evacuated", "displaced"), ("arrested", "arrested"),
    ("detained", "arrested"),
])
def test_event_word_names_its_canonical_measure(word, event):
    assert EVENT_OF[word] == event


def test_event_words_are_lower_case_and_single_words():
    for word in EVENT_OF:
        assert word == word.lower() and " " not in word


def test_every_canonical_event_names_itself():
    for event in set(EVENT_OF.values()):
        assert EVENT_OF[event] == event


def test_casualties_are_not_read_as_killed():
    # casualties count the wounded too: comparing them with deaths would make false conflicts
    assert EVENT_OF["casualties"] != EVENT_OF["killed"]


@pytest.mark.parametrize(("verb", "event"), [
    ("plunge", "fall"), ("slip", "fall"), ("hire", "appoint"), ("name", "appoint"),
    ("die", "kill"), ("wound", "injure"), ("detain", "arrest"), ("topple", "oust"),
    ("launch", "begin"), ("conclude", "end"), ("wed", "marry"), ("quit", "resign"),
    ("indict", "charge"), ("print", "publish"), ("vanish", "disappear"),
])
def test_event_verbs_of_one_event_share_a_lemma(verb, event):
    assert EVENT_VERB[verb] == event


def test_every_event_verb_lemma_maps_to_itself():
    for event in set(EVENT_VERB.values()):
        assert EVENT_VERB[event] == event


# --- singular --------------------------------------------------------------------------------


@pytest.mark.parametrize(("plural", "one"), [
    ("troops", "troops"),
    ("people", "person"),
    ("children", "child"),
    ("men", "man"),
    ("women", "woman"),
    ("lives", "life"),
    ("feet", "foot"),
    ("crises", "crisis"),
    ("analyses", "analysis"),
    ("wolves", "wolf"),
    ("knives", "knife"),
    ("aircraft", "aircraft"),
    ("police", "police"),
    ("staff", "staff"),
])
def test_irregular_plurals_have_their_singular(plural, one):
    assert singular(plural) == one


@pytest.mark.parametrize(("plural", "one"), [
    ("servicemen", "serviceman"),
    ("policemen", "policeman"),
    ("fishermen", "fisherman"),
])
def test_compounds_in_men_become_man(plural, one):
    assert singular(plural) == one


@pytest.mark.parametrize(("plural", "one"), [
    ("lorries", "lorry"),
    ("cities", "city"),
    ("casualties", "casualty"),
    ("ties", "tie"),  # too short for -ies -> -y
])
def test_ies_plurals(plural, one):
    assert singular(plural) == one


@pytest.mark.parametrize(("plural", "one"), [
    ("boxes", "box"),
    ("churches", "church"),
    ("dishes", "dish"),
    ("glasses", "glass"),
    ("buzzes", "buzz"),
])
def test_sibilant_plurals_drop_es(plural, one):
    assert singular(plural) == one


@pytest.mark.parametrize(("plural", "one"), [
    ("cats", "cat"), ("troopships", "troopship"), ("days", "day"), ("toys", "toy"),
    ("chiefs", "chief"), ("homes", "home"),
])
def test_regular_plurals_drop_s(plural, one):
    assert singular(plural) == one


@pytest.mark.parametrize("word", [
    "bus", "gas", "status", "virus", "census", "campus", "crisis", "basis", "class", "glass",
    "news", "series", "data", "its", "this", "has", "lens", "yes", "cs", "omen",
])
def test_words_that_only_look_plural_are_their_own_singular(word):
    assert singular(word) == word


def test_singular_is_lower_case():
    assert singular("Parents") == "parent"
    assert singular("CHILDREN") == "child"


def test_possessives_are_left_as_they_are():
    assert singular("dog's") == "dog's"
    assert singular("dogs'") == "dogs'"
    assert singular("dogs’") == "dogs'"


@pytest.mark.parametrize(("plural", "one"), [("buses", "bus"), ("viruses", "virus"),
                                             ("campuses", "campus"), ("bonuses", "bonus")])
def test_plurals_of_words_in_us_drop_es(plural, one):
    assert singular(plural) == one


@pytest.mark.parametrize(("plural", "one"), [("heroes", "hero"), ("potatoes", "potato"),
                                             ("tomatoes", "tomato")])
def test_plurals_in_oes_drop_es(plural, one):
    assert singular(plural) == one


@pytest.mark.parametrize(("plural", "one"), [("causes", "cause"), ("houses", "house"),
                                             ("abuses", "abuse"), ("shoes", "shoe"),
                                             ("toes", "toe"), ("canoes", "canoe"),
                                             ("volcanoes", "volcano")])
def test_plurals_of_words_in_use_and_oe_drop_only_the_s(plural, one):
    assert singular(plural) == one


def test_singular_of_a_singular_is_itself():
    for word in ("troop", "lorry", "city", "person", "child", "box", "cat"):
        assert singular(word) == word


# --- is_plural -------------------------------------------------------------------------------


@pytest.mark.parametrize("word", [
    "troops", "people", "children", "police", "staff", "crew", "dozens", "women",
    "servicemen", "lorries", "cats", "Soldiers",
])
def test_plural_nouns_are_plural(word):
    assert is_plural(word)


@pytest.mark.parametrize("word", [
    "troop", "person", "man", "bus", "gas", "status", "virus", "census", "class", "glass",
    "news", "series", "data", "is", "was", "its", "us", "as", "crisis", "basis", "less", "lens",
])
def test_singular_and_function_words_are_not_plural(word):
    assert not is_plural(word)


def test_two_letter_words_are_not_plural():
    assert not is_plural("os")


def test_men_alone_is_plural_through_the_irregular_table():
    assert is_plural("men")
    assert not is_plural("omen")


@pytest.mark.parametrize("word", ["country's", "army's", "Russia's"])
def test_singular_possessive_is_not_plural(word):
    assert not is_plural(word)


def test_plural_possessive_is_plural():
    assert is_plural("children's")


def test_plural_and_singular_agree_on_words_that_change():
    for word in ("troopships", "lorries", "churches", "children", "wolves"):
        assert is_plural(word)
        assert not is_plural(singular(word))
