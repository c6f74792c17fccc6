"""Sentence splitting with offsets, careful about news abbreviations and tokenised text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reconcile.extract.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_sentences_end_at_a_full_stop_before_a_capital() -> None:
    assert texts("Troops arrived. They left. 300 stayed.") == [
        "Troops arrived.", "They left.", "300 stayed."]


def test_titles_initials_and_abbreviations_do_not_end_a_sentence() -> None:
    text = "Col. A. Petrov said the U.S. Army sent 300 troops. Dr. Osei agreed."
    assert texts(text) == ["Col. A. Petrov said the U.S. Army sent 300 troops.", "Dr. Osei agreed."]


def test_a_closing_quote_stays_with_its_sentence() -> None:
    assert texts('"We lost 40 men." The colonel left.') == [
        '"We lost 40 men."', "The colonel left."]


def test_a_sentence_may_start_with_an_opening_quote() -> None:
    assert texts('He left. "We lost 40 men," she said.') == [
        "He left.", '"We lost 40 men," she said.']


def test_tokenised_quotes_open_and_close_sentences() -> None:
    text = "The company said it would cut 300 jobs . '' One was the target , '' Jachles told CNN ."
    assert texts(text) == ["The company said it would cut 300 jobs .",
                           "'' One was the target , '' Jachles told CNN ."]
    assert texts("`` We lost 40 men . '' The colonel said so .") == [
        "`` We lost 40 men . ''", "The colonel said so ."]


def test_blank_lines_and_line_breaks_end_sentences() -> None:
    assert texts("Headline with 40 dead\nBody text starts here.") == [
        "Headline with 40 dead", "Body text starts here."]


def test_decimals_do_not_end_a_sentence() -> None:
    assert texts("Inflation was 4.5 per cent. It fell.") == [
        "Inflation was 4.5 per cent.", "It fell."]


@given(st.text(max_size=300))
def test_offsets_always_point_at_the_sentence_text(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
