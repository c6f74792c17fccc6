"""Outlets and sources with their reliability, and the claims behind them.

Reliability, agree / compared and the figures counted come from truth discovery
(reconcile.truth.estimates: Truth.sources, the numbers GET /api/sources serves); this module only
puts them next to the store's counts. Claims on an outlet's or a source's page say which side of
each conflict they take and whether that side holds the consensus (reconcile.truth.estimates too).
Pure: store rows and truth's numbers in, screens out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from reconcile.dashboard import paths
from reconcile.dashboard.consensus import Estimates, conflict_consensus
from reconcile.dashboard.text import Segment, claim_marks, segments, when
from reconcile.extract.names import same_source
from reconcile.models import ClaimOut, ConflictOut, SourceOut
from reconcile.store.reviews import OutletRow, SourceRow

NOTE = ("Reliability is truth discovery's: (agree + 1) / (compared + 2), where compared counts "
        "the latest figures on items other outlets also reported and agree those that fit the "
        "consensus. It is learned together with the consensus, and it weights each outlet's "
        "vote. 0.50 means no evidence either way.")


class ReliabilityView(BaseModel):
    """One outlet's or one spelling of a source's numbers from Truth.sources."""

    name: str
    score: float | None
    """None when truth discovery weighed no figure of theirs."""
    agree: int
    compared: int
    claims: int
    """Figures weighed: the latest one per cluster and measure."""
    text: str
    """'0.67', or '—' without a score."""
    detail: str
    """'agrees with the consensus on 1 of 1 figures compared'."""


def reliability(name: str, found: SourceOut | None) -> ReliabilityView:
    if found is None:
        return ReliabilityView(name=name, score=None, agree=0, compared=0, claims=0, text="—",
                               detail="no figures weighed")
    if found.compared == 0:
        detail = "no figure that another outlet also reported: no evidence yet"
    else:
        detail = (f"agrees with the consensus on {found.agree} of {found.compared} figure"
                  f"{'s' if found.compared != 1 else ''} compared")
    return ReliabilityView(name=name, score=found.reliability, agree=found.agree,
                           compared=found.compared, claims=found.claims,
                           text=f"{found.reliability:.2f}", detail=detail)


def _by_name(found: Sequence[SourceOut], kind: str) -> dict[str, SourceOut]:
    return {s.name: s for s in found if s.kind == kind}


class DisputeRef(BaseModel):
    """A claim's place in one conflict: which side, and whether that side holds the consensus."""

    conflict_id: int
    conflict_url: str
    kind: str
    status: str
    side: str
    consensus: bool | None
    """None when the conflict has no consensus value (attribution, or no estimate)."""
    consensus_label: str | None
    """The consensus value, '11,000 troops'."""


class ClaimLine(BaseModel):
    id: int
    outlet: str
    outlet_url: str
    article_url: str
    cluster_url: str
    published: str
    segments: list[Segment]
    disputes: list[DisputeRef]


def dispute_refs(conflicts: Sequence[ConflictOut],
                 estimates: Estimates) -> dict[int, list[DisputeRef]]:
    """claim id -> the conflicts it takes a side in (`estimates`: Truth.for_cluster by
    cluster id)."""
    out: dict[int, list[DisputeRef]] = {}
    for c in conflicts:
        view = conflict_consensus(c, estimates.get(c.cluster_id, ()))
        for i, p in enumerate(c.positions):
            for claim_id in p.claim_ids:
                out.setdefault(claim_id, []).append(DisputeRef(
                    conflict_id=c.id, conflict_url=paths.conflict(c.id), kind=c.kind,
                    status=c.status, side=p.label,
                    consensus=None if view.value is None else i == view.position,
                    consensus_label=view.label or None))
    return out


