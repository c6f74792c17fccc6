"""What a figure counts: a canonical measure ('troops', 'killed', ...) or the counted noun.

Two figures are only ever compared when they count the same thing, so this decides as much
about conflicts as the numbers do. Families and the fallback are listed in docs/semantics.md.
The tests, in order, for each figure (the noun rules are in nouns.py):
1. "killed and wounded" / "casualties" written with the figure: casualties;
2. the counted noun phrase: after the figure ("42 North Korean soldiers"), after "of"
   ("61.4% of the vote", "61 of the 74 drones"), after a money amount's "in"/"on" ("$4.5bn in
   aid"), or the noun the figure is a value of ("a transfer fee of 4.5bn won", "kept its key
   rate at 16%", "bribes worth £2m");
3. an event: in the noun phrase ("212 wounded soldiers"), in the verb group after it ("were
   killed", "remained missing", "taken prisoner") or right before the figure ("captured 42");
   events win over nouns, so troops that were killed are `killed`;
4. the subject of a change ("Annual inflation slowed to 3.2%", "Quake toll could reach ...");
5. the figure before it: "312 votes to 187", "11,000 more", "an additional 1,000" (counts),
   "up from €980m", "to 1.3% from 1.8%" (money and shares, after a linking word).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reconcile.extract.nouns import (
    TROOP_NOUNS,
    FigureLike,
    noun_after,
    noun_before,
    subject_of_change,
)
from reconcile.extract.words import EVENT_OF, Token, number_token, tokens_of, wordset


@dataclass(frozen=True, slots=True)
class Counted:
    measure: str | None
    noun: str | None = None  # the counted noun phrase, singular: "cholera case"
    base: str | None = None  # the measure the noun alone gives, passed on to "11,000 more"


_MILITARY = re.compile(r"\b(?:troops|soldiers|army|military|assault|battalions?|brigades?|front|"
                       r"deployed|forces|regiment|offensive|combat)\b", re.I)
_CASUALTIES = re.compile(
    r"^\W*(?:\w+\s+){0,6}?(?:killed|dead|deaths)\s+(?:and|or)\s+(?:wounded|injured|injuries)\b"
    r"|^\W*(?:\w+\s+){0,3}?casualt(?:y|ies)\b"
    r"|^\W*(?:\w+\s+){0,3}?(?:deaths|killed)\s+and\s+injur", re.I)
_FROM_HOMES = re.compile(r"^\W*(?:[\w-]+\s+){0,3}?from\s+(?:their\s+|its\s+)?homes\b", re.I)
_VERB_GROUP = wordset(
    "were was have has had been be being may might could would will are is reportedly also "
    "already all still now later feared believed thought reported confirmed said to since "
    "either both not so far yet then in total altogether remained remain remains listed "
    "officially treated left being"
)
_CLAUSE_END = wordset("and or but while whereas which who when after as because , ; :")


# The rules read a few words either side of a figure (at most ten before it, and after it a
# noun phrase and a verb group). Each figure gets those words and no more, so a sentence listing
# thousands of figures costs time in proportion to them, not to their square.
_WORDS_BEFORE = 16
_WORDS_AFTER = 64


def measures_of(sentence: str, figures: Sequence[FigureLike]) -> list[Counted]:
    """The measure of each figure of `sentence` (figure offsets in sentence coordinates; the
    figures in order and apart, as numbers.parse_quantities gives them)."""
    military = _MILITARY.search(sentence) is not None
    toks = _one_token_a_figure(tokens_of(sentence), figures)
    starts = [t.start for t in toks]
    # What the rules read of the sentence lies outside the figure read, where every other
    # figure is written as '0' ('rose 5.5 percent to' reads 'rose 0   percent to').
    masked = _blank(sentence, figures)
    out: list[Counted] = []
    last: dict[str, Counted] = {}  # unit family -> the latest figure's of it that has a measure
    latest: Counted | None = None
    for i, f in enumerate(figures):
        nxt = figures[i + 1].start if i + 1 < len(figures) else len(sentence)
        at = bisect.bisect_left(starts, f.start)
        before = [t for t in toks[max(0, at - _WORDS_BEFORE) : at] if t.end <= f.start]
        after = [t for t in toks[at : at + _WORDS_AFTER + 1] if t.start >= f.end]
        counted = _measure(masked, before, after, f, nxt, military)
        if counted.measure is None and out:
            counted = _inherit(sentence, f, latest, last) or counted
        if counted.noun == "@them":
            counted = Counted(None)
        out.append(counted)
        if counted.measure is not None:
            latest = last[_family(f.unit)] = counted
    return out


def _one_token_a_figure(toks: list[Token], figures: Sequence[FigureLike]) -> list[Token]:
    """The tokens of the sentence with the tokens of each figure read as one number token."""
    if not figures:
        return toks
    out: list[Token] = []
    k, placed = 0, -1
    for t in toks:
        while k < len(figures) and figures[k].end <= t.start:
            k += 1
        g = figures[k] if k < len(figures) else None
        if g is None or t.start < g.start:
            out.append(t)
        elif k != placed:
            out.append(number_token(g.start, g.end))
            placed = k
    return out


def _blank(s: str, figures: Sequence[FigureLike]) -> str:
    """The sentence with every figure written as '0' and spaces (its length kept)."""
    if len(figures) < 2:
        return s
    parts, at = [], 0
    for g in figures:
        if g.start >= at:
            parts += [s[at : g.start], "0" + " " * (g.end - g.start - 1)]
            at = g.end
    return "".join([*parts, s[at:]])


def _measure(s: str, before: list[Token], after: list[Token], f: FigureLike, limit: int,
             military: bool) -> Counted:
    span = s[f.end : min(limit, f.end + 80)]
    timed = f.unit in {"hour", "minute", "second", "day", "week", "month", "year", "decade"}
    noun, rest, mod_event = noun_after(after, f, s, limit)
    if noun is None and not timed:
        noun = noun_before(before, f)
    head = noun.split()[-1] if noun else None
    base = _base(head, military)
    if _CASUALTIES.match(span):
        return Counted("casualties", noun, base)
    them = _OF_THEM.match(span) if noun is None else None
    if them and (event := _event_after(rest, limit)):
        return Counted(event, None, event)  # "nine of them fatal", "17 of whom had died"
    if them:
        return Counted(None, "@them")  # "two of them seriously": the group before
    if head == "prisoner" and re.match(r"^\W*(?:\w+\s+){0,2}?of\s+war\b", span):
        return Counted("captured", "prisoner of war", "captured")
    if _FROM_HOMES.match(span):
        return Counted("displaced", noun, base)
    event = mod_event or _event_after(rest if noun else after, limit) or _event_before(
        before, head)
    if head and head in EVENT_OF and (event is None or EVENT_OF[head] == "killed"):
        return Counted(EVENT_OF[head], noun, EVENT_OF[head])
    if event:
        return Counted(event, noun, base)
    if noun is None and not timed:
        subject = subject_of_change(s, f)
        if subject:
            measure = EVENT_OF.get(subject, subject)
            return Counted(measure, subject, measure)
    return Counted(base, noun, base)


_OF_THEM = re.compile(r"^\s*of\s+(?:them|whom|those)\b", re.I)

def _base(head: str | None, military: bool) -> str | None:
    if head is None:
        return None
    if head in TROOP_NOUNS or (head == "man" and military):
        return "troops"
    return EVENT_OF.get(head, head)


def _event_after(rest: list[Token], limit: int) -> str | None:
    """An event in the verb group that follows the counted noun ('were killed')."""
    skipping_pp = False
    for n, t in enumerate(rest[:10]):
        if t.start >= limit or t.low in _CLAUSE_END or (t.is_number and not skipping_pp):
            return None
        if t.low == "taken" and n + 1 < len(rest) and rest[n + 1].low.startswith("prisoner"):
            return "captured"
        if t.low in EVENT_OF and t.low not in {"death", "deaths", "refugees", "fatalities"}:
            return EVENT_OF[t.low]
        if t.low in _VERB_GROUP:
            skipping_pp = False
            continue
        if t.low in {"from", "of", "in", "near", "at", "on", "for"}:
            skipping_pp = True
            continue
        if skipping_pp:
            continue
        if t.low.endswith("ed"):
            return None  # another verb: "were sent"
    return None


def _event_before(before: list[Token], head: str | None) -> str | None:
    """'captured 42 soldiers', 'the evacuation of some 300 residents', 'killed dozens more',
    'killed its crew of four'."""
    if len(before) > 3 and before[-1].low == "of" and before[-2].is_word and (
            before[-2].low not in EVENT_OF):
        before = before[:-2]  # "killed a family of five": the event before "family of"
    for n, t in enumerate(reversed(before[-4:])):
        if t.low in EVENT_OF and t.low not in {"missing", "dead"}:
            return EVENT_OF[t.low]
        if t.low in {"taken", "took", "take"} and n <= 1 and head is not None and (
                head in TROOP_NOUNS or head in {"prisoner", "person", "man"}):
            return "captured"
        if t.low not in _BETWEEN_EVENT_AND_FIGURE:
            return None
    return None


_BETWEEN_EVENT_AND_FIGURE = wordset("of the a an some more than at least had have has been "
                                    "another further its their")


_LINK = re.compile(r"\b(?:to|from|against|versus|vs|with|than)\s+(?:\S+\s+)?$", re.I)
_UP_DOWN = re.compile(r"\b(?:up|down)\s+$")
_THEM_AFTER = re.compile(r"\s*of\s+(?:them|whom|those)\b", re.I)
# how far back a linking word is looked for: a word and the spaces around it
_LINK_CHARS = 80
_ANAPHOR_AFTER = re.compile(r"^\s*(?:more|others?|additional)\b", re.I)


def _inherit(s: str, f: FigureLike, latest: Counted | None, last: dict[str, Counted]
             ) -> Counted | None:
    """'312 votes to 187', '11,000 more', 'an additional 1,000' (counts); 'up from €980m',
    'to 1.3% from 1.8%' (money and shares, after a linking word): the measure of the nearest
    earlier figure of the same kind (`last`, by unit family; `latest`, of any kind). Durations
    inherit nothing."""
    if f.unit in {"hour", "minute", "second", "day", "week", "month", "year", "decade"}:
        return None
    if latest is not None and f.unit in {"%", "pp"} and _UP_DOWN.search(
            s, max(0, f.start - _LINK_CHARS), f.start):
        return latest  # "4.2 million passengers in July, up 6.5%"
    if (c := last.get(_family(f.unit))) is None:
        return None
    if f.unit is None:
        if _THEM_AFTER.match(s, f.end):
            return c
        return Counted(c.base, c.noun, c.base) if c.base else None
    linked = _LINK.search(s, max(0, f.start - _LINK_CHARS), f.start) is not None
    return c if linked else None


def _family(unit: str | None) -> str:
    if unit in {"%", "pp"}:
        return "%"
    if unit is None:
        return "count"
    return "money" if unit.isupper() else unit
