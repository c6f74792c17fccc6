"""reconcile/extract/hedges.py: the wordings of hedges and vague amounts, and the intervals they
make of a stated value (the tables of docs/semantics.md)."""

from __future__ import annotations

import pytest

from reconcile.extract.hedges import (
    HEDGE_OF,
    HEDGE_PHRASES,
    HEDGES,
    POSTFIX_HEDGE,
    VAGUE,
    apply_hedge,
    hedge_before,
    hedge_vague,
)

# --- the tables ------------------------------------------------------------------------------


def test_every_hedge_wording_is_lower_case_and_stripped():
    for phrases in HEDGES.values():
        for phrase in phrases:
            assert phrase == phrase.lower().strip()


def test_no_wording_belongs_to_two_hedges():
    seen: dict[str, str] = {}
    for name, phrases in HEDGES.items():
        for phrase in phrases:
            assert phrase not in seen, f"{phrase!r} is both {seen.get(phrase)} and {name}"
            seen[phrase] = name


def test_hedge_of_maps_every_wording_back_to_its_hedge():
    assert len(HEDGE_OF) == sum(len(p) for p in HEDGES.values())
    for name, phrases in HEDGES.items():
        for phrase in phrases:
            assert HEDGE_OF[phrase] == name


def test_hedge_phrases_are_longest_first():
    lengths = [len(p) for p in HEDGE_PHRASES]
    assert lengths == sorted(lengths, reverse=True)
    assert set(HEDGE_PHRASES) == set(HEDGE_OF)


def test_every_hedge_name_has_an_interval():
    for name in HEDGES:
        low, high, _, _ = apply_hedge(name, 100)
        assert low is not None or high is not None


def test_every_postfix_hedge_names_a_known_hedge():
    assert set(POSTFIX_HEDGE.values()) <= set(HEDGES)


@pytest.mark.parametrize(("wording", "hedge"), [
    ("or more", "at least"),
    ("or so", "around"),
    ("or fewer", "up to"),
    ("or less", "up to"),
    ("plus", "at least"),
    ("-plus", "at least"),
    ("+", "at least"),
    ("or thereabouts", "around"),
])
def test_postfix_wording_means_the_documented_hedge(wording, hedge):
    assert POSTFIX_HEDGE[wording] == hedge


@pytest.mark.parametrize(("wording", "interval"), [
    ("a couple", (2, 3, False)),
    ("a few", (2, 5, False)),
    ("a handful", (2, 6, False)),
    ("several", (3, 10, False)),
    ("dozens", (24, 144, True)),
    ("scores", (40, 200, True)),
    ("hundreds", (200, 1000, True)),
    ("thousands", (2000, 1_000_000, True)),
    ("tens of thousands", (20_000, 100_000, True)),
    ("hundreds of thousands", (200_000, 1_000_000, True)),
    ("millions", (2_000_000, 1_000_000_000, True)),
    ("tens of millions", (20_000_000, 100_000_000, True)),
    ("hundreds of millions", (200_000_000, 1_000_000_000, True)),
    ("billions", (2_000_000_000, 1_000_000_000_000, True)),
])
def test_vague_amount_matches_the_semantics_table(wording, interval):
    assert VAGUE[wording] == interval


def test_every_vague_amount_has_low_below_high():
    for wording, (low, high, _) in VAGUE.items():
        assert 0 < low < high, wording


def test_open_ended_vague_amounts_are_the_plural_orders_of_magnitude():
    open_ones = {w for w, (_, _, high_open) in VAGUE.items() if high_open}
    closed = set(VAGUE) - open_ones
    assert closed == {"a couple", "a few", "a handful", "several"}


# --- apply_hedge -----------------------------------------------------------------------------


def test_no_hedge_is_a_closed_point():
    assert apply_hedge(None, 11_000) == (11_000, 11_000, False, False)


def test_around_is_five_percent_either_side():
    assert apply_hedge("around", 11_000) == (10_450, 11_550, False, False)


