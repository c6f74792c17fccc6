"""reconcile.extract.nouns: the noun a figure counts, read after it, before it, or from the
subject of the clause whose change it states."""

from __future__ import annotations

import pytest

from reconcile.extract.nouns import CLAUSE_CHARS, noun_after, noun_before, subject_of_change
from reconcile.extract.numbers import Quantity, parse_quantities
from reconcile.extract.words import Token, tokens_of


def around(sentence: str, figure: int = 0) -> tuple[list[Token], list[Token], Quantity]:
    """The tokens before and after the sentence's `figure`-th figure, and the figure."""
    f = parse_quantities(sentence)[figure]
    tokens = tokens_of(sentence)
    return ([t for t in tokens if t.end <= f.start], [t for t in tokens if t.start >= f.end], f)


def after(sentence: str, figure: int = 0) -> tuple[str | None, str | None]:
    """(noun, event) that noun_after reads after the figure."""
    _, rest, f = around(sentence, figure)
    noun, _, event = noun_after(rest, f, sentence, len(sentence))
    return noun, event


def before(sentence: str, figure: int = 0) -> str | None:
    toks, _, f = around(sentence, figure)
    return noun_before(toks, f)


def subject(sentence: str, figure: int = 0) -> str | None:
    return subject_of_change(sentence, around(sentence, figure)[2])


@pytest.mark.parametrize(("sentence", "noun"), [
    ("Pyongyang sent 11,000 North Korean troops to Kursk.", "troops"),  # nationality skipped
    ("Air defences shot down 61 of the 74 drones overnight.", "drone"),  # partitive, singular
    ("The EU pledged $4.5bn in aid.", "aid"),  # money in something
    ("They built the 55,000-seat stadium.", "seat"),  # a compound
    ("Drivers work 12 hours per shift.", "shift"),
    ("Rebels seized $60,000 worth of debentures.", "debenture"),
    ("40 lorries carrying aid crossed.", "lorry"),  # stops before a participle clause
    ("300 protesters detained were freed.", "protester"),
    ("He has 2 more cars.", "car"),  # "more" is no part of the noun
    ("85% of members back walkout.", "member"),  # a share ends at its plural
    ("Prices saw a 14 per cent jump in food prices.", "price"),  # the thing that jumped
])
def test_noun_after_the_figure(sentence: str, noun: str) -> None:
    assert after(sentence) == (noun, None)


def test_of_them_takes_the_noun_after_it_or_leaves_it_to_the_group_before() -> None:
    assert after("Twelve people were killed, 12 of them children.", 1) == ("child", None)
    assert after("Twelve people were hurt, 12 of whom died.", 1) == (None, None)


def test_a_participle_before_the_noun_is_the_event() -> None:
    assert after("There were 5 dead soldiers on the road.") == ("soldier", "killed")
    assert after("Officials counted 5 wounded civilians.") == ("civilian", "wounded")


def test_a_count_followed_by_a_verb_has_no_noun() -> None:
    assert after("Seventeen die in the blast.") == (None, None)


def test_noun_after_reads_no_further_than_the_limit() -> None:
    s = "They sent 40 lorries."
    _, rest, f = around(s)
    assert noun_after(rest, f, s, len(s))[0] == "lorry"
    assert noun_after(rest, f, s, f.end + 1)[0] is None  # the next figure starts there


@pytest.mark.parametrize(("sentence", "noun"), [
    ("He moved for a transfer fee of 4.5bn won.", "fee"),
    ("The bank kept its key rate at 16%.", "rate"),
    ("Workers got a pay rise of 8 per cent.", "pay"),  # what rose, not "rise"
    ("He raised its inflation forecast for 2024 to 4.5 per cent.", "inflation"),
    ("The new package, worth US$1.2bn, was signed.", "package"),
    ("The company reported losses exceeding $50bn.", "loss"),  # the hedge is in the figure
    ("A court fined the company 5 million roubles.", "fine"),
])
def test_noun_before_the_figure(sentence: str, noun: str) -> None:
    assert before(sentence) == noun


def test_noun_before_needs_a_word_that_can_be_measured() -> None:
    assert before("Sales rose to 2000 units.") is None  # "to" after a verb
    assert before("Pyongyang sent 11,000 North Korean troops to Kursk.") is None


@pytest.mark.parametrize(("sentence", "noun"), [
    ("Annual inflation slowed to 3.2% in March.", "inflation"),
    ("Prices have gone up 40%.", "price"),  # the auxiliary ends the subject
    ("The number of visitors climbed above 2 million.", "visitor"),  # a share of what
    ("The price of oil rose to $80.", "price"),
])
def test_subject_of_change(sentence: str, noun: str) -> None:
    assert subject(sentence) == noun


def test_a_figure_that_is_not_what_changed_has_no_subject() -> None:
    assert subject("Troops were stationed about 30 km from the border.") is None
    assert subject("The bank kept its key rate at 16%.") is None  # too many words between


def test_a_bare_number_from_1800_up_is_read_as_a_year_not_a_changed_value() -> None:
    assert subject("Output rose 2500.") is None
    assert subject("Output rose 250.") == "output"


def test_the_subject_is_looked_for_only_within_clause_chars() -> None:
    near = "Exports rose to 5%."
    assert subject(near) == "export"
    far = "Exports " + "x" * CLAUSE_CHARS + " rose to 5%."  # no clause boundary within reach
    assert subject(far) is None
