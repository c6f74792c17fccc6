"""Hedges and vague amounts: the words that turn a stated value into an interval.

The tables here are the ones in docs/semantics.md; `apply_hedge` is the only place that decides
which interval a hedge makes. Pure standard library.
"""

from __future__ import annotations

# hedge name -> the wordings that mean it (lower case, written before the number)
HEDGES: dict[str, tuple[str, ...]] = {
    "around": (
        "approximately", "an estimated", "estimated", "around", "about", "roughly", "some",
        "circa", "approx.", "approx", "c.", "an approximate", "an approximately", "ca.",
        "in the region of", "in the order of",
    ),
    "nearly": (
        "nearly", "almost", "close to", "just under", "just shy of", "just below", "not quite",
        "a little under", "a little less than", "slightly fewer than", "slightly less than",
        "slightly under", "nigh on",
    ),
    "just over": (
        "just over", "slightly more than", "a little over", "a little more than", "just above",
        "slightly over", "slightly above", "just more than", "just in excess of",
    ),
    "more than": (
        "more than", "over", "above", "exceeding", "in excess of", "upwards of", "north of",
        "greater than", "higher than", "well over", "well above", "well in excess of",
        "far more than", "much more than",
    ),
    "at least": (
        "at least", "no fewer than", "no less than", "a minimum of", "not less than",
        "not fewer than", "at a minimum", "minimum of",
    ),
    "up to": (
        "up to", "as many as", "at most", "no more than", "a maximum of", "not more than",
        "as much as", "as high as", "maximum of", "at the most", "not exceeding",
    ),
    "fewer than": (
        "fewer than", "less than", "under", "below", "lower than", "well under", "well below",
        "far fewer than", "far less than",
    ),
}
HEDGE_OF: dict[str, str] = {p: name for name, phrases in HEDGES.items() for p in phrases}
# longest first, so "just under" wins over "under"
HEDGE_PHRASES: tuple[str, ...] = tuple(sorted(HEDGE_OF, key=len, reverse=True))
# the phrases that end with a given word, longest first: one dictionary look-up per number
_BY_LAST_WORD: dict[str, tuple[str, ...]] = {}
for _phrase in HEDGE_PHRASES:
    _last = _phrase.split()[-1]
    _BY_LAST_WORD[_last] = (*_BY_LAST_WORD.get(_last, ()), _phrase)

# hedges written after the number: "5,000 or so", "25 or more", "300-plus", "40+"
POSTFIX_HEDGE: dict[str, str] = {
    "or more": "at least", "or so": "around", "or fewer": "up to", "or less": "up to",
    "plus": "at least", "-plus": "at least", "+": "at least", "or thereabouts": "around",
    "and more": "at least", "and up": "at least", "at least": "at least", "at most": "up to",
    "at the most": "up to", "or above": "at least", "or over": "at least",
}

# vague amount -> (low, high, high_open); "a couple of" and "a couple" read the same
VAGUE: dict[str, tuple[float, float, bool]] = {
    "tens of thousands": (20_000, 100_000, True),
    "hundreds of thousands": (200_000, 1_000_000, True),
    "tens of millions": (20_000_000, 100_000_000, True),
    "hundreds of millions": (200_000_000, 1_000_000_000, True),
    "a couple": (2, 3, False),
    "a few": (2, 5, False),
    "a handful": (2, 6, False),
    "several": (3, 10, False),
    "dozens": (24, 144, True),
    "scores": (40, 200, True),
    "hundreds": (200, 1000, True),
    "thousands": (2000, 1_000_000, True),
    "millions": (2_000_000, 1_000_000_000, True),
    "billions": (2_000_000_000, 1_000_000_000_000, True),
}

Interval = tuple[float | None, float | None, bool, bool]  # low, high, low_open, high_open


def apply_hedge(hedge: str | None, v: float) -> Interval:
    """The interval (low, high, low_open, high_open) a hedge makes of the value v.

    An unbounded end is None. See the table in docs/semantics.md.
    """
    if hedge is None:
        return v, v, False, False
    if hedge == "around":
        return _r(v * 0.95), _r(v * 1.05), False, False
    if hedge == "nearly":
        return _r(v * 0.9), v, False, True
    if hedge == "just over":
        return v, _r(v * 1.1), True, False
    if hedge == "more than":
        return v, None, True, False
    if hedge == "at least":
        return v, None, False, False
    if hedge == "up to":
        return 0.0, v, False, False
    if hedge == "fewer than":
        return 0.0, v, False, True
    raise ValueError(f"unknown hedge {hedge!r}")


def hedge_vague(hedge: str | None, low: float, high: float, high_open: bool) -> Interval:
    """A vague amount under a hedge: 'more than a few', 'up to thousands', 'about a dozen'."""
    if hedge in {"more than", "just over"}:
        return low, None, True, False
    if hedge == "at least":
        return low, None, False, False
    if hedge == "up to":
        return 0.0, high, False, high_open
    if hedge in {"fewer than", "nearly"}:
        return 0.0, high, False, True
    return low, high, False, high_open


def hedge_before(prefix: str) -> tuple[str, int] | None:
    """The hedge that `prefix` ends with, as (name, length of its wording), or None.

    `prefix` is the lower-case text right before a number, trailing spaces stripped.
    """
    cut = prefix.rfind(" ")
    for phrase in _BY_LAST_WORD.get(prefix[cut + 1 :].lstrip("(\"“'"), ()):
        if prefix.endswith(phrase):
            at = len(prefix) - len(phrase)
            if at == 0 or not prefix[at - 1].isalnum():
                return HEDGE_OF[phrase], len(phrase)
    return None


def _r(x: float) -> float:
    # 11000 * 1.05 is 11550.000000000002 in binary floating point; figures are read by people.
    return round(x, 9)
