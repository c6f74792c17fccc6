"""The shapes reconcile reads and serves. The JSON Schemas under schemas/json come from these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, Self, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, HttpUrl, field_validator

from reconcile.domain import (
    Citation,
    Claim,
    ConflictKind,
    Figure,
    Position,
    Source,
    TimeSpan,
    Update,
)

ConflictStatus = Literal["open", "confirmed", "dismissed", "resolved"]

STORY_PATTERN = r"^[\w .:/-]+$"


def _iso_datetime(value: Any) -> Any:
    """A time as JSON gives it, an ISO 8601 string, or a datetime: not a number (pydantic
    would read 0 or "0" as seconds since 1970)."""
    if isinstance(value, datetime) or (isinstance(value, str) and value[:4].isdigit()
                                       and value[4:5] == "-"):
        return value
    raise ValueError("give an ISO 8601 date and time, such as 2024-05-01T12:00:00Z")


IsoDatetime = Annotated[datetime, BeforeValidator(_iso_datetime)]
"""A datetime a request gives as ISO 8601 text (format date-time in the OpenAPI document)."""


def _a_number(value: Any) -> Any:
    """A JSON number: not true or false (a bool is an int to Python), not text such as "5"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("give a number")
    return value


Number = Annotated[float, BeforeValidator(_a_number)]
"""A number a request gives as a JSON number, whatever the validation mode."""


class ArticleIn(BaseModel):
    """An article as posted by a client."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    outlet: str = Field(min_length=1, max_length=200, description="Who published the article.")
    text: str = Field(min_length=1, description="The article body, plain text.")
    title: str | None = Field(default=None, max_length=1000)
    url: HttpUrl | None = Field(default=None, description="Canonical URL; a repost is a duplicate.")
    published_at: IsoDatetime | None = Field(
        default=None, description="Publication time; relative dates ('last week') resolve to it."
    )
    story: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        pattern=STORY_PATTERN,
        description=(
            "Articles reconciled together; claims are only clustered within a story. Left out "
            "(or null), the service places the article: in the story of the stored articles "
            "about the same event, or in a new one (reconcile/rules/stories.py)."),
    )

    @field_validator("text")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not any(ch.isalnum() for ch in value):
            raise ValueError("text has no words")
        return value


class ArticlePost(BaseModel):
    """The body of POST /api/articles: an article as text (an ArticleIn), or a web page, given
    as its HTML or as a URL for the service to fetch. From a page come the text, and the
    title, publication time and outlet (its site name) where the post leaves them out."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    outlet: str | None = Field(default=None, min_length=1, max_length=200, description=(
        "Who published the article; required with text, else the page's site name."))
    text: str | None = Field(default=None, min_length=1, description="The article body, plain "
                                                                     "text.")
    html: str | None = Field(default=None, min_length=1, description=(
        "The article's web page, in place of text: its main text is extracted, menus, banners, "
        "related links and footers left out."))
    title: str | None = Field(default=None, max_length=1000)
    url: HttpUrl | None = Field(default=None, description=(
        "Canonical URL; a repost is a duplicate. Alone (no text, no html): the page the "
        "service fetches."))
    published_at: IsoDatetime | None = Field(
        default=None, description="Publication time; relative dates ('last week') resolve to it."
    )
    story: str | None = Field(default=None, min_length=1, max_length=200,
                              pattern=STORY_PATTERN, description=(
        "As in an article posted as text; left out, the same default."))


