"""Which figures of two claims state the same quantity.

Across a story, figures are the same quantity when their frames say so (`same_quantity`: what
is counted, whose, in which role, where and when; extract/frames.py reads them), however
differently their sentences are worded. Between two sentences, figures pair one to one
(`paired_figures`), and two sentences worded alike but for their figures also pair slot by
slot, by the rules below (`align`, also the timeline's rule for an outlet's updates).

Two alike claims rarely list their figures in the same order or the same number of them ("15
deaths in Germany and one in Sweden" vs "Sixteen deaths, including one in Sweden"). A figure
is paired only with the figure of the other claim that counts the same thing in the same slot:

- the same measure (or the same unit family), or no measure at all but the same surroundings
  (the words either side match: "the ratio ... is 2 : 1" vs "... is 8 : 1");
- not a part of a larger count ("two of the wounded", "five other people", "including one"),
  nor a change or a rate ("has risen to 146", "rose by 5%", "2,500 troops each");
- the same place when a place qualifies the figure ("15 deaths in Germany" vs "16 deaths").

Pure: figures and their sentences in, aligned pairs out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from rapidfuzz import fuzz

from reconcile.domain import Figure, TimeSpan
from reconcile.rules.intervals import comparable_units, compatible

WINDOW = 3
MIN_CONTEXT = 5 / 6  # share of the surrounding tokens that must match for measure-less figures
VALUE_AGREEMENT = 0.5

_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d[\d,.]*|[:/%$€£¥¢]")
_PART_BEFORE = re.compile(
    r"\b(?:including|includes?|included|among\s+them|among|of\s+whom|of\s+which|another|"
    r"additional|"
    r"a\s+further|the\s+other|other|some\s+of|each\s+of|one\s+of)\s*$"
    # the whole a part is taken from: "281 of the 3,050 passengers", "44 of 53 laps"
    r"|\d[\d,.]*\s+(?:[a-z]+\s+)?(?:of|out\s+of)\s+(?:the\s+)?(?:[a-z]+\s+)?$", re.I)
_PART_AFTER = re.compile(
    r"^\s*(?:of\s+(?:them|the|those|whom|which|its|their|these)\b|of\s+\d|others?\b|more\b|"
    r"additional\b|further\b|remaining\b|new\b|of\s+[a-z']+\s*'s\b)", re.I)
_RATE_BEFORE = re.compile(r"\b(?:average\s+of|an\s+average|on\s+average|each|every|per)\s+"
                          r"(?:\w+\s+)?$|\b(?:\d+|one|two|three|four|five)\s+in\s+$", re.I)
_RATE_AFTER = re.compile(r"^\s*(?:[a-z-]+\s+){0,2}(?:each|apiece|per|a\s+(?:day|week|month|"
                         r"year|head|share|person))\b|^\s*(?:[a-z-]+\s+){0,2}on\s+average\b"
                         r"|^\s*in\s+(?:every\s+)?(?:\d|one|two|three|four|five|six|seven|ten)",
                         re.I)
_CHANGE_BEFORE = re.compile(
    r"\b(?:risen|rose|rising|rises|increased|increases|climbed|climbs|jumped|grown|grew|"
    r"soared|surged|fell|fallen|falls|dropped|drops|declined|declines|plunged|slipped|"
    r"went\s+up|gone\s+up|up|down|reached|now|earlier|initially|previously|first|"
    r"original|former|initial|previous)"
    r"(?:\s+(?!to\b|from\b|by\b|at\b)\w+)?\s+(?P<prep>to|from|by|at)?\s*$", re.I)
_SAME_NOUNS = (
    frozenset(["troop", "soldier", "force", "mercenary", "serviceman", "personnel", "fighter",
               "marine"]),
    frozenset(["people", "person", "individual", "resident", "civilian", "inhabitant"]),
)
_CHANGE_AFTER = re.compile(r"^\s*(?:\w+\s+)?(?:up\s+from|down\s+from|from\s+a|earlier|"
                           r"previously|initially)\b|^\s*(?:original|initial|former|founding)\b",
                           re.I)
_PLACE_AFTER = re.compile(
    r"^[^,.;:]{0,40}?\b(?:in|at|across|inside|near)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)")


@dataclass(frozen=True)
class Slot:
    """A figure with what the alignment needs to know of its sentence."""

    figure: Figure
    sentence: str
    offset: int  # where the sentence starts in the article (figure offsets are article-wide)

    @cached_property
    def local(self) -> tuple[int, int]:
        return self.figure.start - self.offset, self.figure.end - self.offset

    @cached_property
    def before(self) -> str:
        return self.sentence[max(0, self.local[0] - 60) : self.local[0]]

    @cached_property
    def after(self) -> str:
        return self.sentence[self.local[1] : self.local[1] + 60]

    @cached_property
    def left(self) -> tuple[str, ...]:
        return tuple(_norm(t) for t in _TOKEN.findall(self.before))[-WINDOW:]

    @cached_property
    def right(self) -> tuple[str, ...]:
        return tuple(_norm(t) for t in _TOKEN.findall(self.after))[:WINDOW]

    @property
    def noun(self) -> str | None:
        """The head of the counted noun phrase ('north korean soldier' -> 'soldier')."""
        noun = self.figure.noun
        return _singular(noun.split()[-1]) if noun else None

    @cached_property
    def partial(self) -> bool:
        if self.figure.unit in {"%", "pp"}:
            return False  # "61% of the vote" is a share, not a part of another count
        return bool(_PART_BEFORE.search(self.before) or _PART_AFTER.match(self.after))

    @cached_property
    def change(self) -> str | None:
        """'by' for a difference ('rose by 5%'), 'level' for a changed level, None for neither."""
        m = _CHANGE_BEFORE.search(self.before)
        if m:
            return "by" if (m.group("prep") or "").lower() == "by" else "level"
        return "level" if _CHANGE_AFTER.match(self.after) else None

    @cached_property
    def rate(self) -> bool:
        return bool(_RATE_BEFORE.search(self.before) or _RATE_AFTER.match(self.after))

    @cached_property
    def place(self) -> str | None:
        m = _PLACE_AFTER.match(self.after)
        return m.group("place").lower() if m else None

    @property
    def key(self) -> str | None:
        return self.figure.key


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def same_noun(a: str, b: str) -> bool:
    if a == b or fuzz.ratio(a, b) >= 80:
        return True
    return any(a in group and b in group for group in _SAME_NOUNS)


def _norm(token: str) -> str:
    return "#" if token[0].isdigit() else token.lower()


def context_similarity(a: Slot, b: Slot) -> float:
    """Share of the WINDOW positions either side whose tokens match (both absent counts)."""
    def side(x: tuple[str, ...], y: tuple[str, ...]) -> int:
        padded_x = x + ("",) * (WINDOW - len(x))
        padded_y = y + ("",) * (WINDOW - len(y))
        return sum(p == q for p, q in zip(padded_x, padded_y, strict=True))

    left = side(tuple(reversed(a.left)), tuple(reversed(b.left)))
    return (left + side(a.right, b.right)) / (2 * WINDOW)


def comparable(a: Slot, b: Slot) -> float | None:
    """How well a and b line up as the same quantity (higher is better), or None if they don't."""
    fa, fb = a.figure, b.figure
    if not comparable_units(fa.unit, fb.unit):
        return None
    if (a.partial, a.change, a.rate) != (b.partial, b.change, b.rate):
        return None
    if a.place and b.place and a.place != b.place:
        return None
    if (a.place is None) != (b.place is None) and fa.measure and fa.measure == fb.measure:
        return None  # "15 deaths in Germany" is not the total of "16 deaths"
    context = context_similarity(a, b)
    if (a.partial or a.change or a.rate) and context <= 0.5:
        return None  # parts, changes and rates only line up in near-identical frames
    # A value that agrees is evidence that two figures are the same quantity, when one claim
    # lists more figures than the other ("21 months and 18 months" vs "18 months").
    agreement = VALUE_AGREEMENT if compatible(fa, fb) else 0.0
    if a.key is not None and a.key == b.key:
        noun = 0.0
        if a.noun and b.noun:
            if not same_noun(a.noun, b.noun):
                return None  # "nine people" vs "five Americans": different things counted
            noun = 1.0
        return 1.0 + context + noun + agreement
    if fa.unit and fb.unit and (a.key, b.key) in {(f"unit:{fa.unit}", b.key),
                                                  (a.key, f"unit:{fb.unit}")}:
        return 0.5 + context + agreement  # "60 km (37 miles)": the unit says what it measures
    if a.key is None or b.key is None:
        if context >= MIN_CONTEXT and (fa.unit == fb.unit or None in (fa.unit, fb.unit)):
            return context + agreement
        return None
    return None