def test_around_rounds_away_binary_floating_point_noise():
    _, high, _, _ = apply_hedge("around", 11_000)
    assert high == 11_550  # not 11550.000000000002
    assert str(high) == "11550.0"


def test_around_zero_is_zero():
    assert apply_hedge("around", 0) == (0, 0, False, False)


def test_nearly_is_ten_percent_below_and_open_at_the_value():
    assert apply_hedge("nearly", 100) == (90, 100, False, True)


def test_nearly_excludes_the_value_itself():
    _, high, _, high_open = apply_hedge("nearly", 500)
    assert high == 500 and high_open


def test_just_over_is_open_at_the_value_and_ten_percent_above():
    assert apply_hedge("just over", 100) == (100, 110, True, False)


def test_more_than_is_open_below_and_unbounded_above():
    assert apply_hedge("more than", 300) == (300, None, True, False)


def test_at_least_is_closed_below_and_unbounded_above():
    assert apply_hedge("at least", 300) == (300, None, False, False)


def test_up_to_runs_from_zero_to_the_value_inclusive():
    assert apply_hedge("up to", 40) == (0, 40, False, False)


def test_fewer_than_runs_from_zero_to_the_value_exclusive():
    assert apply_hedge("fewer than", 40) == (0, 40, False, True)


@pytest.mark.parametrize("hedge", ["around", "nearly", "just over", "up to", "fewer than"])
def test_bounded_hedges_contain_or_touch_the_stated_value(hedge):
    low, high, _, _ = apply_hedge(hedge, 250)
    assert low is not None and high is not None
    assert low <= 250 <= high


@pytest.mark.parametrize("hedge", ["around", "nearly", "just over", "more than", "at least",
                                   "up to", "fewer than", None])
def test_hedged_interval_never_runs_backwards(hedge):
    low, high, _, _ = apply_hedge(hedge, 1234.5)
    assert low is not None
    assert high is None or low <= high


def test_hedges_on_fractions_keep_the_fraction():
    assert apply_hedge("around", 4.5) == (4.275, 4.725, False, False)
    assert apply_hedge("nearly", 0.5) == (0.45, 0.5, False, True)


def test_hedges_on_large_values_scale_the_interval():
    low, high, _, _ = apply_hedge("around", 4.5e9)
    assert (low, high) == (4.275e9, 4.725e9)


def test_unknown_hedge_is_an_error_naming_it():
    with pytest.raises(ValueError, match="'roughly-ish'"):
        apply_hedge("roughly-ish", 10)


def test_hedge_names_are_not_wordings():
    # apply_hedge takes a hedge name, not the wording that made it
    with pytest.raises(ValueError):
        apply_hedge("about", 10)


# --- hedge_vague -----------------------------------------------------------------------------


def test_unhedged_vague_amount_keeps_its_interval():
    assert hedge_vague(None, 2, 5, False) == (2, 5, False, False)
    assert hedge_vague(None, 200, 1000, True) == (200, 1000, False, True)


def test_more_than_a_few_is_open_above_two():
    assert hedge_vague("more than", 2, 5, False) == (2, None, True, False)


def test_just_over_a_vague_amount_reads_as_more_than():
    assert hedge_vague("just over", 24, 144, True) == (24, None, True, False)


def test_at_least_dozens_is_closed_at_twenty_four():
    assert hedge_vague("at least", 24, 144, True) == (24, None, False, False)


def test_up_to_thousands_keeps_the_open_upper_bound():
    assert hedge_vague("up to", 2000, 1_000_000, True) == (0, 1_000_000, False, True)


def test_up_to_a_few_keeps_the_closed_upper_bound():
    assert hedge_vague("up to", 2, 5, False) == (0, 5, False, False)


def test_fewer_than_a_handful_is_open_at_six():
    assert hedge_vague("fewer than", 2, 6, False) == (0, 6, False, True)


