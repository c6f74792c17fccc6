"""reconcile/extract/cover.py at its edges: empty spans, spans past either end of the text,
touching spans and an empty text."""

from __future__ import annotations

import pytest

from reconcile.extract.cover import Cover


def test_new_cover_covers_nothing():
    cover = Cover(10)
    assert not cover.overlaps(0, 10)
    assert not any(i in cover for i in range(10))


def test_spans_given_at_creation_are_covered():
    cover = Cover(10, [(2, 4), (7, 8)])
    assert [i for i in range(10) if i in cover] == [2, 3, 7]


def test_span_end_is_exclusive():
    cover = Cover(10, [(2, 4)])
    assert 4 not in cover
    assert not cover.overlaps(4, 6)
    assert cover.overlaps(3, 6)


def test_span_ending_where_a_covered_one_starts_does_not_overlap():
    cover = Cover(10, [(5, 8)])
    assert not cover.overlaps(0, 5)
    assert cover.overlaps(0, 6)


def test_span_inside_a_covered_one_overlaps():
    assert Cover(10, [(1, 9)]).overlaps(4, 5)


def test_span_around_a_covered_one_overlaps():
    assert Cover(10, [(4, 5)]).overlaps(0, 10)


@pytest.mark.parametrize(("start", "end"), [(3, 3), (5, 2)])
def test_empty_or_backwards_span_adds_nothing(start, end):
    cover = Cover(10)
    cover.add(start, end)
    assert not cover.overlaps(0, 10)


def test_empty_span_never_overlaps():
    cover = Cover(10, [(0, 10)])
    assert not cover.overlaps(4, 4)


def test_span_starting_before_the_text_is_clipped_at_zero():
    cover = Cover(10, [(-5, 2)])
    assert [i for i in range(10) if i in cover] == [0, 1]
    assert cover.overlaps(-3, 1)


def test_span_wholly_before_the_text_covers_nothing():
    cover = Cover(10, [(-5, -1)])
    assert not cover.overlaps(0, 10)


def test_span_wholly_past_the_text_covers_nothing():
    cover = Cover(10, [(12, 20)])
    assert not cover.overlaps(0, 10)
    assert not cover.overlaps(12, 20)


def test_positions_outside_the_text_are_never_covered():
    cover = Cover(10, [(0, 10)])
    assert -1 not in cover and 10 not in cover and 100 not in cover


def test_adding_a_span_twice_or_overlapping_spans_is_harmless():
    cover = Cover(10)
    cover.add(2, 5)
    cover.add(2, 5)
    cover.add(4, 7)
    assert [i for i in range(10) if i in cover] == [2, 3, 4, 5, 6]


def test_empty_text_covers_nothing_and_overlaps_nothing():
    cover = Cover(0, [(0, 5)])
    assert not cover.overlaps(0, 5)
    assert 0 not in cover