def twins(a: Slot, b: Slot) -> bool:
    """The same value in the same unit: two reports of one figure ('about 4,100 troops' and
    '4,100 troops'). Pairing aligns them; whether their hedges agree is checked after."""
    fa, fb = a.figure, b.figure
    return fa.value == fb.value and fa.unit == fb.unit


def align(a: Sequence[Slot], b: Sequence[Slot]) -> list[tuple[Slot, Slot]]:
    """Pairs (one from a, one from b) that state the same quantity, best matches first.

    Figures both claims state identically pair first, whatever their frames: a value two
    outlets agree on is one quantity, and it must not be left over to be compared, wrongly,
    with a different figure of the other claim.
    """
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    # among equal values, the one in the most similar frame is the twin ("40 ... 60 kmph" vs
    # "60 ... 60 kmph": the second 60s are twins, the first 60 is the changed figure)
    twin_pairs = sorted(((context_similarity(sa, sb), -abs(i - j), i, j)
                         for i, sa in enumerate(a) for j, sb in enumerate(b) if twins(sa, sb)),
                        reverse=True)
    for _, _, i, j in twin_pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((a[i], b[j]))
    scored = []
    for i, sa in enumerate(a):
        for j, sb in enumerate(b):
            if i in used_a or j in used_b:
                continue
            s = comparable(sa, sb)
            if s is not None:
                scored.append((s, -abs(i - j), i, j))
    scored.sort(reverse=True)
    for _, _, i, j in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((a[i], b[j]))
    return pairs


