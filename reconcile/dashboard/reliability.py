"""Outlets and sources with a provisional reliability proxy, and the claims behind it.

The proxy (figures.majority_tally): of an outlet's (or source's) claims in numeric conflicts
that have a majority position, the share that sit in it. It is shown with its counts and
labelled provisional; reconcile/consensus.py (issue 4) will replace it. Pure: store rows in,
screens out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from reconcile.dashboard import paths
from reconcile.dashboard.figures import Tally, majority_position, majority_tally, share_text
from reconcile.dashboard.text import Segment, claim_marks, segments, when
from reconcile.extract.attribution import same_source
from reconcile.models import ClaimOut, ConflictKind, Position
from reconcile.store.pages import Dispute, OutletRow, Owner, SourceRow

PROXY_NOTE = ("Provisional: the share of the claims in numeric conflicts (that have a majority) "
              "which sit in the position most outlets back. Few conflicts mean little.")


class ReliabilityView(BaseModel):
    in_conflict: int
    scored: int
    in_majority: int
    share: float | None
    share_text: str


def reliability(tally: Tally | None) -> ReliabilityView:
    t = tally or Tally()
    return ReliabilityView(in_conflict=t.in_conflict, scored=t.scored, in_majority=t.in_majority,
                           share=t.share, share_text=share_text(tally))


class DisputeRef(BaseModel):
    """A claim's place in one conflict: which side, and whether that side is the majority."""

    conflict_id: int
    conflict_url: str
    kind: str
    status: str
    side: str
    majority: bool | None
    """None when the conflict has no majority (a tie)."""


class ClaimLine(BaseModel):
    id: int
    outlet: str
    outlet_url: str
    article_url: str
    cluster_url: str
    published: str
    segments: list[Segment]
    disputes: list[DisputeRef]


def dispute_refs(disputes: Sequence[Dispute]) -> dict[int, list[DisputeRef]]:
    """claim id -> the conflicts it takes a side in."""
    out: dict[int, list[DisputeRef]] = {}
    for d in disputes:
        winner = majority_position(d.positions)
        for i, p in enumerate(d.positions):
            for claim_id in p.claim_ids:
                out.setdefault(claim_id, []).append(DisputeRef(
                    conflict_id=d.id, conflict_url=paths.conflict(d.id), kind=d.kind,
                    status=d.status, side=p.label,
                    majority=None if winner is None else i == winner))
    return out


def claim_lines(claims: Sequence[ClaimOut], disputes: Sequence[Dispute]) -> list[ClaimLine]:
    refs = dispute_refs(disputes)
    return [ClaimLine(
        id=c.id, outlet=c.outlet, outlet_url=paths.outlet(c.outlet),
        article_url=paths.claim_in_article(c.article_id, c.id),
        cluster_url=paths.cluster(c.cluster_id), published=when(c.published_at),
        segments=segments(c.text, claim_marks(c), offset=c.start),
        disputes=refs.get(c.id, []),
    ) for c in claims]


def _pairs(disputes: Sequence[Dispute]) -> list[tuple[ConflictKind, list[Position]]]:
    return [(d.kind, d.positions) for d in disputes]


# --- outlets ----------------------------------------------------------------------------------


class OutletView(BaseModel):
    outlet: str
    url: str
    articles: int
    claims: int
    numeric_claims: int
    credited_claims: int
    reliability: ReliabilityView


class OutletsScreen(BaseModel):
    outlets: list[OutletView]
    note: str = PROXY_NOTE
    url: str = paths.OUTLETS
    json_url: str = paths.as_json(paths.OUTLETS)


class OutletScreen(BaseModel):
    outlet: OutletView
    claims: list[ClaimLine]
    note: str = PROXY_NOTE
    articles_url: str
    url: str
    json_url: str


def outlet_view(row: OutletRow, tally: Tally | None) -> OutletView:
    return OutletView(outlet=row.outlet, url=paths.outlet(row.outlet), articles=row.articles,
                      claims=row.claims, numeric_claims=row.numeric_claims,
                      credited_claims=row.credited_claims, reliability=reliability(tally))


def outlet_tallies(disputes: Sequence[Dispute], owners: Mapping[int, Owner]) -> dict[str, Tally]:
    return majority_tally(_pairs(disputes), {i: o.outlet for i, o in owners.items()})


