"""How dashboard handlers answer: a page, a fragment for the page's script, or an error page.

Errors are read once into a Problem (api/problems.py), as for the JSON API; a browser on a
dashboard page gets that problem as an HTML page instead, and the page's script (which asks
with X-Fragment) gets a small fragment it can show in place.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from litestar import Request, Response
from litestar.response import Redirect, Template
from litestar.types import ExceptionHandlersMap

from reconcile.api.problems import Problem, problem_of, summary
from reconcile.dashboard import paths
from reconcile.dashboard.auth import CSRF_FIELD, SignInRequired, current_reviewer, session_of

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


def error_page(request: Request[Any, Any, Any], problem: Problem) -> Response[Any]:
    """The problem as the HTML error page, or as the fragment the page's script shows."""
    template = "_error.html" if wants_fragment(request) else "error.html"
    # A detail that already spells out every field error is not followed by the same list.
    errors = [] if problem.detail == summary(problem.errors) else problem.errors
    return page(request, template, status_code=problem.status, status=problem.status,
                title=problem.title, detail=problem.detail, errors=errors)


def on_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, SignInRequired) and not wants_fragment(request):
        return Redirect(path=paths.SIGN_IN + "?" + urlencode({"next": back_to(request)}),
                        status_code=303)
    return error_page(request, problem_of(exc, page=True))


# Registered on the pages' router, this overrides the app's problem+json handler there.
HTML_HANDLERS: ExceptionHandlersMap = {Exception: on_error}
