"""What each review page shows, built from store data by pure functions.

A screen is the whole of a page's data: the template renders it and the page's JSON twin
serves it as is, so what a reviewer sees and what a script reads are the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from math import ceil

from pydantic import BaseModel

from reconcile.dashboard import paths
from reconcile.dashboard.chart import Chart, ChartRow, interval_chart
from reconcile.dashboard.consensus import (
    METHOD,
    ConsensusView,
    Estimates,
    band,
    conflict_consensus,
    estimate_view,
)
from reconcile.dashboard.figures import difference_text, interval_text, representative_value
from reconcile.dashboard.filters import KINDS, PAGE_SIZE, STATUSES, QueueFilter
from reconcile.dashboard.review import AuditEntry, audit_entries
from reconcile.dashboard.stories import with_current
from reconcile.dashboard.text import Mark, Segment, age, claim_marks, in_context, segments, when
from reconcile.dashboard.timeline import (
    TimelineEntry,
    claim_says,
    claim_timeline,
    conflict_figure,
)
from reconcile.domain import Figure
from reconcile.models import ArticleOut, ClaimOut, ClusterOut, ConflictOut, ConsensusOut
from reconcile.rules.conflicts import describe, find_updates
from reconcile.store.reviews import ArticleRow, ArticleText, Neighbours, StoryChoice

# --- the parts ---------------------------------------------------------------------------------


class PositionView(BaseModel):
    """One side of a conflict as a queue row or a column shows it."""

    index: int
    label: str
    range: str
    """The interval ('10,450–11,550') for figures; the credited name for attributions."""
    outlets: list[str]
    claim_ids: list[int]
    consensus: bool
    """This side's interval holds the consensus value."""
    difference: str | None
    """How far this side is from the consensus value: '+1,000 (+9.1%)'."""


class ConflictRow(BaseModel):
    """A conflict in one line: enough to understand it without opening it."""

    id: int
    url: str
    story: str
    kind: str
    status: str
    severity: float
    measure: str | None
    subject: str
    """What is disputed: the measure ('troops') or the quoted words."""
    headline: str
    explanation: str
    positions: list[PositionView]
    consensus: ConsensusView
    assignee: str | None
    accepted: str | None
    note: str | None
    age: str
    created_at: datetime
    updated_at: datetime


class ClaimCard(BaseModel):
    """A claim in its article: the sentences around it, figure and source marked."""

    id: int
    outlet: str
    outlet_url: str
    article_id: int
    article_url: str
    article_title: str | None
    original_url: str | None
    cluster_id: int
    published: str
    published_at: datetime | None
    says: str | None
    difference: str | None
    context: list[Segment]


def position_views(conflict: ConflictOut, consensus: ConsensusView) -> list[PositionView]:
    reference = consensus.value
    out = []
    for i, p in enumerate(conflict.positions):
        if conflict.kind == "numeric":
            shown = interval_text(p.low, p.high, p.unit)
            own = representative_value(p.low, p.high)
            diff = None if i == consensus.position else difference_text(own, reference, p.unit)
        else:
            shown, diff = p.source or p.label, None
        out.append(PositionView(index=i, label=p.label, range=shown, outlets=p.outlets,
                                claim_ids=p.claim_ids, consensus=i == consensus.position,
                                difference=diff))
    return out


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def subject(conflict: ConflictOut) -> str:
    """'troops', '%' or '“We believe their withdrawal…”': what the sides disagree about."""
    if conflict.kind == "numeric":
        return (conflict.measure or "figure").removeprefix("unit:")
    quote = next((c.quote for c in conflict.claims if c.quote), None)
    return f"“{_short(quote, 60)}”" if quote else "who said it"


def headline(conflict: ConflictOut) -> str:
    """'troops: 11,000 vs 12,000' or '"We believe …": Kondratenko vs Spohr'."""
    sides = [p.label for p in conflict.positions]
    if conflict.kind == "numeric":
        what = (conflict.measure or "").removeprefix("unit:")
        sides = [interval_text(p.low, p.high, p.unit) for p in conflict.positions]
        return f"{what}: " + " vs ".join(sides) if what else " vs ".join(sides)
    quote = next((c.quote for c in conflict.claims if c.quote), None)
    if quote:
        return f"“{_short(quote, 48)}”: " + " vs ".join(sides)
    return "credited to " + " vs ".join(sides)


