"""Article text to claims: sentences that state a figure or credit a statement to someone."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from reconcile.extract import attribution, measures, numbers, timespans
from reconcile.extract.cover import Cover
from reconcile.extract.sentences import split_sentences
from reconcile.extract.stamps import find_stamps


class TimeSpan(BaseModel):
    model_config = ConfigDict(frozen=True)

    raw: str
    start: date | None
    end: date | None


class Frame(BaseModel):
    """What a figure is (reconcile.extract.frames): two outlets' figures are compared only
    when their frames say they measure the same thing."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(description="What is measured, as an index key: 'count:athlete', "
                                 "'age:durst', 'date:vote', 'USD:bonus'.")
    event: str | None = Field(default=None, description="The predicate the figure belongs to.")
    entity: str | None = Field(default=None, description="Whose figure it is, normalised.")
    role: str | None = Field(
        default=None, description="A figure that is not the quantity itself: part, change, "
                                  "difference, rate, plan, condition.")
    place: str | None = Field(default=None, description="Where, when the figure says so.")
    when: TimeSpan | None = Field(
        default=None, description="The time expression of the figure's own clause.")
    terms: tuple[str, ...] = Field(
        default=(), description="Content words of the figure's clause (lemmas): what a date, "
                                "a time or a duration is of is told by the words it shares.")
    predicates: tuple[str, ...] = Field(default=(), description="The verbs among the terms.")
    context: str = Field(default="", description="The words that frame the figure.")


class Figure(BaseModel):
    """A figure as an interval. `low`/`high` are null where unbounded (docs/semantics.md)."""

    model_config = ConfigDict(frozen=True)

    raw: str = Field(description="The figure as written, hedge included: 'around 11,000'.")
    value: float = Field(description="The stated value (midpoint of a range).")
    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False
    unit: str | None = Field(default=None, description="null for counts; '%', 'USD', 'km'...")
    measure: str | None = Field(default=None, description="What is counted: 'troops', 'killed'.")
    noun: str | None = Field(
        default=None, description="The counted noun phrase, singular: 'baseball card'.")
    hedge: str | None = Field(default=None, description="around, more than, range, vague...")
    precision: float = Field(default=1.0, description="Unit of the last written digit.")
    start: int = Field(description="Offset of the figure in the article text.")
    end: int
    frame: Frame | None = Field(default=None, description="What the figure measures, whose "
                                "and when; null where that could not be told.")


class Source(BaseModel):
    """Who a claim is credited to (not the outlet that prints it)."""

    model_config = ConfigDict(frozen=True)

    name: str
    key: str = Field(description="Normalised name used to compare sources.")
    kind: str = Field(description="person or organisation")
    start: int | None = None
    end: int | None = None


class Citation(BaseModel):
    model_config = ConfigDict(frozen=True)

    outlet: str
    start: int
    end: int


class Claim(BaseModel):
    """One claim as extracted from an article (before it is stored and clustered)."""

    model_config = ConfigDict(frozen=True)

    index: int = Field(description="Position of the sentence in the article.")
    text: str
    start: int
    end: int
    values: tuple[Figure, ...] = ()
    source: Source | None = None
    citations: tuple[Citation, ...] = ()
    time_span: TimeSpan | None = None
    quote: str | None = Field(default=None, description="The quoted words, if a direct quote.")


def extract_claims(
    text: str, published: date | None = None, outlets: frozenset[str] = frozenset()
) -> list[Claim]:
    """All claims of an article, in order: sentences that state a figure or credit a source.

    `outlets` are names to treat as citations (the article's own outlet, for a start).
    """
    return [c for c in analyse(text, published, outlets) if is_claim(c)]


def is_claim(sentence: Claim) -> bool:
    """A sentence is a claim when it states a figure or credits a source."""
    return bool(sentence.values) or sentence.source is not None


def analyse(
    text: str, published: date | None = None, outlets: frozenset[str] = frozenset()
) -> list[Claim]:
    """Every sentence of an article as a claim, with or without figures and a source."""
    out: list[Claim] = []
    context = _Context()
    for index, sentence in enumerate(split_sentences(text)):
        s, off = sentence.text, sentence.start
        spans = timespans.find_time_spans(s, published)
        found = attribution.attribute(s, outlets)
        credit = context.resolve(found.source, s)
        span = timespans.claim_span(spans)
        quote = _QUOTE.search(s)
        out.append(
            Claim.model_construct(
                index=index, text=s, start=off, end=sentence.end,
                values=_figures(s, off, spans),
                source=None if credit is None else Source.model_construct(
                    name=credit.name, key=credit.key, kind=credit.kind,
                    start=credit.start + off if credit.start >= 0 else None,
                    end=credit.end + off if credit.end >= 0 else None,
                ),
                citations=tuple(
                    Citation.model_construct(outlet=c.outlet, start=c.start + off,
                                             end=c.end + off)
                    for c in found.citations
                ),
                time_span=None if span is None else TimeSpan.model_construct(
                    raw=span.raw, start=span.start, end=span.end),
                quote=None if quote is None else quote.group("q").strip(" ,."),
            )
        )
    return out


