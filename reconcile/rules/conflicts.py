"""Conflict rules. Pure: claims in, conflict drafts out.

Numeric, over a story's figures: two figures from different outlets whose frames say they
measure one quantity (alignment.same_quantity: what is counted, whose, when, in which role),
however differently their sentences are worded, with intervals that cannot both be true
(reconcile.rules.intervals.compatible). The figures of a quantity are grouped into positions (sets
of mutually compatible values), so two outlets saying 11,000 and one saying 12,000 make one
conflict with two positions. Sentence clusters play no part: look-alike sentences about
different quantities are never compared, and one quantity worded differently always is.

Attribution: the same statement (the same direct quote, or near-identical wording) credited to
sources that are not the same person or body after name normalisation.
"""

from __future__ import annotations

import functools
import math
import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from reconcile.domain import (
    ConflictDraft,
    Figure,
    Position,
    StoredClaim,
    Update,
    format_number,
    with_unit,
)
from reconcile.extract.names import same_source
from reconcile.rules.alignment import (
    STAMP_KINDS,
    Slot,
    align,
    by_event,
    paired_figures,
    skeleton,
)
from reconcile.rules.intervals import compatible, gap, value_distance

QUOTE_MATCH = 90.0
STATEMENT_MATCH = 90.0


def find_conflicts(claims: Sequence[StoredClaim]) -> list[ConflictDraft]:
    """The conflicts among the claims of one sentence cluster: the same statement credited to
    different people. Numeric conflicts are the story's (numeric_conflicts), not a cluster's."""
    return attribution_conflicts(claims)


# --- numeric ---------------------------------------------------------------------------------


def _slots(claim: StoredClaim) -> list[Slot]:
    return [Slot(f, claim.text, claim.start) for f in claim.values]


def _order(claim: StoredClaim) -> tuple[float, int]:
    ts = claim.published_at.timestamp() if claim.published_at else -math.inf
    return ts, claim.id


Entry = tuple[StoredClaim, Figure]
Wording = tuple[str, int, float | None, float | None, str | None, str | None]
_EntryId = tuple[int, int]


def _eid(claim: StoredClaim, f: Figure) -> _EntryId:
    return claim.id, f.start


def find_updates(claims: Sequence[StoredClaim]) -> list[Update]:
    """An outlet's later figure for the same quantity replaces its earlier one."""
    updates = []
    by_outlet: dict[str, list[StoredClaim]] = defaultdict(list)
    for c in claims:
        by_outlet[c.outlet].append(c)
    for items in by_outlet.values():
        items.sort(key=_order)
        for i, earlier in enumerate(items):
            for later in items[i + 1 :]:
                if later.article_id == earlier.article_id:
                    continue
                for sa, sb in align(_slots(earlier), _slots(later)):
                    if not compatible(sa.figure, sb.figure):
                        updates.append(Update(
                            outlet=earlier.outlet, earlier_claim_id=earlier.id,
                            later_claim_id=later.id, earlier=sa.figure.raw, later=sb.figure.raw,
                            measure=sa.key,
                        ))
    return updates


def _positions(entries: list[Entry]) -> list[list[Entry]]:
    """Greedy partition into groups whose members are pairwise compatible, tightest first."""
    def width(e: Entry) -> float:
        f = e[1]
        if f.low is None or f.high is None:
            return math.inf
        return f.high - f.low

    groups: list[list[Entry]] = []
    for entry in sorted(entries, key=lambda e: (width(e), e[0].id)):
        for group in groups:
            if all(compatible(entry[1], other[1]) for other in group):
                group.append(entry)
                break
        else:
            groups.append([entry])
    return sorted(groups, key=lambda g: min(e[0].id for e in g))