def outlets_screen(rows: Sequence[OutletRow], disputes: Sequence[Dispute],
                   owners: Mapping[int, Owner]) -> OutletsScreen:
    tallies = outlet_tallies(disputes, owners)
    return OutletsScreen(outlets=[outlet_view(r, tallies.get(r.outlet)) for r in rows])


def outlet_screen(row: OutletRow, claims: Sequence[ClaimOut], disputes: Sequence[Dispute],
                  owners: Mapping[int, Owner]) -> OutletScreen:
    tallies = outlet_tallies(disputes, owners)
    url = paths.outlet(row.outlet)
    return OutletScreen(outlet=outlet_view(row, tallies.get(row.outlet)),
                        claims=claim_lines(claims, disputes),
                        articles_url=paths.articles(outlet=row.outlet), url=url,
                        json_url=paths.as_json(url))


# --- sources ----------------------------------------------------------------------------------


class SourceGroup(BaseModel):
    """Spellings of one source ('Col. Oleksandr Kondratenko', 'Kondratenko') taken together."""

    key: str
    """The key of the longest spelling; the source page's address uses it."""
    keys: list[str]
    name: str
    names: list[str]
    kind: str
    claims: int
    numeric_claims: int
    outlets: list[str]


def group_sources(rows: Sequence[SourceRow]) -> list[SourceGroup]:
    """Merge keys that name the same source the way the attribution rule compares them.

    Longest names lead, so a bare surname joins the full name it belongs to; same_source is
    not transitive, so each key joins the first group whose lead it matches.
    """
    groups: list[SourceGroup] = []
    for row in sorted(rows, key=lambda r: (-len(r.name), r.key)):
        for g in groups:
            if g.kind == row.kind and same_source(g.name, row.name):
                g.keys.append(row.key)
                g.names.append(row.name)
                g.claims += row.claims
                g.numeric_claims += row.numeric_claims
                g.outlets = sorted({*g.outlets, *row.outlet_names})
                break
        else:
            groups.append(SourceGroup(key=row.key, keys=[row.key], name=row.name,
                                      names=[row.name], kind=row.kind, claims=row.claims,
                                      numeric_claims=row.numeric_claims,
                                      outlets=sorted(row.outlet_names)))
    return sorted(groups, key=lambda g: (-g.claims, g.name))


class SourceView(BaseModel):
    source: SourceGroup
    url: str
    reliability: ReliabilityView


class SourcesScreen(BaseModel):
    sources: list[SourceView]
    note: str = PROXY_NOTE
    url: str = paths.SOURCES
    json_url: str = paths.as_json(paths.SOURCES)


class SourceScreen(BaseModel):
    source: SourceView
    claims: list[ClaimLine]
    note: str = PROXY_NOTE
    url: str
    json_url: str


def source_tallies(groups: Sequence[SourceGroup], disputes: Sequence[Dispute],
                   owners: Mapping[int, Owner]) -> dict[str, Tally]:
    lead = {k: g.key for g in groups for k in g.keys}
    return majority_tally(_pairs(disputes), {
        i: lead.get(o.source_key) if o.source_key else None for i, o in owners.items()})


def sources_screen(rows: Sequence[SourceRow], disputes: Sequence[Dispute],
                   owners: Mapping[int, Owner]) -> SourcesScreen:
    groups = group_sources(rows)
    tallies = source_tallies(groups, disputes, owners)
    return SourcesScreen(sources=[
        SourceView(source=g, url=paths.source(g.key), reliability=reliability(tallies.get(g.key)))
        for g in groups])


def find_group(rows: Sequence[SourceRow], key: str) -> SourceGroup | None:
    return next((g for g in group_sources(rows) if key in g.keys), None)


def source_screen(group: SourceGroup, rows: Sequence[SourceRow], claims: Sequence[ClaimOut],
                  disputes: Sequence[Dispute], owners: Mapping[int, Owner]) -> SourceScreen:
    tallies = source_tallies(group_sources(rows), disputes, owners)
    url = paths.source(group.key)
    return SourceScreen(
        source=SourceView(source=group, url=url, reliability=reliability(tallies.get(group.key))),
        claims=claim_lines(claims, disputes), url=url, json_url=paths.as_json(url))
