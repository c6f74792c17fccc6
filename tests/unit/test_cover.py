"""Cover: whether a span overlaps those taken, asked of the characters they cover."""

from __future__ import annotations

import random

from reconcile.extract.cover import Cover


def test_overlap_and_containment_are_those_of_the_spans() -> None:
    rng = random.Random(7)
    spans = [(a, a + rng.randint(1, 6)) for a in rng.sample(range(200), 40)]
    cover = Cover(210, spans)
    for start in range(205):
        for end in range(start + 1, min(start + 9, 210)):
            assert cover.overlaps(start, end) == any(start < b and a < end for a, b in spans)
        assert (start in cover) == any(a <= start < b for a, b in spans)


def test_spans_added_later_count_and_ends_past_the_text_are_clipped() -> None:
    cover = Cover(10)
    assert not cover.overlaps(0, 10)
    cover.add(8, 15)
    assert cover.overlaps(9, 10) and 9 in cover and 10 not in cover and -1 not in cover
