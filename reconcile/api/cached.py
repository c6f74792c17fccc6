"""GET responses through the read cache, with ETags: the one place handlers get JSON bytes from.

A handler hands over a function that builds its pydantic model; it runs in a worker thread on a
miss (it queries the database), and its JSON, encoded exactly as Litestar would have encoded the
model, is kept in the ReadCache. Concurrent misses of one key at one generation share one build
(reconcile/api/flights.py), so the readers arriving just after a write cost one build, not one each.
Clients that send the ETag back in If-None-Match get 304 Not Modified while nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import parse_qsl, urlencode

import anyio.to_thread
import msgspec
from litestar import Request, Response
from litestar.enums import MediaType
from pydantic import BaseModel

from reconcile.api.flights import Flights
from reconcile.api.readcache import Page, ReadCache, Scope

M = TypeVar("M", bound=BaseModel)

CACHE_CONTROL = "no-cache"  # clients may keep a copy but must revalidate it (ETag) each time


def key_of(request: Request[Any, Any, Any]) -> str:
    """The cache key of a GET: its path and its query, parameters in a canonical order."""
    # By name only: a repeated parameter keeps its order, which decides the value it takes.
    query = sorted(parse_qsl(request.url.query or "", keep_blank_values=True),
                   key=lambda pair: pair[0])
    return request.url.path + ("?" + urlencode(query) if query else "")


def encode(model: BaseModel) -> bytes:
    # What Litestar's pydantic plugin does with a returned model (model_dump, then msgspec).
    return msgspec.json.encode(model.model_dump(mode="json"))


def _build(build: Callable[[], M], scope: Callable[[M], Scope] | None) -> tuple[Page, Scope]:
    model = build()
    return Page.of(encode(model)), scope(model) if scope is not None else None


async def _build_and_keep(cache: ReadCache, key: str, generation: int, build: Callable[[], M],
                          scope: Callable[[M], Scope] | None) -> Page:
    page, read_from = await anyio.to_thread.run_sync(_build, build, scope)
    cache.put(key, generation, page, read_from)
    return page


def flights_of(request: Request[Any, Any, Any]) -> Flights[Page]:
    """The app's page builds in flight (reconcile.app puts one Flights in its state)."""
    flights: Flights[Page] = request.app.state.page_flights
    return flights


async def respond(request: Request[Any, Any, Any], cache: ReadCache, build: Callable[[], M],
                  scope: Callable[[M], Scope] | None = None) -> Response[M]:
    """The JSON of build()'s model, from the cache when the data has not changed since.

    `scope` names what a model was read from, when it was read from less than everything:
    one story (an article's, a story's list), or one cluster of it, (story, cluster id) (a
    cluster's page, a conflict's); the page then stays valid while the rest changes. Without
    it, any write makes it stale. Typed as a Response of the model (that is what the OpenAPI
    schema shows): the body is that model's JSON, already encoded.
    """
    page = await _page(request, cache, build, scope)
    headers = {"ETag": page.etag, "Cache-Control": CACHE_CONTROL}
    if _matches(request.headers.get("if-none-match"), page.etag):
        return cast(Response[M], Response(b"", status_code=304, headers=headers,
                                          media_type=MediaType.JSON))
    return cast(Response[M], Response(page.body, headers=headers, media_type=MediaType.JSON))


async def _page(request: Request[Any, Any, Any], cache: ReadCache, build: Callable[[], M],
                scope: Callable[[M], Scope] | None) -> Page:
    key = key_of(request)
    generation = cache.generation()  # before anything is read
    page = cache.get(key)
    if page is not None:
        return page
    if generation is None:  # freshness unknown (cache off, feed down): nothing kept or shared
        built, _ = await anyio.to_thread.run_sync(_build, build, scope)
        return built
    started = generation
    return await flights_of(request).run(
        (key, started), lambda: _build_and_keep(cache, key, started, build, scope))


def _matches(header: str | None, etag: str) -> bool:
    """If-None-Match (RFC 9110 13.1.2): '*', or any listed tag, compared weakly."""
    if not header:
        return False
    if header.strip() == "*":
        return True
    return etag in {t.strip().removeprefix("W/") for t in header.split(",")}