def _figures(s: str, off: int, spans: list[timespans.Span]) -> tuple[Figure, ...]:
    quantities = numbers.parse_quantities(s, [(sp.start_char, sp.end_char) for sp in spans])
    pairs = list(zip(quantities, measures.measures_of(s, quantities), strict=True))
    counted = Cover(len(s), [(q.start, q.end) for q in quantities])
    pairs += [(q, measures.Counted(None)) for q in find_stamps(s, spans)
              if not counted.overlaps(q.start, q.end)]
    pairs.sort(key=lambda p: p[0].start)
    # model_construct: the values are built here with the right types, and validating them
    # again would cost more than the rest of the extraction
    return tuple(
        Figure.model_construct(
            raw=q.raw, value=q.value, low=q.low, high=q.high, low_open=q.low_open,
            high_open=q.high_open, unit=q.unit, hedge=q.hedge, precision=q.precision,
            measure=m.measure, noun=m.noun, start=q.start + off, end=q.end + off,
        )
        for q, m in pairs
    )


_QUOTE = re.compile(r"(?:[\"“]|``|'')\s?(?P<q>(?:(?!''|``)[^\"“”]){12,}?)\s?(?:[\"”]|'')")
_OPENS_WITH_QUOTE = re.compile(r"^\s*(?:[\"“‘]|''|``)")
Credit = attribution.Credit


class _Context:
    """What earlier sentences of the article said about who speaks.

    "he said" and a bare quote go to the last speaker (a bare quote to the last person who
    spoke, if the last speaker was an institution), else to the person the sentence before
    named; "it said" to the organisation the sentence is about; a bare surname ("Petrov said")
    of a person named earlier is a person (`same_source` matches it to the full name).
    """

    def __init__(self) -> None:
        self.previous: str | None = None
        self.speaker: Credit | None = None
        self.last_person: Credit | None = None  # quotes are spoken by people
        self.people: dict[str, Credit] = {}  # surname -> the person first named with it

    def resolve(self, credit: Credit | None, s: str) -> Credit | None:
        resolved = self._resolve(credit, s)
        if resolved is not None and len(resolved.name.split()) == 1 and (
                resolved.key in self.people):
            # "Spohr said" after "Frederic Spohr, a director at ...": a person, named as written
            resolved = Credit(resolved.name, resolved.key, "person", resolved.start, resolved.end)
        for person in (attribution.first_person(s), resolved):
            if person is not None and person.kind == "person" and len(person.name.split()) > 1:
                self.people.setdefault(person.key.split()[-1], person)
        if resolved is not None:
            self.speaker = resolved
            if resolved.kind == "person":
                self.last_person = resolved
        elif self.previous is not None:
            self.speaker = None
        self.previous = s
        return resolved

    def _resolve(self, credit: Credit | None, s: str) -> Credit | None:
        if credit is not None and credit.kind != "pronoun":
            return credit
        if credit is not None and credit.name in {"it", "they"}:
            subject = attribution.subject_of(s)
            if subject is not None:
                return subject
        if credit is None and not _OPENS_WITH_QUOTE.match(s):
            return None
        personal = credit is None or credit.name in {"he", "she"}
        if personal and self.speaker is not None and self.speaker.kind != "person" and (
                self.last_person is not None):
            return _unplaced(self.last_person)  # a quote after an institution's statement
        if self.speaker is not None:
            return _unplaced(self.speaker)
        if self.previous is None:
            return None
        named = attribution.first_person(self.previous) or attribution.subject_of(self.previous)
        if named is None and credit is not None and credit.name in {"he", "she"}:
            named = attribution.first_person(s)
        return None if named is None else _unplaced(named)


def _unplaced(c: Credit) -> Credit:
    """A credit taken from another sentence has no offsets in this one."""
    return Credit(c.name, c.key, c.kind, -1, -1)