# --- across a story: figures aligned by their frames -----------------------------------------


STAMP_KINDS = frozenset({"date", "monthday", "clock", "age"})
# kinds whose thing is the event they date or time: told by the clause's words, not one noun
EVENT_KINDS = frozenset({"date", "monthday", "clock", "duration"})
MIN_SHARED_TERMS = 2

# Outlets disagree on a figure by a few percent or a few units, rarely by an order of magnitude:
# figures of one frame that far apart count different things ("33 homes" with lead violations,
# "37.1 million homes" nationwide).
MAX_RATIO = 5.0


_AGAINST = frozenset({"against", "reject", "rejected", "rejects", "oppose", "opposed", "opposes",
                      "disapprove", "disapproved", "refused", "declined", "voted against"})
_FOR = frozenset({"for", "approve", "approved", "approves", "support", "supported", "supports",
                  "backed", "back", "backs", "favour", "favor", "favoured", "favored",
                  "endorsed", "accepted"})


def stance(context: str) -> str | None:
    """'for' or 'against' when the figure's clause counts one side of a vote or a question
    ("approved by 86% of investors", "59% voted against"), else None."""
    words = set(context.lower().split())
    if words & _AGAINST:
        return "against"
    return "for" if words & (_FOR - {"for"}) else None


def by_event(key: str) -> bool:
    """Whether a frame key's figure is told by its event (its clause's words) rather than by a
    noun: dates, times and durations always, a distance or weight that no noun owns
    ("slipped 25 feet", key "length:length")."""
    kind, _, thing = key.partition(":")
    return kind in EVENT_KINDS or thing == kind


def role(slot: Slot) -> str | None:
    """What keeps a figure from being the quantity itself, read from the words around it: a
    part of a larger count, a changed level or a difference, a rate."""
    if slot.partial:
        return "part"
    if slot.change:
        return "change" if slot.change == "level" else "difference"
    return "rate" if slot.rate else None


def same_quantity(fa: Figure, fb: Figure) -> bool:
    """Whether two figures of one story (from different articles) measure one quantity: their
    frames share a key (two clause words for a date, a time or a duration), play the same role,
    belong to the same entity, place and time, and are within an order of magnitude."""
    A, B = fa.frame, fb.frame
    if A is None or B is None or not comparable_units(fa.unit, fb.unit):
        return False
    kind = A.key.split(":", 1)[0]
    if by_event(A.key) or by_event(B.key):
        # the same event: words in common, the predicate of one of them among them; the same
        # named person counts as one more word in common ("Cummings fell nine stories" /
        # "he slipped 25 feet")
        if not (by_event(A.key) and by_event(B.key)):
            return False
        shared = set(A.terms) & set(B.terms)
        # (a date or a duration: one person's life has many; a distance or a weight: few)
        same_one = bool(kind not in EVENT_KINDS and A.entity and A.entity == B.entity
                        and A.entity not in shared)
        if len(shared) + same_one < MIN_SHARED_TERMS or not (
                set(A.predicates) | set(B.predicates)) & shared:
            return False
    elif A.key != B.key or (A.event in _STATIVE) != (B.event in _STATIVE):
        return False  # "five crew members were on board" is not "three were taken to hospital"
    if A.role != B.role or (A.entity and B.entity and A.entity != B.entity):
        return False
    if A.role == "separate":
        return False  # two outlets' "separate incident" need not be one incident
    if {stance(A.context), stance(B.context)} == {"for", "against"}:
        return False  # "86% approved" and "59% rejected" are the two sides of one vote
    if fa.noun and fb.noun and not _same_counted(fa.noun, fb.noun):
        return False  # "15 Palestinians killed" and "three civilians killed" count different people
    if A.place and B.place and A.place != B.place:
        return False
    if A.agents and B.agents and A.agents != B.agents:
        return False  # "a motorcycle bomb kills six" is not the toll of "two car bombs"
    if kind not in {"date", "monthday", "age"} and not same_time(A.when, B.when):
        return False
    return kind in STAMP_KINDS or _within_ratio(fa, fb)


