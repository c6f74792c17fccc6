"""The OpenAPI document's error responses: each operation lists the problems it can answer.

Litestar documents a handler's success response, and for invalid input an error body of its
own shape; every error here is an RFC 9457 problem (api/problems.py) instead. ErrorResponses
gives each documented handler, as its route is registered, the error statuses it can answer
with, each with the Problem schema under application/problem+json, decided by what the
operation is (error_statuses), so a new endpoint is documented without a list to keep up.

What a request may carry is documented as the service takes it, so that a client (or a fuzzer)
writing requests from the document writes ones the service accepts, and only those:
PydanticModels states what Litestar leaves out of a pydantic model (extra="forbid", a field's
pattern), and DocumentConfig serves a Document whose request strings are refined
(refine_requests): no NUL, which the edge refuses; a URL as an http(s) URI.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from litestar._openapi.schema_generation import SchemaCreator
from litestar.openapi import OpenAPIConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPI, Schema
from litestar.plugins import ReceiveRoutePlugin
from litestar.plugins.pydantic import PydanticSchemaPlugin
from litestar.routes import BaseRoute, HTTPRoute
from litestar.typing import FieldDefinition
from pydantic import BaseModel

from reconcile.api.problems import PROBLEM_JSON
from reconcile.models import Problem

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

WHY: dict[int, str] = {
    400: "Bad request: unreadable or empty JSON, an invalid cursor",
    401: "Unauthorized: RECONCILE_API_TOKEN is set and the bearer token is missing or wrong",
    403: "Forbidden: a write from another site's page (foreign Origin) while no token is set",
    404: "Not found: no such resource",
    409: "Conflict: the request does not fit the stored state: a story merged into itself, "
         "or what it changes was changed by another request meanwhile; read it again and retry",
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


# --- the request schemas, as the service takes them ------------------------------------------

NUL_FREE = "^[^\\u0000]*$"
"""Text PostgreSQL can store (api/edge.py refuses a NUL with a 422): the pattern of each
request string that states none of its own."""

HTTP_URL = {"format": "uri", "minLength": 1, "maxLength": 2083, "pattern": (
    "^https?://([A-Za-z0-9-]{1,63}\\.)*[A-Za-z][A-Za-z0-9-]{0,62}(:[0-9]{1,4})?"
    "(/[A-Za-z0-9._~/-]*)?$")}
"""A pydantic HttpUrl as a JSON Schema validator knows it (Litestar writes `format: url`, a
format none knows): an http or https URL of at most 2083 characters. The pattern is narrower
than what the service takes (no query, no user, no IP address), so that every URL it describes
is one the service takes; it is what a client generating requests from the document writes."""

_OWN_GRAMMAR = ("pattern", "enum", "const", "format")


class PydanticModels(PydanticSchemaPlugin):
    """Pydantic models as Litestar documents them, with what it leaves out: a model that
    refuses unknown fields (extra="forbid") says so, `additionalProperties: false`; its
    json_schema_extra and a field's `pattern` (Field(pattern=...)) are stated."""

    def to_openapi_schema(self, field_definition: FieldDefinition,
                          schema_creator: SchemaCreator) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        model = field_definition.annotation
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return schema
        if model.model_config.get("extra") == "forbid":
            schema.additional_properties = False
        extra = model.model_config.get("json_schema_extra")
        if isinstance(extra, dict):  # as pydantic's own JSON Schema has it
            aliases = schema.field_aliases()
            for key, value in extra.items():
                setattr(schema, aliases.get(key, key), value)
        for name, info in model.model_fields.items():
            prop = (schema.properties or {}).get(name)
            pattern = next((m.pattern for m in info.metadata
                            if isinstance(getattr(m, "pattern", None), str)), None)
            if isinstance(prop, Schema) and pattern and not prop.pattern:
                prop.pattern = pattern
        return schema


def refine_requests(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with each string a request can carry (a parameter, a body field) stated as
    the service takes it: free text without NUL (NUL_FREE), a URL as HTTP_URL."""
    components: dict[str, Any] = document.get("components", {}).get("schemas", {})
    seen: set[str] = set()

    def visit(schema: Any, constrained: bool) -> None:
        if not isinstance(schema, dict):
            return
        if isinstance(ref := schema.get("$ref"), str):
            name = ref.rpartition("/")[2]
            if name not in seen and name in components:
                seen.add(name)
                visit(components[name], False)
            return
        if schema.get("format") == "url":
            schema.update(HTTP_URL)
        types = schema.get("type")
        is_text = types == "string" or (isinstance(types, list) and "string" in types)
        constrained = constrained or any(key in schema for key in _OWN_GRAMMAR)
        if is_text and not constrained:
            schema["pattern"] = NUL_FREE
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in schema.get(key, ()):
                visit(sub, constrained)
        for sub in (schema.get("properties") or {}).values():
            visit(sub, False)
        visit(schema.get("items"), False)
        visit(schema.get("additionalProperties"), False)

    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", ()):
                visit(parameter.get("schema"), False)
            for media in (operation.get("requestBody") or {}).get("content", {}).values():
                visit(media.get("schema"), False)
            if any(p.get("name") == "format" and p.get("in") == "query"
                   for p in operation.get("parameters", ())):
                # ?format=csv answers the same list as a spreadsheet (api/exports.py)
                ok = operation.get("responses", {}).get("200")
                if isinstance(ok, dict):
                    ok.setdefault("content", {})["text/csv"] = {
                        "schema": {"type": "string", "description": CSV_DESCRIPTION}}
    return document


CSV_DESCRIPTION = ("?format=csv: a byte order mark, one header row, one row per claim; the next "
                   "page in a Link header")


@dataclass
class Document(OpenAPI):
    """The OpenAPI document as served: Litestar's, its request schemas refined."""

    def to_schema(self) -> dict[str, Any]:
        return refine_requests(super().to_schema())


@dataclass
class DocumentConfig(OpenAPIConfig):
    """OpenAPIConfig whose document is a Document."""

    def to_openapi_schema(self) -> OpenAPI:
        base = super().to_openapi_schema()
        return Document(**{f.name: getattr(base, f.name) for f in fields(base)})