def numeric_conflicts(claims: Sequence[StoredClaim], new: Iterable[int] | None = None
                      ) -> list[ConflictDraft]:
    """The numeric conflicts of a story's figures that the `new` claims' figures take part in
    (all of them when `new` is None): figures aligned by their frames (alignment.same_quantity),
    from different outlets, whose values cannot both hold.

    `claims` are the story's claims with a figure sharing a frame key with a new figure (the
    figure index finds them). Each new figure is compared with every figure of those claims;
    the figures aligned with it, and with one another through it, form one quantity, whose
    mutually compatible values are its positions. A conflict is keyed by the quantity's first
    figure, so that a later report joins the conflict a reviewer may already be working on.
    """
    fresh = set(new) if new is not None else {c.id for c in claims}
    aligned = _Aligned()
    updating = {c.outlet for c in claims if c.id in fresh}
    superseded = _superseded([(c, f) for c in claims if c.outlet in updating for f in c.values],
                             updating, aligned)
    # Reprints state the same figures in the same words: the work is done once a wording (the
    # sentence's shape, the figure's place in it and its value), for every outlet printing it.
    wordings: dict[Wording, list[Entry]] = {}
    worded: dict[int, list[tuple[Wording, Figure]]] = {}  # copies share the first's figures
    touched: set[Wording] = set()  # the wordings of the new claims' figures
    for c in claims:
        pairs = worded.get(id(c.values))
        if pairs is None:
            shape = aligned.shape(c)
            pairs = worded[id(c.values)] = [((shape, i, f.low, f.high, f.unit, f.hedge), f)
                                            for i, f in enumerate(c.values)]
        is_fresh = c.id in fresh
        for wording, f in pairs:
            if superseded and (c.id, f.start) in superseded:
                continue
            members = wordings.get(wording)
            if members is None:
                members = wordings[wording] = []
            members.append((c, f))
            if is_fresh:
                touched.add(wording)
    reps = {w: members[0] for w, members in wordings.items()}
    alone = {w: members[0][0].article_id for w, members in wordings.items()
             if all(c.article_id == members[0][0].article_id for c, _ in members)}
    # what each wording's reports add up to, worked out once a call, not once a pair of them
    firsts: dict[Wording, _EntryId] = {}
    outlets: dict[Wording, set[str]] = {}

    def first(w: Wording) -> _EntryId:
        if w not in firsts:
            firsts[w] = min(_eid(*e) for e in wordings[w])
        return firsts[w]

    def outlets_of(w: Wording) -> set[str]:
        if w not in outlets:
            outlets[w] = _outlets(wordings[w])
        return outlets[w]

    def apart(u: Wording, v: Wording) -> bool:
        return not (u in alone and alone[u] == alone.get(v))

    # A wording is never compared with another of its own article's alone: an article of
    # thousands of figures costs each figure the other articles' wordings, not its own.
    place = {w: k for k, w in enumerate(wordings)}
    by_article: dict[int, list[Wording]] = defaultdict(list)
    for w in wordings:
        by_article[alone.get(w, -1)].append(w)

    # Alignment is not transitive ("15 killed at the school" ~ "17 killed", "17 killed" ~ "5
    # killed overnight"), so a quantity is a new figure with the figures aligned with it and
    # with one another: a figure joins when it is aligned with every member of other articles
    # (and repeats those of its own); of an article's figures, the one framed most alike first.
    quantities: dict[_EntryId, list[Wording]] = {}
    for w in wordings:
        if w not in touched:
            continue
        a = reps[w]
        clique = [w]
        own = alone.get(w)
        candidates = [v for article, group in by_article.items()
                      if own is None or article != own for v in group
                      if v != w and aligned(a, reps[v])]
        # nearest first, then in the order the wordings came (a stable sort of them)
        for v in sorted(candidates, key=lambda v: (-_likeness(a[1], reps[v][1]), place[v])):
            if all(aligned(reps[u], reps[v]) if apart(u, v) else _repeats(reps[u][1], reps[v][1])
                   for u in clique[1:]):
                clique.append(v)
        if len(clique) < 2:
            continue
        head = min(first(u) for u in clique)
        known = quantities.setdefault(head, [])
        known.extend(u for u in clique if u not in known)
    drafts = []
    for quantity in quantities.values():
        clashes = [(reps[u], reps[v]) for i, u in enumerate(quantity) for v in quantity[i + 1 :]
                   if len(outlets_of(u) | outlets_of(v)) > 1
                   and not compatible(reps[u][1], reps[v][1])]
        if not clashes:
            continue
        wording_of = {_eid(*reps[u]): u for u in quantity}
        groups = [[wordings[wording_of[_eid(*rep)]] for rep in group]
                  for group in _positions([reps[u] for u in quantity])]
        if len(groups) < 2:
            continue
        head_wording = min(quantity, key=first)
        first_entry = next(e for e in wordings[head_wording] if _eid(*e) == first(head_wording))
        key = _quantity_key(first_entry[1])
        measure = first_entry[1].measure or key.split(":", 1)[1]
        worst = max(clashes, key=lambda p: gap(p[0][1], p[1][1]))
        severity = min(1.0, round(gap(worst[0][1], worst[1][1]) * 5, 3))
        what = describe_frame(first_entry[1])
        drafts.append(ConflictDraft(
            key=f"numeric:{key}@{first_entry[0].id}.{first_entry[1].start}",
            kind="numeric",
            severity=max(severity, 0.05),
            explanation=f"{what}: {_numeric_explanation(worst, _unit_words(first_entry[1]))}",
            measure=measure,
            frame=what,
            positions=[_numeric_position(g, _unit_words(first_entry[1])) for g in groups],
            claim_ids=sorted({c.id for u in quantity for c, _ in wordings[u]}),
        ))
    return drafts


