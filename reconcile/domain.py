"""The domain: what an article's claims are, whatever stage reads them.

Extraction (reconcile.extract) builds these, the rules (reconcile.rules) and truth discovery
(reconcile.truth) decide over them, the store keeps them and the API serves them as they are:
their fields are the API's fields (schemas/json).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field


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
                                  "difference, rate, plan, condition, separate (of an "
                                  "incident set apart).")
    agents: str | None = Field(
        default=None, description="How many attacks or incidents the figure's clause names as "
                                  "its agent ('one', 'two', 'several'), when it names them.")
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

    @property
    def key(self) -> str | None:
        """The quantity the figure states, as conflicts and estimates name it: its measure, or
        'unit:<unit>' where nothing names one (None: a bare count)."""
        return self.measure or (f"unit:{self.unit}" if self.unit else None)


class Source(BaseModel):
    """Who a claim is credited to (not the outlet that prints it)."""

    model_config = ConfigDict(frozen=True)

    name: str
    key: str = Field(description="Normalised name used to compare sources.")
    kind: str = Field(description="person or organisation")
    start: int | None = None
    end: int | None = None


# Another outlet a claim's sentence cites ("told Reuters"); no docstring, which would become
# the description in its JSON Schema.
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


# --- what the rules find: conflicts and updates, as the API serves them ---------------------

ConflictKind = Literal["numeric", "attribution"]


class Position(BaseModel):
    """One side of a conflict: claims that agree with one another."""

    label: str = Field(description="What this side says: '11,000 troops' or a source's name.")
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    source: str | None = None
    claim_ids: list[int]
    outlets: list[str]


class Update(BaseModel):
    """An outlet replacing its own earlier figure: shown in the timeline, never a conflict."""

    outlet: str
    earlier_claim_id: int
    later_claim_id: int
    earlier: str
    later: str
    measure: str | None = None


class ConflictDraft(BaseModel):
    """A conflict as the rules find it, before it is stored (no id, no review state)."""

    key: str
    kind: ConflictKind
    severity: float = Field(ge=0, le=1)
    explanation: str
    measure: str | None = None
    frame: str | None = None
    positions: list[Position]
    claim_ids: list[int]


class StoredClaim(Protocol):
    """What the rules read of a stored claim. The API's ClaimOut is one; so is a ClaimCopy,
    a wire copy repeating an earlier claim's sentence, which the rules read by the thousand in
    a story of wire copy without validating a model for each."""

    @property
    def id(self) -> int: ...
    @property
    def article_id(self) -> int: ...
    @property
    def cluster_id(self) -> int: ...
    @property
    def outlet(self) -> str: ...
    @property
    def published_at(self) -> datetime | None: ...
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def values(self) -> Sequence[Figure]: ...
    @property
    def source(self) -> Source | None: ...
    @property
    def quote(self) -> str | None: ...
    @property
    def time_span(self) -> TimeSpan | None: ...


def format_number(x: float | None) -> str:
    """'11,000', '4.5bn', '2.75'; None is an open end ('∞')."""
    if x is None:
        return "∞"
    if abs(x) >= 1e9 and x % 1e7 == 0:
        return f"{x / 1e9:g}bn"
    if abs(x) >= 1e6 and x % 1e4 == 0:
        return f"{x / 1e6:g}m"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def with_unit(number: str, unit: str | None) -> str:
    """'61%', 'USD 4.5bn', '12 km', '11,000': units the way the extractor names them."""
    if not unit:
        return number
    if unit in {"%", "pp"}:
        return f"{number}{unit}" if unit == "%" else f"{number} pp"
    if unit.isupper():
        return f"{unit} {number}"
    return f"{number} {unit}"
