"""Article text to claims: sentences that state a figure or credit a statement to someone."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from reconcile.extract import attribution, measures, numbers, timespans
from reconcile.extract.sentences import split_sentences


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
    hedge: str | None = Field(default=None, description="around, more than, range, vague...")
    precision: float = Field(default=1.0, description="Unit of the last written digit.")
    start: int = Field(description="Offset of the figure in the article text.")
    end: int


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


class TimeSpan(BaseModel):
    model_config = ConfigDict(frozen=True)

    raw: str
    start: date | None
    end: date | None


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


_QUOTE = re.compile(r"[\"“]([^\"”]{12,})[\"”]")


def extract_claims(
    text: str, published: date | None = None, outlets: frozenset[str] = frozenset()
) -> list[Claim]:
    """All claims of an article, in order. `outlets` are names to treat as citations."""
    claims: list[Claim] = []
    last_speaker: attribution.Credit | None = None
    for index, sentence in enumerate(split_sentences(text)):
        s, off = sentence.text, sentence.start
        spans = timespans.find_time_spans(s, published)
        quantities = numbers.parse_quantities(s, [(sp.start_char, sp.end_char) for sp in spans])
        figures = tuple(
            Figure(
                raw=q.raw, value=q.value, low=q.low, high=q.high, low_open=q.low_open,
                high_open=q.high_open, unit=q.unit, hedge=q.hedge, precision=q.precision,
                measure=measures.measure_of(s, q.start, q.end, q.unit),
                start=q.start + off, end=q.end + off,
            )
            for q in quantities
        )
        credit = attribution.find_source(s, outlets)
        quote_match = _QUOTE.search(s)
        quote = quote_match.group(1).strip(" ,.") if quote_match else None
        if credit is None and last_speaker is not None and (
            attribution.pronoun_speaker(s) or _bare_quote(s)
        ):
            credit = attribution.Credit(last_speaker.name, last_speaker.key, last_speaker.kind,
                                        -1, -1)
        if credit is not None and credit.kind == "person":
            last_speaker = credit
        elif credit is None and not _bare_quote(s):
            last_speaker = _mentioned_person(s) or last_speaker
        citations = tuple(
            Citation(outlet=c.outlet, start=c.start + off, end=c.end + off)
            for c in attribution.find_citations(s, outlets)
        )
        if not figures and credit is None:
            continue
        span = timespans.claim_span(spans)
        claims.append(
            Claim(
                index=index, text=s, start=off, end=sentence.end, values=figures,
                source=None if credit is None else Source(
                    name=credit.name, key=credit.key, kind=credit.kind,
                    start=credit.start + off if credit.start >= 0 else None,
                    end=credit.end + off if credit.end >= 0 else None,
                ),
                citations=citations,
                time_span=None if span is None else TimeSpan(raw=span.raw, start=span.start,
                                                             end=span.end),
                quote=quote,
            )
        )
    return claims


def _bare_quote(s: str) -> bool:
    return bool(re.match(r"^[\"“][^\"”]+[\"”]\.?$", s.strip()))


_PERSON = re.compile(r"\b(?:[A-Z][a-z]+\.?\s+){0,2}[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+[A-Z][a-z]+")


def _mentioned_person(s: str) -> attribution.Credit | None:
    """A person introduced in a sentence ('Frederic Spohr, a director at ...') who may speak next."""
    m = re.match(r"^(?P<n>(?:[A-Z][\w.'-]+\s+){1,3}[A-Z][\w'-]+),\s+(?:a|an|the)\s", s)
    if not m:
        return None
    return attribution.make_credit(m.group("n"), -1, -1)