def _outlets(entries: list[Entry]) -> set[str]:
    return {c.outlet for c, _ in entries}


def _repeats(a: Figure, b: Figure) -> bool:
    """One article stating one figure twice ("began in 2005" ... "In 2005, it began")."""
    def key(f: Figure) -> str | None:
        return f.frame.key if f.frame else None

    return (a.value, a.low, a.high, a.unit, key(a)) == (b.value, b.low, b.high, b.unit, key(b))


def _likeness(a: Figure, b: Figure) -> int:
    """How many words two figures' frames share, the same value counting as one more."""
    shared = len(set(a.frame.terms) & set(b.frame.terms)) if a.frame and b.frame else 0
    return shared + (a.value == b.value and a.unit == b.unit)


def _quantity_key(f: Figure) -> str:
    """The frame's key, or for a figure only a reprint aligned, what it counts."""
    if f.frame is not None:
        return f.frame.key
    return f"figure:{f.measure or f.unit or 'count'}"


class _PairCache:
    """Pairings of sentence shapes kept from one post to the next, least recently used out
    first: each post of a busy story compares its sentences with the same stored ones."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], frozenset[tuple[int, int]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> frozenset[tuple[int, int]] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, str], pairs: frozenset[tuple[int, int]]) -> None:
        with self._lock:
            self._items[key] = pairs
            while len(self._items) > self.size:
                self._items.popitem(last=False)


PAIR_CACHE_SIZE = 20_000
_PAIRED = _PairCache(PAIR_CACHE_SIZE)


class _Aligned:
    """Whether two figures of two claims are paired (alignment.paired_figures), worked out once
    for each pair of sentence shapes (the words, figures masked): a story of reprints holds the
    same sentence many times over, with one figure or another changed."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, str], frozenset[tuple[int, int]]] = {}
        self.shapes: dict[str, str] = {}
        self.signatures: dict[int, str] = {}

    def shape(self, c: StoredClaim) -> str:
        # one text has one shape wherever it stands: its figures are read from the text alone
        if c.text not in self.shapes:
            self.shapes[c.text] = skeleton(c.text, c.start, c.values)
        return self.shapes[c.text]

    def framed(self, c: StoredClaim) -> str:
        """The shape with what the frames of its figures say (whose, when, where: what
        same_quantity reads besides the values): one text in two articles may be framed apart
        ("he fell 25 feet": he is whom each article named last)."""
        key = id(c.values)  # copies of a sentence share the first's figures
        if key not in self.signatures:
            self.signatures[key] = self.shape(c) + "".join(
                f"|{f.frame.model_dump_json()}" if f.frame else "|-" for f in c.values)
        return self.signatures[key]

    def __call__(self, a: Entry, b: Entry) -> bool:
        (ca, fa), (cb, fb) = a, b
        if ca.id == cb.id:
            return fa is fb  # a sentence is never its own reprint
        key = (self.framed(ca), self.framed(cb))
        if key not in self.known:
            # across posts, the values too: equal values pair first (alignment.twins)
            lasting = (ca.text + key[0], cb.text + key[1])
            pairs = _PAIRED.get(lasting)
            if pairs is None:
                pairs = frozenset(paired_figures(ca.text, ca.start, ca.values, cb.text,
                                                 cb.start, cb.values))
                _PAIRED.put(lasting, pairs)
            self.known[key] = pairs
        # figures are told apart by offset within the sentence: the same text, the same slots
        return (_index(ca, fa), _index(cb, fb)) in self.known[key]


