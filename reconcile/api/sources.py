from __future__ import annotations

from typing import Annotated, Literal

from litestar import get
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter

from reconcile.models import SourcePage
from reconcile.store.repo import decode_cursor, encode_cursor
from reconcile.truth import Truth


@get("/api/sources", operation_id="listSources", sync_to_thread=True, tags=["sources"])
def list_sources(
    truth: NamedDependency[Truth],
    kind: FromQuery[Literal["outlet", "source"] | None] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
    cursor: FromQuery[str | None] = None,
) -> SourcePage:
    """Outlets and credited sources with their reliability and the number of claims behind it."""
    items = truth.sources(kind)
    offset = int(decode_cursor(cursor, 1)[0]) if cursor else 0
    page = items[offset : offset + limit]
    more = offset + limit < len(items)
    return SourcePage(items=page, next=encode_cursor(offset + limit) if more else None)
