"""reconcile.extract.atoms: numbers as written, with the value and the precision they were
written with (docs/semantics.md, "Rounding"), before numbers.py decides what they are."""

from __future__ import annotations

import pytest

from reconcile.extract.atoms import Atom, article_atoms, digit_atoms, vague_atoms, word_atoms


def spans(atoms: list[Atom], text: str) -> list[str]:
    return [text[a.start : a.end] for a in atoms]


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("11,000 troops", 11000, 1),
    ("11 000 troops", 11000, 1),  # a space between thousands
    ("4.5 per cent", 4.5, 0.1),
    ("4.50 per cent", 4.5, 0.01),  # the written zero is precision
    ("$4.5bn", 4.5e9, 1e8),
    ("12k", 12000, 1000),
    ("1.5 million", 1.5e6, 1e5),
    ("1.5 Million", 1.5e6, 1e5),
])
def test_digit_atoms_value_and_precision(text: str, value: float, precision: float) -> None:
    (atom,) = digit_atoms(text)
    assert atom.value == pytest.approx(value)
    assert atom.precision == pytest.approx(precision)
    assert not atom.word and atom.vague is None


def test_a_scale_is_kept_so_the_written_number_can_be_read_back() -> None:
    (atom,) = digit_atoms("$4.5bn")
    assert atom.scaled and atom.scale == 1e9 and atom.base == pytest.approx(4.5)
    assert spans([atom], "$4.5bn") == ["4.5bn"]  # the currency sign is not the number's
    (plain,) = digit_atoms("11,000")
    assert not plain.scaled and plain.base == 11000


def test_a_scale_letter_is_remembered_as_written() -> None:
    # "400m" may be metres: numbers.py decides, and needs to know a letter was written
    (metres,) = digit_atoms("400m")
    assert metres.scale_letter == "m"
    (word,) = digit_atoms("400 million")
    assert word.scale_letter == "" and word.value == 4e8


@pytest.mark.parametrize("text", ["the 21st century", "the 1990s", "5G", "1,5",
                                  "version 2.0.1"])
def test_ordinals_decades_codes_and_malformed_groups_are_not_numbers(text: str) -> None:
    assert digit_atoms(text) == []


def test_two_numbers_in_tokenised_text_are_two_atoms() -> None:
    text = "3 100-meter sprints"
    assert spans(digit_atoms(text), text) == ["3", "100"]


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("eleven thousand", 11000, 1000),
    ("a dozen eggs", 12, 1),
    ("two and a half million", 2.5e6, 1e6),
    ("half a million", 5e5, 1e6),
    ("a million", 1e6, 1e6),
    ("twenty-one", 21, 1),
    ("one hundred and five", 105, 1),  # ends in a unit word: exact
    ("Two Hundred", 200, 100),
])
def test_word_atoms_value_and_precision(text: str, value: float, precision: float) -> None:
    (atom,) = word_atoms(text)
    assert (atom.value, atom.precision, atom.word) == (value, precision, True)


def test_a_word_run_stops_where_the_number_ends() -> None:
    text = "seventeen die and a few flee"
    assert spans(word_atoms(text), text) == ["seventeen"]
    text = "sent two and then more"
    assert spans(word_atoms(text), text) == ["two"]  # a trailing "and" is the sentence's


@pytest.mark.parametrize("text", ["dozen", "a few", "and a", "thousands", "million alone",
                                  "no numbers here"])
def test_words_that_are_no_number_on_their_own(text: str) -> None:
    assert word_atoms(text) == []


@pytest.mark.parametrize(("text", "vague"), [
    ("dozens of", (24, 144, True)),
    ("hundreds of thousands", (2e5, 1e6, True)),
    ("several", (3, 10, False)),
    ("a few hundred", (200, 500, False)),
    ("several hundred", (300, 1000, True)),  # "several" scaled stays open above
    ("scores of people", (40, 200, True)),
    ("a handful", (2, 6, False)),
])
def test_vague_atoms_are_intervals(text: str, vague: tuple[float, float, bool]) -> None:
    (atom,) = vague_atoms(text)
    assert atom.vague == vague and atom.value == vague[0]


def test_a_vague_amount_with_a_scale_spans_the_scale_word() -> None:
    text = "a few hundred protesters"
    assert spans(vague_atoms(text), text) == ["a few hundred"]


def test_scores_without_of_are_results_not_an_amount() -> None:
    assert vague_atoms("the final scores were close") == []


@pytest.mark.parametrize(("text", "span"), [("a year ago", "a"), ("an hour later", "an"),
                                            ("a mile away", "a")])
def test_an_article_before_a_unit_is_the_number_one(text: str, span: str) -> None:
    (atom,) = article_atoms(text)
    assert spans([atom], text) == [span] and atom.value == 1 and atom.word


def test_an_article_before_anything_else_is_no_number() -> None:
    assert article_atoms("a car and an apple") == []