class ClaimOut(BaseModel):
    """A stored claim: the sentence, its parsed figures and its credited source."""

    id: int
    article_id: int
    cluster_id: int
    story: str | None = Field(default=None, description="The story of its article.")
    outlet: str
    text: str = Field(description="The sentence as it stands in the article.")
    start: int = Field(description="Offset of the sentence in the article text.")
    end: int
    values: list[Figure]
    source: Source | None
    citations: list[Citation] = []
    time_span: TimeSpan | None = None
    quote: str | None = None
    published_at: datetime | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any], **extra: Any) -> Self:
        """A claim from a claims row; extra fields go to subclasses (SimilarClaim)."""
        return cls(
            id=row["id"],
            article_id=row["article_id"],
            cluster_id=row["cluster_id"],
            story=row.get("story"),
            outlet=row["outlet"],
            text=row["text"],
            start=row["start_char"],
            end=row["end_char"],
            values=row["values"],
            source=row["source"],
            citations=row["citations"],
            time_span=row["time_span"],
            quote=row["quote"],
            published_at=row.get("published_at"),
            **extra,
        )

    @classmethod
    def from_claim(cls, claim: Claim, *, id: int, article_id: int, cluster_id: int,
                   outlet: str, published_at: datetime | None, story: str | None = None
                   ) -> Self:
        """The claim as just stored: what from_row would read back, without reading it."""
        return cls(id=id, article_id=article_id, cluster_id=cluster_id, story=story,
                   outlet=outlet,
                   text=claim.text, start=claim.start, end=claim.end, values=claim.values,
                   source=claim.source, citations=claim.citations, time_span=claim.time_span,
                   quote=claim.quote, published_at=published_at)


@dataclass(frozen=True, slots=True)
class ClaimCopy:
    """A stored claim that repeats an earlier claim's sentence word for word (wire copy, a
    reprint): its own id, article, cluster, outlet and time; the sentence and figures are the
    first claim's. The conflict rules read thousands of these in a story of wire copy, where a
    validated ClaimOut each would cost more than the rules."""

    id: int
    article_id: int
    cluster_id: int
    outlet: str
    published_at: datetime | None
    of: ClaimOut

    @property
    def text(self) -> str:
        return self.of.text

    @property
    def start(self) -> int:
        return self.of.start

    @property
    def values(self) -> list[Figure]:
        return self.of.values

    @property
    def time_span(self) -> TimeSpan | None:
        return self.of.time_span

    @property
    def source(self) -> Source | None:
        return self.of.source

    @property
    def quote(self) -> str | None:
        return self.of.quote


class ArticleBase(BaseModel):
    """What every view of a stored article shows of it first."""

    id: int
    story: str
    outlet: str
    title: str | None
    url: str | None
    published_at: datetime | None


class ArticleOut(ArticleBase):
    text: str
    created_at: datetime
    claims: list[ClaimOut]
    duplicate: bool = Field(default=False, description="True when this article was stored before.")


class ArticlePage(BaseModel):
    items: list[ArticleOut] = Field(description="Most recently stored first.")
    next: str | None


class FeedIn(BaseModel):
    """A news feed (RSS or Atom) for the service to poll."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    url: HttpUrl = Field(description="The feed's URL; it must answer with an RSS or Atom feed.")
    story: str | None = Field(default=None, min_length=1, max_length=200, pattern=STORY_PATTERN,
                              description="The story of every article of the feed; left out, "
                                          "as for an article posted without one.")
    outlet: str | None = Field(default=None, min_length=1, max_length=200, description=(
        "The outlet of its articles; left out, each page's site name."))
    interval_s: int = Field(default=900, ge=60, le=86_400,
                            description="Seconds between two polls of the feed.")


class FeedOut(BaseModel):
    id: int
    url: str
    story: str | None
    outlet: str | None
    interval_s: int
    status: Literal["new", "ok", "unchanged", "failed"] = Field(description=(
        "new: not polled yet; ok: polled; unchanged: the last poll found it unchanged (304); "
        "failed: the last poll failed (last_error), retried after a growing wait."))
    last_polled_at: datetime | None
    next_poll_at: datetime
    last_error: str | None
    failures: int = Field(description="Polls failed in a row.")
    items_seen: int = Field(description="Entries the feed has listed.")
    articles_ingested: int = Field(description="Articles stored from its entries.")
    created_at: datetime


class FeedPage(BaseModel):
    items: list[FeedOut]
    next: str | None = None


class ConsensusOut(BaseModel):
    """The value the outlets' reports support, per measure of a cluster."""

    measure: str
    value: float
    low: float | None
    high: float | None
    unit: str | None
    ground_truth: bool = Field(description="True when a reviewer accepted this value.")
    outlets: list[str]
    sources: list[str]
    claim_ids: list[int]


