"""Builders for claims in unit tests (no database, no model)."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

from reconcile.extract.claims import analyse, is_claim
from reconcile.extract.frames import frame_claims, load_parser
from reconcile.models import ClaimOut

_ids = count(1)


def claims_of(outlet: str, text: str, *, cluster: int = 1, article: int | None = None,
              published: str | None = None) -> list[ClaimOut]:
    """The claims extraction finds in `text`, as if stored for `outlet` in one cluster."""
    when = datetime.fromisoformat(published).replace(tzinfo=UTC) if published else None
    article = article if article is not None else next(_ids) + 10_000
    out = []
    day = when.date() if when else None
    framed = frame_claims(analyse(text, day), load_parser(), day)
    for c in (c for c in framed if is_claim(c)):
        out.append(ClaimOut(
            id=next(_ids), article_id=article, cluster_id=cluster, outlet=outlet, text=c.text,
            start=c.start, end=c.end, values=list(c.values), source=c.source,
            citations=list(c.citations), time_span=c.time_span, quote=c.quote,
            published_at=when,
        ))
    return out


def claim(outlet: str, text: str, **kw: object) -> ClaimOut:
    (only,) = claims_of(outlet, text, **kw)  # type: ignore[arg-type]
    return only
