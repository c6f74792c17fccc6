"""Figures in text: numbers with their hedges, scales, currencies and units, as intervals.

The semantics (which hedge means which interval, what is not a figure) are documented in
docs/semantics.md. This module puts the pieces together: atoms.py reads numbers as written,
nonfigures.py drops the ones that are not figures, units.py and hedges.py read what is written
around them. It is pure: text in, `Quantity` objects out, offsets relative to the text given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reconcile.extract import units
from reconcile.extract.atoms import (
    Atom,
    Written,
    article_atoms,
    digit_atoms,
    vague_atoms,
    word_atoms,
)
from reconcile.extract.cover import Cover
from reconcile.extract.hedges import POSTFIX_HEDGE, apply_hedge, hedge_before, hedge_vague
from reconcile.extract.nonfigures import is_label, non_figure_spans

INF = None  # an unbounded end is None, as in the JSON the API serves


@dataclass(frozen=True, slots=True)
class Quantity:
    raw: str
    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False
    unit: str | None = None
    hedge: str | None = None
    precision: float = 1.0


def parse_quantities(text: str, masked: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """Every figure in `text`, in order. `masked` spans (time expressions) are skipped."""
    if not _DIGIT.search(text) and not _MAY_HAVE_WORDS.search(text):
        return []
    skip = Cover(len(text), [*masked, *non_figure_spans(text)])
    atoms = [a for a in digit_atoms(text) + word_atoms(text) if not _inside(a, skip)]
    taken = Cover(len(text), [(a.start, a.end) for a in atoms])
    atoms += [a for a in vague_atoms(text)
              if not _inside(a, skip) and not taken.overlaps(a.start, a.end)]
    atoms += [a for a in article_atoms(text) if not _inside(a, skip) and _hedged(text, a.start)]
    atoms.sort(key=lambda a: a.start)
    atoms = [a for a in atoms if not is_label(text, a, _money_or_unit(text, a))]

    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is not None and (kind := _range_kind(text, a, b)):
            out.append(_make_range(text, a, b, kind))
            i += 2
            continue
        out.append(_make_single(text, a))
        i += 1
    return out


_DIGIT = re.compile(r"\d")
_MAY_HAVE_WORDS = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thir|fif|twenty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|"
    r"couple|few|handful|several|scores|an?\s)",
    re.IGNORECASE,
)


def _inside(a: Atom, spans: Cover) -> bool:
    """Whether the atom's first or last character is in a span."""
    return a.start in spans or (a.end > 0 and a.end - 1 in spans)


def _hedged(text: str, start: int) -> bool:
    return hedge_before(text[max(0, start - 30) : start].lower().rstrip()) is not None


def _money_or_unit(text: str, a: Atom) -> bool:
    return units.currency_before(text, a.start)[0] is not None or units.SUFFIX.match(
        text, a.end) is not None


# --- ranges ------------------------------------------------------------------------------------

_REPEAT = r"(?:%|per\s?cent|percent)?"
_CUR = r"(?:US\s?\$|\$|€|£|¥)?\s?"
_GAP_BETWEEN = re.compile(rf"\s*{_REPEAT}\s+and\s+{_CUR}$", re.I)
_GAP_DASH = re.compile(rf"\s*{_REPEAT}\s*(?:-|–|—|to)\s*{_CUR}$", re.I)
_BETWEEN_BEFORE = re.compile(rf"\bbetween\s+{_CUR}$", re.I)
_FROM_BEFORE = re.compile(rf"\bfrom\s+{_CUR}$", re.I)
_CHANGE_VERB = re.compile(
    r"\b(?:rose|risen|rising|rises|rise|fell|fallen|falling|falls|fall|increased|increasing|"
    r"increases|decreased|decreasing|climbed|climbing|dropped|dropping|grew|grown|growing|"
    r"jumped|declined|soared|slid|surged|plunged|went|gone|edged|cut|cuts|raised|raising|"
    r"revised|shrank|slumped|doubled|tripled|moved|changed|up|down|reduced|lowered|boosted|"
    r"expanded|narrowed|widened|hiked|trimmed|slashed|lifted|upgraded|downgraded)\b",
    re.IGNORECASE,
)


_TALLY_DASH = re.compile(r" ?[-–] ?")
_TALLY_BEFORE = re.compile(r"[-–\d.,/]")
_TALLY_AFTER = re.compile(r"[-–\d/]|[.,]\d")


def is_tally(text: str, a: Written, b: Written, offset: int = 0) -> bool:
    """Whether a and b are the two sides of a score or a tally ("a 2-1 win", "a 68-31 vote"):
    small whole numbers joined by a dash and by nothing else around them (not a phone number
    "1-800-555", a season "2016-17" or a decimal). `offset`: where `text` starts in the
    text a and b were read from."""
    if a.value != int(a.value) or b.value != int(b.value) or max(a.value, b.value) >= 1000:
        return False
    a_start, a_end, b_start, b_end = (x - offset for x in (a.start, a.end, b.start, b.end))
    return (a_start >= 0 and bool(_TALLY_DASH.fullmatch(text, a_end, b_start))
            and not _TALLY_BEFORE.match(text[a_start - 1 : a_start])
            and not _TALLY_AFTER.match(text, b_end))


