"""What leaves the service for other tools: conflicts and clusters as CSV for spreadsheets, and
reviewed conflicts as ClaimReview (schema.org JSON-LD), as fact-checkers publish them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from reconcile.domain import Position
from reconcile.models import ClaimOut, ClusterOut, ConflictOut

CSV_COLUMNS = ("story", "conflict", "kind", "status", "outlet", "value", "unit", "source",
               "sentence", "url", "published_at", "claim", "cluster")
# A spreadsheet runs a cell that starts with one of these as a formula: article text is
# untrusted, so such cells are written with a leading apostrophe, which shows as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_COLUMNS = frozenset({"story", "outlet", "unit", "source", "sentence", "url", "value"})
# Figures stored as numbers a reader cannot use (day ordinals, minutes past midnight): their
# words go in the value column instead.
_STAMP_UNITS = frozenset({"date", "monthday", "clock"})


@dataclass(frozen=True)
class ArticleRef:
    """Where a claim appeared: its article's outlet, title, URL and time."""

    id: int
    outlet: str
    title: str | None
    url: str | None
    published_at: datetime | None


# --- CSV -------------------------------------------------------------------------------------


def conflict_rows(conflicts: Iterable[ConflictOut], articles: Mapping[int, ArticleRef]
                  ) -> Iterator[dict[str, Any]]:
    """One row per claim of each conflict; value, unit and source are its position's."""
    for conflict in conflicts:
        sides = {i: p for p in conflict.positions for i in p.claim_ids}
        for claim in conflict.claims:
            side = sides.get(claim.id)
            yield _row(claim, articles, story=conflict.story, conflict=conflict.id,
                       kind=conflict.kind, status=conflict.status, cluster=conflict.cluster_id,
                       value=_position_value(side), unit=side.unit if side else None,
                       source=(side.source if side and side.source else _source(claim)))


def cluster_rows(clusters: Iterable[ClusterOut], articles: Mapping[int, ArticleRef]
                 ) -> Iterator[dict[str, Any]]:
    """One row per claim of each cluster, with its figures; the cluster's active conflicts."""
    for cluster in clusters:
        conflicts = " ".join(str(i) for i in cluster.conflicts)
        for claim in cluster.claims:
            yield _row(claim, articles, story=cluster.story, conflict=conflicts, kind=None,
                       status=None, cluster=cluster.id,
                       value="; ".join(f.raw if f.unit in _STAMP_UNITS else _number(f.value)
                                       for f in claim.values),
                       unit="; ".join(f.unit or "" for f in claim.values).strip("; "),
                       source=_source(claim))


