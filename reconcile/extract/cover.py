"""The characters of a text that a set of spans covers.

Extraction asks again and again whether a match overlaps one already taken. Asked of a list,
that costs every span taken so far, and a sentence listing thousands of figures or dates pays
it thousands of times over; asked of the characters, it costs the match's own length.
"""

from __future__ import annotations

from collections.abc import Iterable


class Cover:
    """Characters [0, length) of a text, each covered or not by the (non-empty) spans added."""

    def __init__(self, length: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._chars = bytearray(length)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        start, end = max(0, start), min(end, len(self._chars))
        if start < end:
            self._chars[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether the non-empty span [start, end) shares a character with a span added."""
        return self._chars.find(1, max(0, start), max(0, end)) >= 0

    def __contains__(self, at: int) -> bool:
        """Whether character `at` lies in a span added."""
        return 0 <= at < len(self._chars) and self._chars[at] == 1
