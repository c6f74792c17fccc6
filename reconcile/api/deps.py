"""What handlers get injected: the database, the ingest service, the write guard."""

from __future__ import annotations

import hmac
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.handlers.base import BaseRouteHandler

from reconcile.api.readcache import ReadCache
from reconcile.errors import Unauthorized
from reconcile.ingest import Ingestor
from reconcile.store.db import Database
from reconcile.truth.estimates import Truth
from reconcile.web.fetch import Fetcher


def require_token(connection: ASGIConnection[Any, Any, Any, Any],
                  handler: BaseRouteHandler) -> None:
    """Writes need 'Authorization: Bearer <RECONCILE_API_TOKEN>' when a token is configured."""
    token: str | None = connection.app.state.get("api_token")
    if not token:
        return
    # Bytes against bytes: compare_digest refuses a str with non-ASCII in it ('Bearer é' was a
    # 500), and the header's raw bytes let a non-ASCII token sent as UTF-8 match.
    if not hmac.compare_digest(bearer_token(connection), token.encode()):
        raise Unauthorized("this write needs 'Authorization: Bearer <RECONCILE_API_TOKEN>'")


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> bytes:
    """The bytes after 'Bearer ' in the Authorization header as sent; b'' when there are none."""
    for name, value in connection.scope["headers"]:
        if name.lower() == b"authorization":
            scheme, _, given = value.strip().partition(b" ")
            return given.strip() if scheme.lower() == b"bearer" else b""
    return b""


def provide_db(state: State) -> Database:
    db: Database = state.db
    return db


def provide_ingestor(state: State) -> Ingestor:
    ingestor: Ingestor = state.ingestor
    return ingestor


def provide_truth(state: State) -> Truth:
    truth: Truth = state.truth
    return truth


def provide_cache(state: State) -> ReadCache:
    cache: ReadCache = state.cache
    return cache


def provide_fetcher(state: State) -> Fetcher:
    fetcher: Fetcher = state.fetcher
    return fetcher
