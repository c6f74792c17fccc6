"""The OpenAPI document's error responses: each operation lists the problems it can answer.

Litestar documents a handler's success response, and for invalid input an error body of its
own shape; every error here is an RFC 9457 problem (api/problems.py) instead. ErrorResponses
gives each documented handler, as its route is registered, the error statuses it can answer
with, each with the Problem schema under application/problem+json, decided by what the
operation is (error_statuses), so a new endpoint is documented without a list to keep up.
"""

from __future__ import annotations

from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute

from reconcile.api.problems import PROBLEM_JSON
from reconcile.models import Problem

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

WHY: dict[int, str] = {
    400: "Bad request: unreadable or empty JSON, an invalid cursor",
    401: "Unauthorized: RECONCILE_API_TOKEN is set and the bearer token is missing or wrong",
    403: "Forbidden: a write from another site's page (foreign Origin) while no token is set",
    404: "Not found: no such resource",
    413: "Request body too large: more than RECONCILE_MAX_BODY_BYTES",
    415: "Unsupported media type: writes take 'Content-Type: application/json'",
    422: "Invalid input: a field or parameter is not valid; `errors` names each",
    503: "Unavailable: the database or the model cannot serve now, or the request ran past "
         "RECONCILE_REQUEST_TIMEOUT_S (nothing of it was stored); try again",
}


def error_statuses(path: str, method: str, *, finds_one: bool) -> list[int]:
    """The error statuses an operation can answer with.

    Every operation can find the database or the model unavailable, or run out of time; every
    operation under /api reads parameters or a body that can be malformed or invalid; one
    that names a resource (in its path, or by a required query parameter) can miss it; a write
    passes the token and origin checks and reads a JSON body of bounded size.
    """
    if not path.startswith("/api"):
        return [503]
    statuses = {400, 422, 503}
    if finds_one:
        statuses.add(404)
    if method in WRITES:
        statuses |= {401, 403, 413, 415}
    return sorted(statuses)


def problem_response(status: int) -> ResponseSpec:
    return ResponseSpec(data_container=Problem, media_type=PROBLEM_JSON, description=WHY[status],
                        generate_examples=False)


class ErrorResponses(ReceiveRoutePlugin):
    """Adds the error responses of error_statuses to each documented handler of a route."""

    def receive_route(self, route: BaseRoute) -> None:
        if not isinstance(route, HTTPRoute):
            return
        for method, (handler, kwargs) in route.route_handler_map.items():
            if not handler.resolve_include_in_schema():
                continue
            finds_one = bool(route.path_parameters) or any(
                p.is_required for p in kwargs.expected_query_params)
            declared = dict(handler.responses or {})
            handler.responses = {
                **{status: problem_response(status)
                   for status in error_statuses(route.path, method, finds_one=finds_one)},
                **declared,  # what a handler documents itself wins
            }
