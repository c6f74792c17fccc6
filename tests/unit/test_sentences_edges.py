"""reconcile/extract/sentences.py at its edges: empty text, abbreviations, initials, numbers,
quotes and brackets, ellipses and line breaks."""

from __future__ import annotations

import itertools

import pytest

from reconcile.extract.sentences import Sentence, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t \n "])
def test_blank_text_has_no_sentences(text):
    assert split_sentences(text) == []


def test_text_without_a_full_stop_is_one_sentence():
    assert texts("Hello world") == ["Hello world"]


def test_surrounding_space_is_not_part_of_a_sentence():
    (s,) = split_sentences("   Troops left.   ")
    assert s == Sentence("Troops left.", 3, 15)


@pytest.mark.parametrize(("text", "expected"), [
    ("It rose 5%. Then fell!", ["It rose 5%.", "Then fell!"]),
    ("What? No way.", ["What?", "No way."]),
    ("I came. I saw. I won.", ["I came.", "I saw.", "I won."]),
    ("Really?! Yes.", ["Really?!", "Yes."]),
    ("Wait... Then go.", ["Wait...", "Then go."]),
    ("Wait… Then go.", ["Wait…", "Then go."]),
])
def test_sentences_end_at_stops_question_and_exclamation_marks(text, expected):
    assert texts(text) == expected


def test_sentence_starting_with_a_digit_starts_a_new_sentence():
    assert texts("He won 3-1. 2024 was good.") == ["He won 3-1.", "2024 was good."]


def test_lower_case_after_a_stop_does_not_start_a_sentence():
    assert texts("one. two.") == ["one. two."]


def test_stop_without_a_following_space_does_not_end_a_sentence():
    assert texts("Visit example.com. Now.") == ["Visit example.com.", "Now."]


def test_number_with_a_thousands_comma_ends_a_sentence():
    assert texts("The count was 1,200. Then it rose.") == ["The count was 1,200.",
                                                          "Then it rose."]


def test_decimal_point_does_not_end_a_sentence():
    assert texts("Prices rose 3.5 per cent. Then fell.") == ["Prices rose 3.5 per cent.",
                                                            "Then fell."]


@pytest.mark.parametrize("text", [
    "Dr. Smith came.",
    "Gen. Petrov said so.",
    "Lt. Col. Ivanov arrived.",
    "Pres. Biden spoke.",
    "He went to Mt. Everest.",
    "See No. 5 here.",
    "They met on Jan. 5 in Kyiv.",
    "The vote was 60 vs. 40 today.",
    "Approx. 500 died.",
    "Inc. Ltd. Co. were named.",
    "He is at St. Mary’s.",
    "Smith et al. Found it.",
])
def test_abbreviations_do_not_end_a_sentence(text):
    assert texts(text) == [text]


def test_abbreviation_is_recognised_in_any_case():
    assert texts("DR. Smith came.") == ["DR. Smith came."]


def test_abbreviation_then_a_real_sentence_end():
    assert texts("Dr. Smith came. He left.") == ["Dr. Smith came.", "He left."]


def test_single_capital_initials_do_not_end_a_sentence():
    assert texts("John F. Kennedy died. Yes.") == ["John F. Kennedy died.", "Yes."]
    assert texts("Gen. A. Petrov said so. Then left.") == ["Gen. A. Petrov said so.",
                                                          "Then left."]


def test_lower_case_single_letter_ends_a_sentence():
    assert texts("Plan b. Then c.") == ["Plan b.", "Then c."]


def test_dotted_abbreviations_do_not_end_a_sentence():
    assert texts("He lives in the U.S. The army is big.") == [
        "He lives in the U.S. The army is big."]


def test_closing_bracket_stays_with_its_sentence():
    assert texts("He said (loudly.) Then left.") == ["He said (loudly.)", "Then left."]


def test_curly_quotes_open_and_close_sentences():
    assert texts("“Go,” he said. “Now.” Fine.") == ["“Go,” he said.", "“Now.”", "Fine."]


def test_sentence_may_start_with_an_opening_bracket():
    assert texts("He left. (It was late.)") == ["He left.", "(It was late.)"]


def test_single_line_break_ends_a_sentence():
    assert texts("Line one\nLine two") == ["Line one", "Line two"]


def test_blank_line_ends_a_sentence():
    assert texts("Para one\n\nPara two") == ["Para one", "Para two"]


def test_line_break_before_a_space_does_not_end_a_sentence():
    assert texts("one line\n continued") == ["one line\n continued"]


def test_no_at_the_end_of_a_sentence_ends_it():
    assert texts("Voters said yes. Others said no. The rest abstained.") == [
        "Voters said yes.", "Others said no.", "The rest abstained."]


def test_no_before_a_number_is_still_an_abbreviation():
    assert texts("He wore No. 5 for years. Then he left.") == [
        "He wore No. 5 for years.", "Then he left."]


@pytest.mark.parametrize("text", [
    "Dr. Smith said 3.5 per cent. He left.\n\nThen “Go.” (Fine.) Wait… No.",
    "  Lt. Col. A. B. Ivanov, 64, said: “We had 11,000.”  The U.S. said no.\nEnd",
    "a.b.c. D. E? F! G",
])
def test_sentences_are_in_order_do_not_overlap_and_point_into_the_text(text):
    found = split_sentences(text)
    previous_end = 0
    for s in found:
        assert text[s.start : s.end] == s.text
        assert s.start >= previous_end
        assert s.text == s.text.strip() and s.text
        previous_end = s.end


def test_nothing_but_space_lies_between_and_around_sentences():
    text = "  One. Two!  Three?\nFour  "
    found = split_sentences(text)
    assert [s.text for s in found] == ["One.", "Two!", "Three?", "Four"]
    assert not text[: found[0].start].strip() and not text[found[-1].end :].strip()
    gaps = [text[a.end : b.start] for a, b in itertools.pairwise(found)]
    assert all(not g.strip() for g in gaps)