def _range_kind(text: str, a: Atom, b: Atom) -> str | None:
    """How a and b form one range ('between', 'to', 'dash'), or None when they are two figures."""
    if a.vague or b.vague:
        return None
    gap = text[a.end : b.start]
    if len(gap) > 16:
        return None
    low = a.value * (b.scale if b.scaled and not a.scaled and a.base < b.base else 1.0)
    if _GAP_BETWEEN.match(gap) and _BETWEEN_BEFORE.search(text, max(0, a.start - 14), a.start):
        return "between"
    m = _GAP_DASH.match(gap)
    if not m or low >= b.value:
        return None  # "7 to 2" is a vote or a score, not a range
    if "to" not in gap.lower():
        return "dash"
    lead = text[max(0, a.start - 80) : a.start]
    if _FROM_BEFORE.search(lead):
        # "rose from 3 to 5" is a change: two figures; "from 10 to 12 people" is a range
        return None if _CHANGE_VERB.search(lead[: lead.lower().rfind("from")]) else "to"
    return None if _CHANGE_VERB.search(lead[-30:]) else "to"


def _make_range(text: str, a: Atom, b: Atom, kind: str) -> Quantity:
    lo_unit, start, _ = _units_around(text, a)
    hi_unit, _, end = _units_around(text, b)
    if kind == "between":
        start = text.lower().rfind("between", 0, start + 1)
    unit = hi_unit or lo_unit
    low, high, low_precision = a.value, b.value, a.precision
    if b.scaled and not a.scaled and a.base < b.base:
        low, low_precision = a.value * b.scale, a.precision * b.scale  # "10 to 12 million"
    return Quantity(text[start:end], start, end, (low + high) / 2, low, high, False, False, unit,
                    "range", max(low_precision, b.precision))


# --- one figure --------------------------------------------------------------------------------

_POSTFIX = re.compile(
    r"(?:\s+(?P<w>or more|or so|or fewer|or less|or thereabouts|or above|or over|and more)\b"
    r"|(?P<p>-plus\b|\+(?!\d)))",
    re.IGNORECASE,
)
_COMPOUND_UNIT = re.compile(r"\s?-\s?(?P<u>[a-z]+)\b(?!\s?-\s?old)")
_MILLION_NEXT = re.compile(
    r"\s+(?:[a-z-]+\s+)?(?!(?:is|was|has|as|its|this|his|us|plus|thus|yes)\b)(?:[a-z-]+s|people|"
    r"children|men|women|personnel|staff|police|cattle|livestock|poultry|crew)\b"
)
_DURATION_OVER = re.compile(r"\b(?:for|to|lasted|lasting|last|took|takes|take|taken|after|been|"
                            r"spanning|aged|of|in|within)\s+$", re.I)


def _units_around(text: str, a: Atom) -> tuple[str | None, int, int]:
    """(unit, start, end): a currency before, and a percent, currency word or unit after."""
    cur, start = units.currency_before(text, a.start)
    unit, end = units.suffix_unit(text, a.end)
    if unit is None and (c := _COMPOUND_UNIT.match(text, a.end)):
        word = c.group("u").lower()
        if word in units.UNIT_WORD:  # "a 30-day truce", "a 12-hour curfew"
            unit, end = units.UNIT_WORD[word], c.end()
    if cur is not None and (unit is None or unit.isupper()):
        unit = cur
    elif cur is not None:
        start = a.start  # "$ 50 %" is not a currency amount
    if a.scale_letter == "m" and cur is None and unit is None and not _MILLION_NEXT.match(
            text, a.end):
        unit = "metre"  # "a 400m sprint", "6.2m high": metres, not millions
    return unit, start, end


def _make_single(text: str, a: Atom) -> Quantity:
    unit, start, end = _units_around(text, a)
    value, precision = a.value, a.precision
    if unit == "metre" and a.scale_letter == "m":
        value, precision = a.base, precision / a.scale
    hedge = None
    prefix = text[max(0, start - 30) : start]
    found = hedge_before(prefix.lower().rstrip()) if prefix[-1:].isspace() else None
    if found is not None:
        name, length = found
        stripped = prefix.rstrip()
        hedge_start = start - (len(prefix) - len(stripped)) - length
        if not (name == "more than" and text[hedge_start : hedge_start + 4].lower() == "over"
                and unit in units.TIME_UNITS and _DURATION_OVER.search(text, 0, hedge_start)
                is None):
            hedge, start = name, hedge_start
            cur, cur_start = units.currency_before(text, start)
            if cur is not None and unit is None:
                unit, start = cur, cur_start  # "$ more than 20" in tokenised test sentences
    if hedge is None and (post := _POSTFIX.match(text, end)):
        word = (post.group("w") or post.group("p")).lower()
        hedge, end = POSTFIX_HEDGE[word], post.end()
    raw = text[start:end]
    if a.vague is not None:
        low, high, high_open = a.vague
        lo, hi, lo_open, hi_open = hedge_vague(hedge, low, high, high_open)
        return Quantity(raw, start, end, low, lo, hi, lo_open, hi_open, unit, hedge or "vague",
                        1.0)
    low_, high_, low_open, high_open = apply_hedge(hedge, value)
    return Quantity(raw, start, end, value, low_, high_, low_open, high_open, unit, hedge,
                    precision)