def _index(claim: StoredClaim, figure: Figure) -> int:
    return next(i for i, f in enumerate(claim.values) if f.start == figure.start)


def _unit_words(f: Figure) -> str | None:
    """What follows a count in a reviewer's reading ("11,000 troops"); amounts and dates carry
    their unit already."""
    return f.measure if f.unit is None else None


def _superseded(entries: list[Entry], outlets: set[str], aligned: _Aligned) -> set[_EntryId]:
    """Figures an outlet replaced with a later figure of the same quantity in a later article
    (an update, shown on the cluster's timeline, never a side of a conflict). An outlet's
    reprints of one wording are read once: the work grows with its wordings."""
    by_outlet: dict[str, dict[Wording, list[Entry]]] = defaultdict(dict)
    for e in entries:
        if e[0].outlet in outlets:
            by_outlet[e[0].outlet].setdefault(_wording(aligned, e), []).append(e)
    out: set[_EntryId] = set()
    for wordings in by_outlet.values():
        # the two latest articles of each wording: a later one other than a figure's own
        latest: dict[Wording, list[tuple[tuple[float, int], int]]] = {}
        for w, members in wordings.items():
            newest: list[tuple[tuple[float, int], int]] = []
            for c, _ in sorted(members, key=lambda e: _order(e[0]), reverse=True):
                if all(article != c.article_id for _, article in newest):
                    newest.append((_order(c), c.article_id))
                if len(newest) == 2:
                    break
            latest[w] = newest
        # Only a wording printed in another, later article than one of w's can supersede one
        # of w's figures: the others are passed over before their alignment is worked out.
        newest_first = sorted(wordings, key=lambda v: latest[v][0][0], reverse=True)
        for w, members in wordings.items():
            rep = members[0]
            oldest = min(_order(c) for c, _ in members)
            articles = {c.article_id for c, _ in members}
            later = []
            for v in newest_first:
                if latest[v][0][0] <= oldest:
                    break
                if all(article in articles for _, article in latest[v]) and len(articles) == 1:
                    continue
                others = wordings[v]
                if v != w and aligned(rep, others[0]) and not compatible(rep[1], others[0][1]):
                    later += latest[v]
            for c, f in members:
                if any(article != c.article_id and order > _order(c) for order, article in later):
                    out.add(_eid(c, f))
    return out


def _wording(aligned: _Aligned, e: Entry) -> Wording:
    """A figure as worded: its sentence's shape, its place in it and its value."""
    c, f = e
    return (aligned.shape(c), _index(c, f), f.low, f.high, f.unit, f.hedge)


def describe_frame(f: Figure) -> str:
    """What a figure's frame says it measures, for a reviewer: "athlete (take part)",
    "age of durst", "date of begin, refer"."""
    frame = f.frame
    if frame is None:
        return f.measure or "figure"
    kind, thing = frame.key.split(":", 1)
    if kind == "age":
        return f"age of {thing}"
    if by_event(frame.key):
        words = ", ".join(frame.terms[:3])
        return f"{_KIND_NAMES.get(kind, kind)} of {words}" if words else _KIND_NAMES[kind]
    text = f.noun or thing
    if frame.event and frame.event not in text:
        text += f" ({frame.event})"
    if frame.entity:
        text += f", {frame.entity}"
    return text


_KIND_NAMES = {"date": "date", "monthday": "date", "clock": "time", "duration": "duration",
               "length": "distance", "mass": "weight"}