def to_csv(rows: Iterable[dict[str, Any]]) -> str:
    """CSV with one header row (CSV_COLUMNS), CRLF line ends as RFC 4180 has them."""
    out = io.StringIO()
    write_csv(rows, out)
    return out.getvalue()


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> None:
    """to_csv's table written to `out` row by row (open it with newline="")."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(k, v) for k, v in row.items()})


def _row(claim: ClaimOut, articles: Mapping[int, ArticleRef], **fields: Any) -> dict[str, Any]:
    article = articles.get(claim.article_id)
    return {**fields, "outlet": claim.outlet, "sentence": claim.text,
            "url": article.url if article else None,
            "published_at": claim.published_at.isoformat() if claim.published_at else None,
            "claim": claim.id}


def _cell(column: str, value: Any) -> Any:
    if value is None:
        return ""
    if (column in _TEXT_COLUMNS and isinstance(value, str) and value.startswith(_FORMULA_START)
            and not _is_number(value)):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _number(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _position_value(side: Position | None) -> str:
    if side is None or (side.low is None and side.high is None):
        return ""
    if side.unit in _STAMP_UNITS:
        return side.label
    if side.low == side.high or side.high is None or side.low is None:
        return _number(side.low if side.low is not None else side.high)
    return f"{_number(side.low)}-{_number(side.high)}"


def _source(claim: ClaimOut) -> str | None:
    return claim.source.name if claim.source else None


# --- ClaimReview -----------------------------------------------------------------------------

BEST, WORST = 5, 1
# What each decision says of one side of a conflict: (rating, its name). A resolved numeric
# conflict rates each side against the accepted value; anything else rates all sides alike.
ACCURATE = (5, "Accurate: matches the value reviewers accepted")
INACCURATE = (1, "Inaccurate: contradicts the value reviewers accepted")
RATINGS = {
    "confirmed": (2, "Disputed: outlets report this differently"),
    "dismissed": (4, "Consistent: reviewers found no real disagreement"),
    "resolved": (3, "Resolved by reviewers: see the review"),
}


def claim_reviews(conflict: ConflictOut, articles: Mapping[int, ArticleRef], *, url: str,
                  publisher: str = "reconcile") -> list[dict[str, Any]]:
    """One ClaimReview per side (position) of a reviewed conflict: what that side claims, as
    the outlets printed it, rated by the reviewers' decision. [] for an open conflict."""
    if conflict.status == "open":
        return []
    decided = _decision(conflict)
    author: dict[str, Any] = (
        {"@type": "Person", "name": decided[0]} if decided and decided[0] != "api"
        else {"@type": "Organization", "name": publisher})
    when = (decided[1] if decided else conflict.updated_at).date().isoformat()
    claims = {c.id: c for c in conflict.claims}
    out = []
    for n, side in enumerate(conflict.positions, 1):
        members = [claims[i] for i in side.claim_ids if i in claims]
        if not members:
            continue
        rating, name = _rating(conflict, side)
        appearances = _appearances(members, articles)
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            "url": f"{url}#position-{n}",
            "claimReviewed": members[0].text,
            "itemReviewed": {
                "@type": "Claim",
                "author": ({"@type": "Person" if members[0].source.kind == "person"
                            else "Organization", "name": members[0].source.name}
                           if members[0].source else
                           {"@type": "Organization", "name": members[0].outlet}),
                "appearance": appearances,
                **({"firstAppearance": appearances[0],
                    "datePublished": appearances[0]["datePublished"]}
                   if appearances and "datePublished" in appearances[0] else {}),
            },
            "reviewRating": {"@type": "Rating", "ratingValue": rating, "bestRating": BEST,
                             "worstRating": WORST, "alternateName": name},
            "author": author,
            "datePublished": when,
            "reviewBody": " ".join(x for x in (conflict.explanation, conflict.note) if x),
        }
        out.append(review)
    return out


def json_ld(reviews: list[dict[str, Any]]) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@graph": reviews}


def _decision(conflict: ConflictOut) -> tuple[str, datetime] | None:
    """Who set the conflict's present status, and when: its last status event."""
    for event in reversed(conflict.events):
        if event.after.get("status") == conflict.status:
            return event.actor, event.created_at
    return None


def _rating(conflict: ConflictOut, side: Position) -> tuple[int, str]:
    accepted = conflict.accepted_value
    if conflict.status == "resolved" and accepted is not None and side.low is not None:
        high = side.high if side.high is not None else side.low
        return ACCURATE if side.low <= accepted <= high else INACCURATE
    return RATINGS[conflict.status]


def _appearances(claims: list[ClaimOut], articles: Mapping[int, ArticleRef]
                 ) -> list[dict[str, Any]]:
    """Each article printing the claim, earliest first (undated last)."""
    seen: dict[int, dict[str, Any]] = {}
    for claim in claims:
        article = articles.get(claim.article_id)
        if article is None or article.id in seen:
            continue
        work: dict[str, Any] = {"@type": "NewsArticle",
                                "publisher": {"@type": "Organization", "name": article.outlet}}
        if article.url:
            work["url"] = article.url
        if article.title:
            work["headline"] = article.title
        if article.published_at:
            work["datePublished"] = article.published_at.isoformat()
        seen[article.id] = work
    return sorted(seen.values(), key=lambda w: (w.get("datePublished") is None,
                                               w.get("datePublished", "")))