def conflict_row(conflict: ConflictOut, estimates: Sequence[ConsensusOut], now: datetime
                 ) -> ConflictRow:
    """`estimates`: the consensus of the conflict's cluster (Truth.for_cluster)."""
    consensus = conflict_consensus(conflict, estimates)
    accepted = None
    if conflict.accepted_value is not None:
        unit = conflict.positions[0].unit if conflict.positions else None
        accepted = interval_text(conflict.accepted_value, conflict.accepted_value, unit)
    return ConflictRow(
        id=conflict.id, url=paths.conflict(conflict.id), story=conflict.story,
        kind=conflict.kind, status=conflict.status, severity=conflict.severity,
        measure=conflict.measure, subject=subject(conflict), headline=headline(conflict),
        explanation=conflict.explanation,
        positions=position_views(conflict, consensus), consensus=consensus,
        assignee=conflict.assignee, accepted=accepted, note=conflict.note,
        age=age(now - conflict.created_at), created_at=conflict.created_at,
        updated_at=conflict.updated_at,
    )


def conflict_rows(conflicts: Sequence[ConflictOut], estimates: Estimates, now: datetime
                  ) -> list[ConflictRow]:
    return [conflict_row(c, estimates.get(c.cluster_id, ()), now) for c in conflicts]


def claim_card(claim: ClaimOut, article: ArticleText | None, *, says: str | None = None,
               difference: str | None = None, figures: Sequence[Figure] | None = None
               ) -> ClaimCard:
    """`figures`: the ones to highlight (all of the claim's when None)."""
    context = (in_context(article.text, claim, figures) if article else
               segments(claim.text, [Mark(start=claim.start, end=claim.end, kind="claim"),
                                     *claim_marks(claim, figures)], offset=claim.start))
    return ClaimCard(
        id=claim.id, outlet=claim.outlet, outlet_url=paths.outlet(claim.outlet),
        article_id=claim.article_id,
        article_url=paths.claim_in_article(claim.article_id, claim.id),
        article_title=article.title if article else None,
        original_url=article.url if article else None, cluster_id=claim.cluster_id,
        published=when(claim.published_at), published_at=claim.published_at, says=says,
        difference=difference, context=context,
    )


# --- the queue --------------------------------------------------------------------------------


class StatusTab(BaseModel):
    status: str | None
    label: str
    count: int
    url: str
    current: bool


class QueueScreen(BaseModel):
    filter: QueueFilter
    rows: list[ConflictRow]
    tabs: list[StatusTab]
    total: int
    page: int
    pages: int
    prev_url: str | None
    next_url: str | None
    stories: list[str]
    story_choices: list[StoryChoice]
    """The story menu: each story's id and title, newest activity first."""
    outlets: list[str]
    kinds: list[str]
    statuses: list[str]
    url: str
    json_url: str


def queue_screen(f: QueueFilter, conflicts: Sequence[ConflictOut], estimates: Estimates,
                 counts: Mapping[str, int], stories: Sequence[StoryChoice],
                 outlets: list[str], now: datetime) -> QueueScreen:
    everything = sum(counts.values())
    tabs = [StatusTab(status=None, label="All", count=everything, url="/" + f.query(status=None),
                      current=f.status is None)]
    tabs += [StatusTab(status=s, label=s.capitalize(), count=counts.get(s, 0),
                       url="/" + f.query(status=s), current=f.status == s) for s in STATUSES]
    total = counts.get(f.status, 0) if f.status else everything
    pages = max(ceil(total / PAGE_SIZE), 1)
    url = "/" + f.query(page=f.page)
    choices = with_current(stories, f.story)
    return QueueScreen(
        filter=f, rows=conflict_rows(conflicts, estimates, now), tabs=tabs, total=total,
        page=f.page, pages=pages,
        prev_url="/" + f.query(page=f.page - 1) if f.page > 1 else None,
        next_url="/" + f.query(page=f.page + 1) if f.page < pages else None,
        stories=[c.id for c in choices], story_choices=choices, outlets=outlets,
        kinds=list(KINDS), statuses=list(STATUSES),
        url=url, json_url=paths.as_json(url),
    )