# verbs that say how many there are, not what happened to them
_STATIVE = frozenset({"be", "have", "remain", "number", "total", "exist", "live", "stand"})

# Two sentences worded alike but for their figures (their words, figures masked, at least this
# similar) state the same quantities in the same slots: a reprint with a changed figure.
ALIKE = 90.0


# Figures this large that both sentences state are the same numbers reported twice; smaller
# ones recur by chance ("two amounts, 2 cents and 5 cents"), and a swap of them is a conflict.
STATED_BOTH = 100


def paired_figures(a_text: str, a_start: int, a_values: Sequence[Figure], b_text: str,
                   b_start: int, b_values: Sequence[Figure]) -> list[tuple[int, int]]:
    """Which figures of two sentences (indices into their values) state one quantity, one to
    one: pairs whose frames say so (same_quantity), and in two sentences worded alike but for
    their figures, the pairs the slot alignment finds (align). Where a figure could pair with
    several ("5 / 7 of the ponies ... 2 / 3 of the ponies"), equal values pair first, then the
    most alike surroundings."""
    slots_a = [Slot(f, a_text, a_start) for f in a_values]
    slots_b = [Slot(f, b_text, b_start) for f in b_values]
    candidates = {(i, j) for i, fa in enumerate(a_values) for j, fb in enumerate(b_values)
                  if same_quantity(fa, fb)}
    if fuzz.ratio(skeleton(a_text, a_start, a_values), skeleton(b_text, b_start, b_values)
                  ) >= ALIKE:
        index_a = {id(s): i for i, s in enumerate(slots_a)}
        index_b = {id(s): j for j, s in enumerate(slots_b)}
        candidates |= {(index_a[id(x)], index_b[id(y)]) for x, y in align(slots_a, slots_b)
                       if _may_pair_by_slot(x.figure, y.figure)}
    ranked = sorted(candidates, key=lambda ij: (
        not twins(slots_a[ij[0]], slots_b[ij[1]]),
        -context_similarity(slots_a[ij[0]], slots_b[ij[1]]), abs(ij[0] - ij[1]), ij))
    stated_a = {(f.value, f.unit) for f in a_values}
    stated_b = {(f.value, f.unit) for f in b_values}
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for i, j in ranked:
        fa, fb = a_values[i], b_values[j]
        if (min(fa.value, fb.value) >= STATED_BOTH and (fa.value, fa.unit) != (fb.value, fb.unit)
                and (fa.value, fa.unit) in stated_b and (fb.value, fb.unit) in stated_a):
            # both sentences state both values ("27,500 layoffs, 21,200 of them in the UK"):
            # they agree on the numbers, whichever frame each was read into
            continue
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def _may_pair_by_slot(a: Figure, b: Figure) -> bool:
    """Slots of alike sentences pair unless their frames date them apart; dates are compared
    by their frames only ("500 soldiers in September" dates the count)."""
    if a.unit in {"date", "monthday"} or b.unit in {"date", "monthday"}:
        return False
    if a.frame is not None and b.frame is not None:
        return same_time(a.frame.when, b.frame.when)
    return True


def skeleton(text: str, start: int, values: Sequence[Figure]) -> str:
    """The sentence with its figures as '#', lower case."""
    out, at = [], 0
    for f in sorted(values, key=lambda f: f.start):
        s, e = f.start - start, f.end - start
        if s >= at:
            out += [text[at:s], "#"]
            at = e
    out.append(text[at:])
    return "".join(out).lower()


def _same_counted(a: str, b: str) -> bool:
    """The heads of two counted noun phrases name one thing."""
    x, y = _singular(a.split()[-1]), _singular(b.split()[-1])
    return same_noun(x, y)


def same_time(a: TimeSpan | None, b: TimeSpan | None) -> bool:
    """Known spans must share a day; two unresolved ones ("on Wednesday", "overnight Thursday"
    with no publication date) must be written alike; a figure dated to a time ("when 121 cases
    were confirmed in 2014") is not an undated one (the report's present: "32 cases so far")."""
    if a is None or b is None:
        return a is None and b is None
    if a.start is not None and b.start is not None:
        return a.start <= (b.end or date.max) and b.start <= (a.end or date.max)
    if a.start is None and b.start is None:
        return _when(a.raw) == _when(b.raw)
    return True


def _when(raw: str) -> str:
    return re.sub(r"^(?:on|in|at|during|by|last|this)\s+", "", raw.strip().lower())


def _within_ratio(a: Figure, b: Figure) -> bool:
    x, y = abs(a.value), abs(b.value)
    if a.unit != b.unit or min(x, y) == 0:
        return True
    return max(x, y) / min(x, y) <= MAX_RATIO
