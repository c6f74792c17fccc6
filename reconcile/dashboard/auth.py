"""Who is reviewing: sign-in, the session cookie, and the CSRF token every action carries.

A reviewer signs in with a name, plus the shared RECONCILE_API_TOKEN when one is configured
(without a token the service only binds loopback, so a name is enough). The session lives in
an encrypted, authenticated cookie (Litestar's client-side sessions) scoped to the dashboard's
routes; the JSON API never sees it and keeps using the bearer token. Each session holds a
random CSRF token that forms send back as a hidden field and scripts as X-CSRF-Token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from collections.abc import Mapping
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import DefineMiddleware
from litestar.middleware.session.base import SessionMiddleware
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig
from litestar.types import ASGIApp

from reconcile.errors import InvalidInput, ReconcileError, Unauthorized

COOKIE = "reconcile_session"
CSRF_FIELD = "csrf"
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


def session_config(token: str | None) -> CookieBackendConfig:
    return CookieBackendConfig(secret=session_secret(token), key=COOKIE,
                               max_age=SESSION_HOURS * 3600, httponly=True, samesite="lax")


def _session_middleware(app: ASGIApp, config: CookieBackendConfig) -> ASGIApp:
    return SessionMiddleware(app=app, backend=ClientSideSessionBackend(config=config))


def session_middleware(token: str | None) -> DefineMiddleware:
    """The session middleware for a router.

    Built from the config when the router's stack is assembled, not before: Litestar deep-copies
    routers on registration, and the cipher object inside a ready backend cannot be copied.
    """
    return DefineMiddleware(_session_middleware, config=session_config(token))


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
    """A fresh session: a new CSRF token on every sign-in, so an old page's forms stop working."""
    return {"reviewer": name, CSRF_FIELD: secrets.token_urlsafe(32)}


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
