"""The one place where errors become RFC 9457 problem details (application/problem+json)."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap

from reconcile.errors import ReconcileError

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"


def problem(status: int, title: str, detail: str, errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status,
                            "detail": detail, "errors": errors or []}
    return Response(content=body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field_errors(extra: Any) -> list[dict[str, Any]]:
    out = []
    for item in extra if isinstance(extra, list) else []:
        if isinstance(item, dict):
            field = item.get("key") or item.get("loc") or item.get("source") or "body"
            out.append({"field": str(field), "message": str(item.get("message", item))})
    return out


def on_reconcile_error(_: Request[Any, Any, Any], exc: ReconcileError) -> Response[Any]:
    errors = exc.extra.get("errors", [])
    if exc.status_code >= 500:
        log.error("request failed", extra={"action": "error", "detail": exc.detail})
    return problem(exc.status_code, exc.title, exc.detail, errors)


def on_validation_error(_: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors = _field_errors(exc.extra)
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or str(exc.detail)
    return problem(422 if errors else 400, "Invalid input" if errors else "Bad request", detail,
                   errors)


def on_http_error(_: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    titles = {404: "Not found", 405: "Method not allowed", 413: "Request body too large",
              401: "Unauthorized", 403: "Forbidden", 400: "Bad request"}
    status = exc.status_code
    headers = dict(exc.headers or {})
    return problem(status, titles.get(status, "Error"), str(exc.detail), _field_errors(exc.extra),
                   headers=headers or None)


def on_unexpected(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unexpected error", extra={"action": "error"})
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, "Internal error",
                   f"unexpected {type(exc).__name__}; see the server log")


HANDLERS: ExceptionHandlersMap = {
    ReconcileError: on_reconcile_error,
    ValidationException: on_validation_error,
    HTTPException: on_http_error,
    Exception: on_unexpected,
}
