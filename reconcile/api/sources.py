from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter

from reconcile.api.cached import respond
from reconcile.api.params import Cursor
from reconcile.api.readcache import ReadCache
from reconcile.models import SourcePage
from reconcile.store.repo import an_offset, decode_cursor, encode_cursor
from reconcile.truth.estimates import Truth


@get("/api/sources", operation_id="listSources", tags=["sources"])
async def list_sources(
    request: Request[Any, Any, Any],
    truth: NamedDependency[Truth],
    cache: NamedDependency[ReadCache],
    kind: FromQuery[Literal["outlet", "source"] | None] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
    cursor: Cursor = None,
) -> Response[SourcePage]:
    """Outlets and credited sources with their reliability and the number of claims behind it."""
    offset: int = decode_cursor(cursor, an_offset)[0] if cursor else 0

    def build() -> SourcePage:
        items = truth.sources(kind)
        page = items[offset : offset + limit]
        more = offset + limit < len(items)
        return SourcePage(items=page, next=encode_cursor(offset + limit) if more else None)

    return await respond(request, cache, build)