def describe(f: Figure, measure: str | None = None) -> str:
    """'11,000 troops (around: 10,450-11,550)' — the figure as a reviewer reads it."""
    if f.unit in STAMP_KINDS:
        return f"age {format_number(f.value)}" if f.unit == "age" else f.raw
    what = measure if measure and not measure.startswith("unit:") else ""
    text = f"{with_unit(format_number(f.value), f.unit)} {what}".strip()
    if f.hedge and f.hedge != "vague":
        text += f" ({f.hedge}: {format_number(f.low)}-{format_number(f.high)})"
    elif f.hedge == "vague":
        text = f"{f.raw} {what} ({format_number(f.low)}-{format_number(f.high)})".strip()
    return text


def _numeric_explanation(pair: tuple[Entry, Entry], measure: str | None) -> str:
    (ca, fa), (cb, fb) = pair
    if fa.unit in STAMP_KINDS and fb.unit in STAMP_KINDS:
        # a date, a time of day or an age is its own time: how far apart, in its own unit
        return (f"{ca.outlet}: {describe(fa, measure)} vs {cb.outlet}: {describe(fb, measure)}"
                f" — {_stamps_apart(fa, fb)}")
    pct = gap(fa, fb) * 100
    apart = f"{pct:.0f}% apart" if pct >= 1 else "under 1% apart"
    spans = ""
    if ca.time_span and cb.time_span and ca.time_span.raw.lower() == cb.time_span.raw.lower():
        raw = ca.time_span.raw
        spans = f", both {raw[0].lower() + raw[1:]}"
    elif ca.time_span or cb.time_span:
        sa = ca.time_span.raw if ca.time_span else "no date given"
        sb = cb.time_span.raw if cb.time_span else "no date given"
        spans = f" ({sa} vs {sb})"
    return (f"{ca.outlet}: {describe(fa, measure)} vs {cb.outlet}: {describe(fb, measure)}"
            f" — {apart}{spans}")


def _stamps_apart(a: Figure, b: Figure) -> str:
    """'2 days apart', '35 minutes apart', '1 month apart': the values' distance."""
    distance = value_distance(a, b)
    if a.unit == "clock":
        unit, n = "minute", distance
    elif a.unit == "age":
        unit, n = "year", distance
    elif distance >= 365:
        unit, n = "year", distance / 365.25
    elif distance >= 28:
        unit, n = "month", distance / 30.4375
    else:
        unit, n = "day", distance
    count = max(1, round(n))
    return f"{count} {unit}{'s' if count != 1 else ''} apart"


def _numeric_position(group: list[list[Entry]], measure: str | None) -> Position:
    """A position from its wordings' reports (the reports of one wording share its value)."""
    lows = [m[0][1].low for m in group]
    highs = [m[0][1].high for m in group]
    low = max((x for x in lows if x is not None), default=None)
    high = min((x for x in highs if x is not None), default=None)
    entries = [e for m in group for e in m]
    representative = min(entries, key=lambda e: (e[1].hedge is not None, e[0].id))[1]
    return Position(
        label=describe(representative, measure),
        low=low,
        high=high,
        unit=representative.unit,
        claim_ids=sorted(c.id for c, _ in entries),
        outlets=sorted({c.outlet for c, _ in entries}),
    )


# --- attribution -----------------------------------------------------------------------------


def _same_statement(a: StoredClaim, b: StoredClaim) -> bool:
    if a.quote and b.quote:
        return fuzz.ratio(a.quote.lower(), b.quote.lower()) >= QUOTE_MATCH
    if a.quote or b.quote:
        return False
    if fuzz.token_sort_ratio(_without_source(a), _without_source(b)) < STATEMENT_MATCH:
        return False
    # the same statement states the same figures
    return all(any(compatible(fa, fb) for fb in b.values) for fa in a.values) and all(
        any(compatible(fb, fa) for fa in a.values) for fb in b.values)


def _without_source(c: StoredClaim) -> str:
    text = c.text
    if c.source and c.source.start is not None and c.source.end is not None:
        s, e = c.source.start - c.start, c.source.end - c.start
        text = text[:s] + text[e:]
    return text.lower()


_GENERIC = re.compile(
    r"\b(?:officials?|sources?|spokes(?:man|woman|person)|authorities|police|analysts?|experts?|"
    r"observers?|witnesses|residents|diplomats?|people|someone|agency|ministry|government|"
    r"military|army|media|reports?|data|figures|statement)\b", re.I)


