"""Who is reviewing: sign-in, the session cookie, and the CSRF token every action carries.

A reviewer signs in with a name, plus the shared RECONCILE_API_TOKEN when one is configured
(without a token the service only binds loopback, so a name is enough). The session lives in
an encrypted, authenticated cookie (Litestar's client-side sessions) scoped to the dashboard's
routes; the JSON API never sees it and keeps using the bearer token. Each session holds a
random CSRF token that forms send back as a hidden field and scripts as X-CSRF-Token.

A cookie alone cannot be revoked, so each sign-in also records a random session id in the
database (store/sessions.py) and the cookie acts only while that record lives: signing out
deletes it, and a copy of the cookie replayed afterwards is an anonymous visitor's.

The CSRF check is ours rather than Litestar's CSRFConfig (2.25), which is a double-submit
cookie: its token lives in a second cookie of its own, not in the session, so signing in does
not replace it and an old page's forms keep working; its form field is fixed as `_csrf_token`
(the forms, their scripts and the tests send `csrf`); and it runs as middleware before the
guards, so a signed-out reviewer's post would be a 403 instead of the way to the sign-in page.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from collections.abc import Mapping
from typing import Any

from litestar import Request
from litestar.concurrency import sync_to_thread
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import DefineMiddleware
from litestar.middleware.session.base import SessionMiddleware
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig
from litestar.types import ASGIApp, Receive, Scope, Send

from reconcile.errors import InvalidInput, ReconcileError, Unauthorized
from reconcile.store import sessions
from reconcile.store.db import Database

COOKIE = "reconcile_session"
CSRF_FIELD = "csrf"
SESSION_ID = "sid"
CSRF_HEADER = "x-csrf-token"
SESSION_HOURS = 12
MAX_NAME = 80


class SignInRequired(Unauthorized):
    """Sign in as a reviewer to do this."""


class CsrfRejected(ReconcileError):
    """The form is stale or came from another site: reload the page and try again."""

    status_code = 403
    title = "Forbidden"


def session_secret(token: str | None) -> bytes:
    """The cookie key: derived from the API token, so sessions outlive a restart, or random.

    Hashing with a fixed label keeps the token itself out of the cipher and makes the key
    useless for anything but these cookies.
    """
    if token:
        return hashlib.sha256(b"reconcile dashboard sessions\x00" + token.encode()).digest()
    return secrets.token_bytes(32)


def session_config(token: str | None, secure: bool = False) -> CookieBackendConfig:
    return CookieBackendConfig(secret=session_secret(token), key=COOKIE,
                               max_age=SESSION_HOURS * 3600, httponly=True, samesite="lax",
                               secure=secure)


def _session_middleware(app: ASGIApp, config: CookieBackendConfig) -> ASGIApp:
    return SessionMiddleware(app=app, backend=ClientSideSessionBackend(config=config))


def session_middleware(token: str | None, secure: bool = False) -> DefineMiddleware:
    """The session middleware for a router.

    Built from the config when the router's stack is assembled, not before: Litestar deep-copies
    routers on registration, and the cipher object inside a ready backend cannot be copied.
    """
    return DefineMiddleware(_session_middleware, config=session_config(token, secure))


class LiveSessions:
    """Placed under the session middleware: a signed-in session whose record is gone (signed
    out, expired, or from before records were kept) is emptied before any handler sees it, and
    the response clears the cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        session = scope.get("session")
        if isinstance(session, dict) and session.get("reviewer"):
            db: Database = scope["app"].state["db"]
            if not await sync_to_thread(session_is_live, db, session):
                scope["session"] = {}
        await self.app(scope, receive, send)


def session_is_live(db: Database, session: Mapping[str, Any]) -> bool:
    session_id = session.get(SESSION_ID)
    if not isinstance(session_id, str):
        return False
    with db.transaction() as conn:
        return sessions.reviewer_of(conn, session_id) == session.get("reviewer")


def record_session(db: Database, session: Mapping[str, Any]) -> None:
    with db.transaction() as conn:
        sessions.start(conn, session[SESSION_ID], session["reviewer"], SESSION_HOURS * 3600)


def end_session(db: Database, session: Mapping[str, Any]) -> None:
    """Delete the session's record, so that its cookie stops acting wherever it is replayed."""
    session_id = session.get(SESSION_ID)
    if isinstance(session_id, str):
        with db.transaction() as conn:
            sessions.end(conn, session_id)


def reviewer_name(raw: str) -> str:
    """A usable reviewer name (spaces collapsed) or InvalidInput saying what is wrong."""
    name = " ".join(raw.split())
    if not name:
        raise InvalidInput("enter your name", errors=[{"field": "name", "message": "required"}])
    if len(name) > MAX_NAME:
        raise InvalidInput("that name is too long", errors=[
            {"field": "name", "message": f"at most {MAX_NAME} characters"}])
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise InvalidInput("that name has control characters", errors=[
            {"field": "name", "message": "letters, digits, spaces and punctuation only"}])
    return name


def token_matches(given: str, expected: str | None) -> bool:
    """True when no token is configured, or when the given one matches (constant time)."""
    if not expected:
        return True
    return hmac.compare_digest(given.encode(), expected.encode())


def signed_in_session(name: str) -> dict[str, Any]:
    """A fresh session: a new id to record, and a new CSRF token on every sign-in, so an old
    page's forms stop working."""
    return {"reviewer": name, SESSION_ID: secrets.token_urlsafe(32),
            CSRF_FIELD: secrets.token_urlsafe(32)}


def ensure_csrf(session: Mapping[str, Any]) -> dict[str, Any]:
    """The session with a CSRF token in it (the sign-in form needs one before anyone signs in)."""
    if session.get(CSRF_FIELD):
        return dict(session)
    return {**session, CSRF_FIELD: secrets.token_urlsafe(32)}


def csrf_matches(session: Mapping[str, Any], given: str | None) -> bool:
    expected = session.get(CSRF_FIELD)
    if not expected or not given:
        return False
    return hmac.compare_digest(str(expected).encode(), given.encode())


def session_of(connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any]:
    """The session's data, {} when there is none (no cookie yet, or just cleared)."""
    data = connection.scope.get("session")
    return data if isinstance(data, dict) else {}


def current_reviewer(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    name = session_of(connection).get("reviewer")
    return name if isinstance(name, str) and name else None


def require_reviewer(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if current_reviewer(connection) is None:
        raise SignInRequired()


async def require_csrf(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
                       ) -> None:
    """The session's token must come back, in the X-CSRF-Token header or the form's csrf field."""
    given = connection.headers.get(CSRF_HEADER)
    if not given and isinstance(connection, Request):
        form = await connection.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not csrf_matches(session_of(connection), given):
        raise CsrfRejected()