# --- one conflict -----------------------------------------------------------------------------


class Column(BaseModel):
    position: PositionView
    cards: list[ClaimCard]


class ConflictScreen(BaseModel):
    row: ConflictRow
    conflict: ConflictOut
    columns: list[Column]
    chart: Chart | None
    method: str
    """How the consensus is reached, in a sentence."""
    timeline: list[TimelineEntry]
    audit: list[AuditEntry]
    suggestions: list[str]
    """Values a reviewer may accept, formatted for the resolve field."""
    sources: list[str]
    """Names a reviewer may credit, for an attribution conflict."""
    unit: str | None
    next_url: str | None
    prev_url: str | None
    cluster_url: str
    url: str
    json_url: str
    api_url: str


def chart_rows(conflict: ConflictOut) -> list[ChartRow]:
    """Each claim of a numeric conflict as a row: grouped by position, then by value."""
    by_id = {c.id: c for c in conflict.claims}
    rows = []
    for group, position in enumerate(conflict.positions):
        for claim_id in position.claim_ids:
            claim = by_id.get(claim_id)
            figure = conflict_figure(conflict, claim) if claim else None
            if claim is None or figure is None:
                continue
            rows.append(ChartRow(label=claim.outlet, low=figure.low, high=figure.high,
                                 value=figure.value, group=group, claim_id=claim.id,
                                 text=figure.raw))
    return sorted(rows, key=lambda r: (r.group, r.value, r.claim_id))


def conflict_screen(conflict: ConflictOut, cluster_claims: Sequence[ClaimOut],
                    estimates: Sequence[ConsensusOut], articles: Mapping[int, ArticleText],
                    near: Neighbours, now: datetime) -> ConflictScreen:
    """`cluster_claims`: every claim of the conflict's cluster; `estimates`: their consensus
    (Truth.for_cluster over the same claims)."""
    row = conflict_row(conflict, estimates, now)
    consensus = row.consensus
    by_id = {c.id: c for c in conflict.claims}
    numeric = conflict.kind == "numeric"
    unit = conflict.positions[0].unit if conflict.positions and numeric else None
    columns = []
    for view, position in zip(row.positions, conflict.positions, strict=True):
        cards = []
        for claim_id in position.claim_ids:
            claim = by_id.get(claim_id)
            if claim is None:
                continue
            figure = conflict_figure(conflict, claim) if numeric else None
            diff = None
            if figure and view.index != consensus.position:
                diff = difference_text(figure.value, consensus.value, unit)
            cards.append(claim_card(claim, articles.get(claim.article_id),
                                    says=claim_says(conflict, claim), difference=diff,
                                    figures=[figure] if figure else [] if numeric else None))
        columns.append(Column(position=view, cards=cards))
    chart = None
    if numeric:
        chart = interval_chart(chart_rows(conflict), band(consensus), unit,
                               value=consensus.value, accepted=consensus.ground_truth)
    suggestions = list(dict.fromkeys(
        interval_text(v, v, unit) for p in conflict.positions
        if (v := representative_value(p.low, p.high)) is not None)) if numeric else []
    url = paths.conflict(conflict.id)
    return ConflictScreen(
        row=row, conflict=conflict, columns=columns, chart=chart, method=METHOD,
        timeline=claim_timeline(cluster_claims, conflict, find_updates(cluster_claims)),
        audit=audit_entries(conflict.events), suggestions=suggestions,
        sources=[p.source or p.label for p in conflict.positions] if not numeric else [],
        unit=unit,
        next_url=paths.conflict(near.next_id) if near.next_id else None,
        prev_url=paths.conflict(near.prev_id) if near.prev_id else None,
        cluster_url=paths.cluster(conflict.cluster_id), url=url, json_url=paths.as_json(url),
        api_url=paths.api_conflict(conflict.id),
    )


# --- a cluster and an article -----------------------------------------------------------------