@functools.lru_cache(maxsize=4096)  # wire copy credits one name hundreds of times
def named(source: str) -> bool:
    """A proper name ('Oleksandr Kondratenko', 'the Pentagon'), not a description ('a source',
    'Kenyan military spokesman'): a description can be anybody, so it contradicts nobody."""
    words = [w for w in re.split(r"[\s,]+", source) if w and w.lower() not in {"the", "of"}]
    return bool(words) and all(w[0].isupper() for w in words) and not _GENERIC.search(source)


# A quoted phrase shorter than this is a scare quote ("charm offensive"), not a statement that
# can be credited to one person rather than another.
MIN_QUOTE_WORDS = 4


def attribution_conflicts(claims: Sequence[StoredClaim]) -> list[ConflictDraft]:
    """The same statement credited to different named sources. Only credits the sentence makes
    itself count: a bare quote or "he said" is credited to whoever spoke last in the article
    (extract.claims), which another outlet's different order of quotes would contradict
    without either outlet saying anything different.

    Copies of one sentence with one credit (wire copy) are read once: they group and match as
    their first does, so the work grows with the wordings, not with the reprints."""
    wordings: dict[tuple[str, str], list[StoredClaim]] = {}
    for c in claims:
        if c.source is not None and named(c.source.name) and c.source.start is not None and (
                c.quote is None or len(c.quote.split()) >= MIN_QUOTE_WORDS):
            wordings.setdefault((c.text, c.source.name), []).append(c)
    groups: list[list[list[StoredClaim]]] = []  # groups of wordings crediting one source
    for members in wordings.values():
        lead = members[0]
        assert lead.source is not None
        for group in groups:
            first = group[0][0]
            assert first.source is not None
            if same_source(first.source.name, lead.source.name):
                group.append(members)
                break
        else:
            groups.append([members])
    if len(groups) < 2:
        return []
    outlets = {id(m): {c.outlet for c in m} for g in groups for m in g}

    def apart(a: list[StoredClaim], b: list[StoredClaim]) -> bool:
        return not (len(outlets[id(a)]) == 1 and outlets[id(a)] == outlets[id(b)])

    # Only groups that make the same statement as another group from a different outlet count.
    contested = [
        [c for m in g for c in m] for g in groups
        if any(
            _same_statement(a[0], b[0]) and apart(a, b)
            for other in groups if other is not g
            for a in g for b in other
        )
    ]
    if len(contested) < 2:
        return []
    positions = [
        Position(
            label=_display_name(g),
            source=_display_name(g),
            claim_ids=sorted(c.id for c in g),
            outlets=sorted({c.outlet for c in g}),
        )
        for g in contested
    ]
    severity = attribution_severity([p.source or "" for p in positions],
                                    {c.source.kind for g in contested for c in g if c.source})
    a, b = positions[0], positions[1]
    quote = next((c.quote for g in contested for c in g if c.quote), None)
    what = f'"{_short(quote)}"' if quote else "the same statement"
    explanation = (f"{what} credited to {a.source} by {', '.join(a.outlets)} but to "
                   f"{b.source} by {', '.join(b.outlets)}")
    if len(positions) > 2:
        explanation += f" (and {len(positions) - 2} more)"
    return [
        ConflictDraft(
            key="attribution",
            kind="attribution",
            severity=severity,
            explanation=explanation,
            positions=positions,
            claim_ids=sorted(c.id for g in contested for c in g),
        )
    ]


def attribution_severity(names: Sequence[str], kinds: set[str]) -> float:
    """How different the credited sources are: 1 - the closest two names' similarity, weighted
    up when all are people (a quote moved from one person to another is the gravest case)."""
    closest = max(fuzz.token_set_ratio(a.lower(), b.lower()) / 100
                  for i, a in enumerate(names) for b in names[i + 1 :])
    weight = 1.0 if kinds == {"person"} else 0.7
    return round(max(0.2, min(1.0, (1 - closest) * weight + (0.2 if weight == 1.0 else 0.0))), 3)


def _display_name(group: list[StoredClaim]) -> str:
    names = [c.source.name for c in group if c.source]
    return max(names, key=len) if names else "?"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
