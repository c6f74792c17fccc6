"""reconcile.extract.names: cleaning a crediting phrase into a name, person or organisation,
and when two written names are the same source (docs/semantics.md, "Sources")."""

from __future__ import annotations

import pytest

from reconcile.extract.names import (
    clean_source,
    is_acronym,
    is_capitalised,
    kind_of,
    looks_like_name,
    role_of,
    same_source,
    source_key,
    strip_titles,
    strip_titles_flag,
)


@pytest.mark.parametrize(("phrase", "name", "role"), [
    ("a spokeswoman for Riverside General Hospital", "Riverside General Hospital", None),
    ("military intelligence spokesman Andriy Yusko", "Andriy Yusko", "person"),
    ("Russia's media regulator Roskomnadzor", "Roskomnadzor", "organisation"),
    ("Colonel Ana Petrov of Ukraine's special operations forces", "Ana Petrov", "person"),
    ("figures from the Health Ministry", "Health Ministry", None),
    ("data by Eurostat", "Eurostat", None),
    ("Home Office figures", "Home Office", None),
    ("the ministry", "ministry", None),
    ("two officials", "officials", None),
])
def test_clean_source_keeps_the_name_and_reads_the_role_before_it(
        phrase: str, name: str, role: str | None) -> None:
    assert clean_source(phrase) == (name, role)


def test_clean_source_keeps_place_words_before_a_document_word() -> None:
    # "Home Office figures" is the Home Office's, but "South Korean data" names nobody else
    assert clean_source("South Korean data") == ("South Korean data", None)


def test_clean_source_picks_the_name_side_of_an_appositive_but_not_of_a_list() -> None:
    assert clean_source("AFAD, Turkey's disaster agency")[0] == "AFAD"
    assert clean_source("a witness, Amira Saleh")[0] == "Amira Saleh"
    listed = "South Korean, Ukrainian and US intelligence"
    assert clean_source(listed)[0] == listed


def test_clean_source_drops_quotes_and_a_trailing_time() -> None:
    assert clean_source("“the Pentagon”")[0] == "Pentagon"
    assert clean_source("officials at the weekend")[0] == "officials"


@pytest.mark.parametrize(("written", "name", "titled"), [
    ("Colonel Ana Petrov", "Ana Petrov", True),
    ("Finance Minister Olek Brandt", "Olek Brandt", True),
    ("Gen. Smith.", "Smith", True),
    ("Ana Petrov", "Ana Petrov", False),
    ("U.S.", "U.S.", False),  # initials keep their last full stop
])
def test_strip_titles_drops_ranks_and_offices_before_a_name(
        written: str, name: str, titled: bool) -> None:
    assert strip_titles_flag(written) == (name, titled)
    assert strip_titles(written) == name


def test_a_title_before_an_organisation_word_is_kept() -> None:
    # "Minister" is a title, but what follows it is a body, not a person's name
    assert strip_titles_flag("Prime Minister Office") == ("Prime Minister Office", False)
    assert strip_titles_flag("Spokesman Health Ministry") == ("Spokesman Health Ministry", False)


@pytest.mark.parametrize(("word", "expected"), [
    ("UN", True), ("MoD", True), ("U.S.", True), ("UNHCR", True),
    ("McDonald", False), ("A.", False), ("Nato", False),
])
def test_is_acronym(word: str, expected: bool) -> None:
    assert is_acronym(word) is expected


def test_is_capitalised_counts_ordinals_but_not_plain_numbers() -> None:
    assert is_capitalised("Kyiv") and is_capitalised("21st")
    assert not is_capitalised("2024") and not is_capitalised("") and not is_capitalised("kyiv")


def test_looks_like_name_allows_particles_and_at_most_six_words() -> None:
    assert looks_like_name("Amira Saleh") and looks_like_name("Ludwig van Beethoven")
    assert not looks_like_name("Turkey's disaster agency")
    assert not looks_like_name("A B C D E F G")
    assert not looks_like_name("")


@pytest.mark.parametrize(("word", "role"), [
    ("spokesman", "person"), ("Colonel", "person"), ("operator", "organisation"),
    ("Officials", "organisation"), ("Ministry.", "organisation"), ("banana", None),
])
def test_role_of_a_descriptor(word: str, role: str | None) -> None:
    assert role_of(word) == role


@pytest.mark.parametrize(("name", "kind"), [
    ("Ana Petrov", "person"),
    ("Petrov", "person"),  # a surname alone, as news copy repeats it
    ("a senior official", "person"),
    ("Kyiv", "organisation"),
    ("Pentagon", "organisation"),
    ("Rebels", "organisation"),
    ("Forecasters", "organisation"),
    ("MoD", "organisation"),
    ("Ukraine's air force", "organisation"),
    ("the ministry", "organisation"),
    ("South Korea", "organisation"),
    ("Ana Maria Luisa de la Vega Perez", "organisation"),  # more than four capitalised words
    ("", "organisation"),
])
def test_kind_of_a_cleaned_name(name: str, kind: str) -> None:
    assert kind_of(name) == kind


def test_kind_of_follows_the_role_written_around_a_proper_name() -> None:
    assert kind_of("Fraport") == "person"
    assert kind_of("Fraport", "organisation") == "organisation"
    assert kind_of("Yusko", "person") == "person"
    # a role only speaks for a proper name, not for lower-case words
    assert kind_of("the ministry", "person") == "organisation"


def test_source_key_lowercases_and_drops_titles_the_and_punctuation() -> None:
    assert source_key("The Ministry of Defence!") == "ministry of defence"
    assert source_key("Colonel Ana Petrov") == "ana petrov"
    assert source_key("Ukraine’s army") == "ukraine's army"


@pytest.mark.parametrize(("a", "b"), [
    ("Col. A. Petrov", "Colonel Ana Petrov"),
    ("Colonel Ana Petrov", "Petrov"),
    ("Petrov", "Petrova"),  # a spelling variant of one surname
    ("NIS", "National Intelligence Service"),
    ("defence ministry", "Ukraine's defence ministry"),
    ("the Pentagon", "Pentagon"),
])
def test_same_source(a: str, b: str) -> None:
    assert same_source(a, b) and same_source(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Petrov", "Spohr"),
    ("defence ministry", "health ministry"),
    ("B. Petrov", "Ana Petrov"),  # same surname, other initial
    ("", ""),
    ("Petrov", ""),
])
def test_different_sources(a: str, b: str) -> None:
    assert not same_source(a, b) and not same_source(b, a)