class SourceOut(BaseModel):
    """An outlet or a credited source, with how often its figures agree with the consensus."""

    kind: Literal["outlet", "source"]
    name: str
    reliability: float = Field(ge=0, le=1, description="(agree + 1) / (compared + 2)")
    agree: int
    compared: int = Field(description="Figures on items other outlets also reported.")
    claims: int


class SourcePage(BaseModel):
    items: list[SourceOut]
    next: str | None


class SimilarClaim(ClaimOut):
    """A claim found by meaning, in any story."""

    story: str
    similarity: float = Field(description="Cosine similarity of its sentence to the query text.")


class SimilarClaims(BaseModel):
    items: list[SimilarClaim] = Field(description="Most similar first.")


class ConflictEvent(BaseModel):
    id: int
    actor: str
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    created_at: datetime


class ConflictOut(BaseModel):
    id: int
    story: str
    cluster_id: int
    kind: ConflictKind
    status: ConflictStatus
    severity: float
    explanation: str
    measure: str | None
    frame: str | None = Field(
        default=None, description="What aligned the figures: the quantity both outlets report "
                                  "('athletes taking part', 'age of Durst').")
    positions: list[Position]
    claims: list[ClaimOut]
    note: str | None
    assignee: str | None
    accepted_value: float | None
    active: bool
    created_at: datetime
    updated_at: datetime
    events: list[ConflictEvent] = []


class ConflictPatch(BaseModel):
    """A review decision."""

    # At least one field: an empty decision is a 422 (api/conflicts.py).
    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    status: ConflictStatus | None = Field(
        default=None, description="Left out, unchanged; null is refused (a 422).",
        json_schema_extra={"type": "string", "enum": list(get_args(ConflictStatus))})
    note: str | None = Field(default=None, max_length=5000)
    assignee: str | None = Field(default=None, max_length=200)
    accepted_value: Number | None = Field(
        default=None, description="The value the reviewer accepts when resolving."
    )


class ClusterOut(BaseModel):
    id: int
    story: str
    size: int
    has_conflict: bool
    created_at: datetime
    updated_at: datetime
    claims: list[ClaimOut]
    conflicts: list[int] = Field(default=[], description="Ids of the cluster's active conflicts.")
    updates: list[Update] = Field(default=[], description="Figures outlets revised themselves.")
    consensus: list[ConsensusOut] = Field(default=[], description="Per measure.")
    reliability: dict[str, float] = Field(
        default={}, description="Reliability of the cluster's outlets (see /api/sources).")


class ClusterPage(BaseModel):
    items: list[ClusterOut]
    next: str | None


class ConflictPage(BaseModel):
    items: list[ConflictOut]
    next: str | None


class StoryEvent(BaseModel):
    """A move or a merge, as the stories' audit trail records it."""

    id: int
    actor: str
    action: Literal["move", "merge"]
    before: dict[str, Any]
    after: dict[str, Any]
    created_at: datetime


class StoryOut(BaseModel):
    """A story, named by a client or found by the service, with what it holds."""

    id: str
    title: str | None
    articles: int
    outlets: int
    first_seen: datetime | None = Field(description="Earliest article (published, else stored).")
    last_seen: datetime | None = Field(description="Latest article (published, else stored).")
    open_conflicts: int
    merged_into: str | None = Field(default=None, description="Set once merged into another.")
    created_at: datetime
    events: list[StoryEvent] = []


class StoryPage(BaseModel):
    items: list[StoryOut] = Field(description="Newest activity first.")
    next: str | None


class ArticlePatch(BaseModel):
    """A reviewer moving an article to another story."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    story: str = Field(min_length=1, max_length=200, pattern=r"^[\w .:/-]+$")


class StoryMerge(BaseModel):
    """A reviewer merging a story into another: every article of it moves there."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    into: str = Field(min_length=1, max_length=200, pattern=r"^[\w .:/-]+$")


class Health(BaseModel):
    status: Literal["ok"]
    database: bool
    model: bool


class Problem(BaseModel):
    """RFC 9457 problem details, as every error is served."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] = []