class ClusterScreen(BaseModel):
    cluster: ClusterOut
    """As GET /api/clusters/{id} serves it: updates, consensus and reliability filled in."""
    consensus: list[ConsensusView]
    cards: list[ClaimCard]
    conflicts: list[ConflictRow]
    outlets: list[str]
    url: str
    json_url: str
    api_url: str


def claim_summary(claim: ClaimOut) -> str | None:
    """'11,000 troops · credited to South Korean data': what a claim states, in one line."""
    parts = [describe(f, f.measure) for f in claim.values]
    if claim.source:
        parts.append(f"credited to {claim.source.name}")
    return " · ".join(parts) or None


def cluster_screen(cluster: ClusterOut, conflicts: Sequence[ConflictOut],
                   articles: Mapping[int, ArticleText], now: datetime) -> ClusterScreen:
    """`cluster`: described by reconcile.truth.estimates.describe_cluster (its consensus is used
    for the conflicts' rows too)."""
    ordered = sorted(cluster.claims, key=lambda c: (
        c.published_at is None, c.published_at or now, c.id))
    url = paths.cluster(cluster.id)
    return ClusterScreen(
        cluster=cluster, consensus=[estimate_view(e) for e in cluster.consensus],
        cards=[claim_card(c, articles.get(c.article_id), says=claim_summary(c)) for c in ordered],
        conflicts=[conflict_row(c, cluster.consensus, now) for c in conflicts],
        outlets=sorted({c.outlet for c in cluster.claims}),
        url=url, json_url=paths.as_json(url), api_url=paths.api_cluster(cluster.id),
    )


class ArticlePiece(BaseModel):
    """A stretch of the article: plain text, or one claim with its figures and source marked."""

    claim_id: int | None
    cluster_id: int | None
    disputed: bool
    segments: list[Segment]


class ArticleScreen(BaseModel):
    article: ArticleOut
    pieces: list[ArticlePiece]
    conflicts: list[ConflictRow]
    outlet_url: str
    url: str
    json_url: str
    api_url: str


def article_pieces(article: ArticleOut, disputed: set[int]) -> list[ArticlePiece]:
    """The text cut at claim sentences; inside each claim, its own marks."""
    claims = {c.id: c for c in article.claims}
    outer = segments(article.text, [Mark(start=c.start, end=c.end, kind="claim", ref=c.id)
                                    for c in article.claims])
    pieces, at = [], 0
    for seg in outer:
        start = at
        at += len(seg.text)
        claim = claims.get(seg.ref) if seg.ref is not None else None
        if claim is None:
            pieces.append(ArticlePiece(claim_id=None, cluster_id=None, disputed=False,
                                       segments=[seg]))
            continue
        pieces.append(ArticlePiece(
            claim_id=claim.id, cluster_id=claim.cluster_id, disputed=claim.id in disputed,
            segments=segments(seg.text, claim_marks(claim), offset=start)))
    return pieces


def article_screen(article: ArticleOut, conflicts: Sequence[ConflictOut], estimates: Estimates,
                   now: datetime) -> ArticleScreen:
    disputed = {c.id for conflict in conflicts for c in conflict.claims}
    url = paths.article(article.id)
    return ArticleScreen(
        article=article, pieces=article_pieces(article, disputed),
        conflicts=conflict_rows(conflicts, estimates, now),
        outlet_url=paths.outlet(article.outlet), url=url, json_url=paths.as_json(url),
        api_url=paths.api_article(article.id),
    )


class ArticlesScreen(BaseModel):
    articles: list[ArticleRow]
    story: str | None
    outlet: str | None
    story_choices: list[StoryChoice] = []
    """The story menu, as the queue's."""
    url: str
    json_url: str


def articles_screen(rows: Sequence[ArticleRow], story: str | None, outlet: str | None,
                    stories: Sequence[StoryChoice] = ()) -> ArticlesScreen:
    url = paths.articles(story=story or "", outlet=outlet or "")
    return ArticlesScreen(articles=list(rows), story=story, outlet=outlet,
                          story_choices=with_current(stories, story), url=url,
                          json_url=paths.as_json(url))
