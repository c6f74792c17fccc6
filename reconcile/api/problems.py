"""The one place where errors become RFC 9457 problem details.

`problem_of` reads every exception a request can raise (ours, Litestar's validation and HTTP
exceptions, anything unexpected) into one `Problem`. The API, the dashboard's JSON twins and
every unrouted request answer it as application/problem+json (`HANDLERS`); the dashboard's
pages answer the same `Problem` as their HTML error page (dashboard/responses.py), registered on
the pages' router, which Litestar prefers to the app's handler for the routes under it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap

from reconcile.errors import ReconcileError

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"

TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
          405: "Method not allowed", 413: "Request body too large"}
"""Titles for Litestar's own HTTP exceptions, which carry a status but no title."""


@dataclass(frozen=True)
class Problem:
    """What went wrong, as RFC 9457 names it; `errors` lists each bad field and why."""

    status: int
    title: str
    detail: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    headers: dict[str, str] | None = None

    def body(self) -> dict[str, Any]:
        return {"type": "about:blank", "title": self.title, "status": self.status,
                "detail": self.detail, "errors": self.errors}

    def response(self) -> Response[dict[str, Any]]:
        return Response(content=self.body(), status_code=self.status, media_type=PROBLEM_JSON,
                        headers=self.headers)


def field_errors(extra: Any) -> list[dict[str, Any]]:
    """Litestar's per-field messages as {field, message}: the field a client sent (a query
    parameter, a body field, or the body itself) and what was wrong with it."""
    out = []
    for item in extra if isinstance(extra, list) else []:
        if isinstance(item, dict):
            name = item.get("key") or item.get("loc") or item.get("source") or "body"
            out.append({"field": str(name), "message": str(item.get("message", item))})
    return out


def summary(errors: list[dict[str, Any]]) -> str:
    """The field errors in one line, as a problem's detail when nothing better describes it."""
    return "; ".join(f"{e['field']}: {e['message']}" for e in errors)


def problem_of(exc: Exception, *, page: bool = False) -> Problem:
    """The problem an exception stands for. `page`: the request came from a dashboard page."""
    if isinstance(exc, ReconcileError):
        if exc.status_code >= 500:
            log.error("request failed", extra={"action": "error", "detail": exc.detail})
        return Problem(exc.status_code, exc.title, exc.detail, list(exc.extra.get("errors", [])))
    if isinstance(exc, ValidationException):
        errors = field_errors(exc.extra)
        detail = summary(errors) or str(exc.detail)
        # A page's links and forms only send values the page offered, so a field that fails
        # Litestar's validation there is a broken or forged request (400), not a reviewer's
        # input to correct; the input reviewers type is checked by our code (InvalidInput, 422).
        if errors and not page:
            return Problem(422, "Invalid input", detail, errors)
        return Problem(400, "Bad request", detail, errors)
    if isinstance(exc, HTTPException):
        return Problem(exc.status_code, TITLES.get(exc.status_code, "Error"), str(exc.detail),
                       field_errors(exc.extra), dict(exc.headers or {}) or None)
    log.exception("unexpected error", extra={"action": "error"})
    return Problem(500, "Internal error", f"unexpected {type(exc).__name__}; see the server log")


def on_error(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    return problem_of(exc).response()


# Exception is last in every exception's MRO, so this one entry catches everything; the pages'
# router overrides it with the HTML page the same way.
HANDLERS: ExceptionHandlersMap = {Exception: on_error}