def claim_lines(claims: Sequence[ClaimOut], conflicts: Sequence[ConflictOut],
                estimates: Estimates) -> list[ClaimLine]:
    refs = dispute_refs(conflicts, estimates)
    return [ClaimLine(
        id=c.id, outlet=c.outlet, outlet_url=paths.outlet(c.outlet),
        article_url=paths.claim_in_article(c.article_id, c.id),
        cluster_url=paths.cluster(c.cluster_id), published=when(c.published_at),
        segments=segments(c.text, claim_marks(c), offset=c.start),
        disputes=refs.get(c.id, []),
    ) for c in claims]


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
    note: str = NOTE
    url: str = paths.OUTLETS
    json_url: str = paths.as_json(paths.OUTLETS)


class OutletScreen(BaseModel):
    outlet: OutletView
    claims: list[ClaimLine]
    note: str = NOTE
    articles_url: str
    url: str
    json_url: str


def outlet_view(row: OutletRow, found: Mapping[str, SourceOut]) -> OutletView:
    return OutletView(outlet=row.outlet, url=paths.outlet(row.outlet), articles=row.articles,
                      claims=row.claims, numeric_claims=row.numeric_claims,
                      credited_claims=row.credited_claims,
                      reliability=reliability(row.outlet, found.get(row.outlet)))


def outlets_screen(rows: Sequence[OutletRow], truth: Sequence[SourceOut]) -> OutletsScreen:
    """`truth`: Truth.sources('outlet')."""
    found = _by_name(truth, "outlet")
    return OutletsScreen(outlets=[outlet_view(r, found) for r in rows])


def outlet_screen(row: OutletRow, truth: Sequence[SourceOut], claims: Sequence[ClaimOut],
                  conflicts: Sequence[ConflictOut],
                  estimates: Estimates) -> OutletScreen:
    url = paths.outlet(row.outlet)
    return OutletScreen(outlet=outlet_view(row, _by_name(truth, "outlet")),
                        claims=claim_lines(claims, conflicts, estimates),
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
    """The leading spelling of each key."""
    spellings: list[str]
    """Every spelling the claims use (truth discovery scores each one)."""
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
                g.spellings = sorted({*g.spellings, *row.spellings})
                g.claims += row.claims
                g.numeric_claims += row.numeric_claims
                g.outlets = sorted({*g.outlets, *row.outlet_names})
                break
        else:
            groups.append(SourceGroup(key=row.key, keys=[row.key], name=row.name,
                                      names=[row.name], spellings=sorted(row.spellings),
                                      kind=row.kind, claims=row.claims,
                                      numeric_claims=row.numeric_claims,
                                      outlets=sorted(row.outlet_names)))
    return sorted(groups, key=lambda g: (-g.claims, g.name))


class SourceView(BaseModel):
    source: SourceGroup
    url: str
    reliability: list[ReliabilityView]
    """One per spelling that truth discovery scored (credited with a figure); often none."""


class SourcesScreen(BaseModel):
    sources: list[SourceView]
    note: str = NOTE
    url: str = paths.SOURCES
    json_url: str = paths.as_json(paths.SOURCES)


class SourceScreen(BaseModel):
    source: SourceView
    claims: list[ClaimLine]
    note: str = NOTE
    url: str
    json_url: str


def source_view(group: SourceGroup, found: Mapping[str, SourceOut]) -> SourceView:
    scored = [reliability(n, found[n]) for n in group.spellings if n in found]
    return SourceView(source=group, url=paths.source(group.key), reliability=scored)


def sources_screen(rows: Sequence[SourceRow], truth: Sequence[SourceOut]) -> SourcesScreen:
    """`truth`: Truth.sources('source')."""
    found = _by_name(truth, "source")
    return SourcesScreen(sources=[source_view(g, found) for g in group_sources(rows)])


def find_group(rows: Sequence[SourceRow], key: str) -> SourceGroup | None:
    return next((g for g in group_sources(rows) if key in g.keys), None)


def source_screen(group: SourceGroup, truth: Sequence[SourceOut], claims: Sequence[ClaimOut],
                  conflicts: Sequence[ConflictOut],
                  estimates: Estimates) -> SourceScreen:
    view = source_view(group, _by_name(truth, "source"))
    return SourceScreen(source=view, claims=claim_lines(claims, conflicts, estimates),
                        url=view.url, json_url=paths.as_json(view.url))
