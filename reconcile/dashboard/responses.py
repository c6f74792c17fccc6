"""How dashboard handlers answer: a page, a fragment for the page's script, or an error page.

The JSON API answers errors with problem details (api/problems.py); a browser on a dashboard
page gets the same status and message as an HTML page instead, and the page's script (which
asks with X-Fragment) gets a small fragment it can show in place.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode, urlsplit

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Redirect, Template
from litestar.types import ExceptionHandlersMap

from reconcile.dashboard import paths
from reconcile.dashboard.auth import CSRF_FIELD, SignInRequired, current_reviewer, session_of
from reconcile.errors import ReconcileError

log = logging.getLogger(__name__)
FRAGMENT_HEADER = "x-fragment"

CSP = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])
"""Nothing inline and nothing from elsewhere: article text cannot run, even if it got through."""

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def wants_fragment(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get(FRAGMENT_HEADER) == "1"


def viewer(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """Who is looking, for the header and the forms: name (or None) and CSRF token."""
    return {"name": current_reviewer(request), "csrf": session_of(request).get(CSRF_FIELD, "")}


def page(request: Request[Any, Any, Any], template: str, status_code: int = 200,
         **context: Any) -> Template:
    # The router adds SECURITY_HEADERS to handlers' responses, but not to those of exception
    # handlers; naming them here covers error pages too.
    return Template(template_name=template, status_code=status_code, headers=SECURITY_HEADERS,
                    context={**context, "viewer": viewer(request), "paths": paths})


def back_to(request: Request[Any, Any, Any]) -> str:
    """Where to send a reviewer after signing in: this page, or for a form the page it was on."""
    if request.method == "GET":
        query = request.url.query
        return paths.safe_next(request.url.path + (f"?{query}" if query else ""))
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc != request.headers.get("host"):
        return paths.QUEUE
    return paths.safe_next(referer.path + (f"?{referer.query}" if referer.query else ""))


def error_parts(exc: Exception) -> tuple[int, str, str, list[dict[str, Any]]]:
    """(status, title, detail, field errors) for any exception a dashboard handler raises."""
    if isinstance(exc, ReconcileError):
        return exc.status_code, exc.title, exc.detail, list(exc.extra.get("errors", []))
    if isinstance(exc, ValidationException):
        extra = exc.extra if isinstance(exc.extra, list) else []
        errors = [{"field": str(e.get("key") or e.get("source") or "request"),
                   "message": str(e.get("message", e))} for e in extra if isinstance(e, dict)]
        return 400, "Bad request", str(exc.detail), errors
    if isinstance(exc, HTTPException):
        return exc.status_code, "Error", str(exc.detail), []
    log.exception("unexpected error", extra={"action": "error"})
    return 500, "Internal error", f"unexpected {type(exc).__name__}; see the server log", []


def on_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, SignInRequired) and not wants_fragment(request):
        return Redirect(path=paths.SIGN_IN + "?" + urlencode({"next": back_to(request)}),
                        status_code=303)
    status, title, detail, errors = error_parts(exc)
    template = "_error.html" if wants_fragment(request) else "error.html"
    return page(request, template, status_code=status, status=status, title=title,
                detail=detail, errors=errors)


# Every class the app maps to problem details is named again, so that on dashboard routes the
# most specific match (Litestar walks the exception's MRO) is this handler, not the API's.
HTML_HANDLERS: ExceptionHandlersMap = {
    ReconcileError: on_error, ValidationException: on_error, HTTPException: on_error,
    Exception: on_error,
}
