"""Article text to claims: sentences that state a figure or credit a statement to someone."""

from __future__ import annotations

import re
from datetime import date

from reconcile.domain import Citation, Claim, Figure, Source, TimeSpan
from reconcile.extract import attribution, measures, numbers, timespans
from reconcile.extract.cover import Cover
from reconcile.extract.sentences import split_sentences
from reconcile.extract.stamps import find_stamps


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