def test_nearly_a_vague_amount_reads_as_fewer_than():
    assert hedge_vague("nearly", 200, 1000, True) == (0, 1000, False, True)


def test_around_a_vague_amount_is_the_vague_amount():
    # 'about a dozen' adds nothing to an amount that is already vague
    assert hedge_vague("around", 3, 10, False) == (3, 10, False, False)


# --- hedge_before ----------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "hedge"), [
    ("about", "around"),
    ("around", "around"),
    ("approximately", "around"),
    ("roughly", "around"),
    ("an estimated", "around"),
    ("estimated", "around"),
    ("some", "around"),
    ("circa", "around"),
    ("approx.", "around"),
    ("c.", "around"),
    ("ca.", "around"),
    ("in the region of", "around"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("close to", "nearly"),
    ("just under", "nearly"),
    ("not quite", "nearly"),
    ("just over", "just over"),
    ("slightly more than", "just over"),
    ("more than", "more than"),
    ("over", "more than"),
    ("above", "more than"),
    ("exceeding", "more than"),
    ("in excess of", "more than"),
    ("upwards of", "more than"),
    ("well over", "more than"),
    ("at least", "at least"),
    ("no fewer than", "at least"),
    ("no less than", "at least"),
    ("a minimum of", "at least"),
    ("up to", "up to"),
    ("as many as", "up to"),
    ("at most", "up to"),
    ("no more than", "up to"),
    ("not more than", "up to"),
    ("a maximum of", "up to"),
    ("fewer than", "fewer than"),
    ("less than", "fewer than"),
    ("under", "fewer than"),
    ("below", "fewer than"),
])
def test_hedge_wording_before_a_number_is_recognised(prefix, hedge):
    assert hedge_before(prefix) == (hedge, len(prefix))


@pytest.mark.parametrize(("prefix", "hedge", "length"), [
    ("just under", "nearly", 10),  # not "under": fewer than
    ("just over", "just over", 9),  # not "over": more than
    ("no more than", "up to", 12),  # not "more than"
    ("not more than", "up to", 13),
    ("no fewer than", "at least", 13),  # not "fewer than"
    ("slightly less than", "nearly", 18),  # not "less than"
    ("well over", "more than", 9),
    ("a little more than", "just over", 18),  # not "more than"
])
def test_longest_wording_wins(prefix, hedge, length):
    assert hedge_before(prefix) == (hedge, length)


def test_hedge_at_end_of_a_longer_prefix_is_found_with_its_own_length():
    assert hedge_before("the army said it had sent more than") == ("more than", 9)


def test_hedge_after_an_opening_parenthesis_is_found():
    assert hedge_before("(about") == ("around", 5)


def test_hedge_after_an_opening_quote_is_found():
    assert hedge_before('"nearly') == ("nearly", 6)
    assert hedge_before("“nearly") == ("nearly", 6)


@pytest.mark.parametrize("prefix", [
    "moreover",  # ends in "over" but is one word
    "handsome",  # ends in "some"
    "thunder",  # ends in "under"
    "wonder",
    "etc.",  # ends in "c."
    "x-over",  # a hyphenated word, not a hedge
])
def test_wording_inside_another_word_is_not_a_hedge(prefix):
    assert hedge_before(prefix) is None


@pytest.mark.parametrize("prefix", ["", "the", "killed", "said that", "in", "a total of"])
def test_prefix_without_a_hedge_is_none(prefix):
    assert hedge_before(prefix) is None


def test_prefix_must_be_stripped_of_trailing_space():
    # the caller strips the prefix; a trailing space leaves no last word to look up
    assert hedge_before("about ") is None
    assert hedge_before("  about") == ("around", 5)


def test_hedge_before_is_case_sensitive_and_expects_lower_case():
    assert hedge_before("About") is None
    assert hedge_before("about") == ("around", 5)


def test_hedge_before_a_hedge_in_the_middle_of_the_prefix_is_not_found():
    # only the words right before the number count
    assert hedge_before("about the") is None
