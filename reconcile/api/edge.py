"""What a request must be before any handler sees it: one guard for the whole app.

- Every string it carries (query parameters, JSON fields, form fields) can be stored: PostgreSQL
  text holds no NUL, and UTF-8 no half of a surrogate pair. Refused with a 422 naming the
  field, rather than failing in the driver as a 5xx.
- A write to /api/ (but a DELETE, which has no body) is JSON, said so in its Content-Type
  (415 otherwise): a page of another site can post text/plain without a CORS preflight, but not
  application/json. Its body is one JSON value, not empty, not malformed, not nested deeper
  than any request of this API (400).
- Without an API token nothing else stops another site's page in the operator's browser, so a
  write whose Origin is not this service's own is refused (403). With a token it needs the
  token, which such a page does not have.

The dashboard's forms (form-encoded, with their CSRF token) keep their content type; their
fields are checked like the rest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import SerializationException
from litestar.handlers.base import BaseRouteHandler

from reconcile.errors import BadRequest, ForeignOrigin, InvalidInput, UnsupportedMediaType

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
API_PREFIX = "/api/"
FORMS = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
MAX_JSON_DEPTH = 32
"""Deeper than any body this API takes (they are one level, two with lists)."""
MAX_REPORTED = 20

_SURROGATE = re.compile("[\\ud800-\\udfff]")
# JSON escapes that decode to NUL or a surrogate: only a body holding one is read a second time
# (by the standard library, which keeps a lone surrogate, so the field can be named).
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def unstorable(text: str) -> str | None:
    """What in `text` PostgreSQL cannot store, or None when it can all be stored."""
    if "\x00" in text:
        return "contains U+0000 (NUL), which cannot be stored"
    found = _SURROGATE.search(text)
    if found:
        return (f"contains U+{ord(found.group()):04X}, half of a surrogate pair, which cannot "
                "be stored")
    return None


def check_fields(pairs: Iterable[tuple[str, Any]], where: str) -> None:
    """InvalidInput naming each field whose name or string value cannot be stored."""
    errors = []
    for name, value in pairs:
        if why := unstorable(name):
            errors.append({"field": where, "message": f"a name {why}"})
        elif isinstance(value, str) and (why := unstorable(value)):
            errors.append({"field": name, "message": why})
    _raise_if(errors)


def check_json_value(value: Any) -> None:
    """BadRequest when nested deeper than MAX_JSON_DEPTH; InvalidInput naming each field (a
    dotted path, list items by index) holding a string that cannot be stored."""
    errors: list[dict[str, str]] = []
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise BadRequest(f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep")
        if isinstance(item, str):
            if why := unstorable(item):
                errors.append({"field": path or "body", "message": why})
        elif isinstance(item, dict):
            for key, sub in reversed(item.items()):
                if why := unstorable(key):
                    errors.append({"field": path or "body", "message": f"a field name {why}"})
                else:
                    stack.append((sub, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(item, list):
            stack.extend((sub, f"{path}[{i}]", depth + 1) for i, sub in reversed(
                list(enumerate(item))))
    _raise_if(errors)


def _raise_if(errors: list[dict[str, str]]) -> None:
    if errors:
        errors = errors[:MAX_REPORTED]
        raise InvalidInput("; ".join(f"{e['field']}: {e['message']}" for e in errors),
                           errors=errors)


def media_type(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    return connection.headers.get("content-type", "").partition(";")[0].strip().lower()


def is_json(media: str) -> bool:
    kind, _, subtype = media.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


def same_origin(origin: str, host: str) -> bool:
    """Whether an Origin header names the site at `host` (a Host header: name[:port])."""
    own = urlsplit("//" + host)
    theirs = urlsplit(origin)
    default = _DEFAULT_PORTS.get(theirs.scheme)
    try:
        return (default is not None and theirs.hostname is not None
                and (theirs.hostname, theirs.port or default) == (own.hostname,
                                                                  own.port or default))
    except ValueError:  # a port that is not a number
        return False


def check_origin(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """A write from a browser must come from a page of this service (no token set only)."""
    if connection.app.state.get("api_token"):
        return
    origin = connection.headers.get("origin")
    if origin is None:  # not a browser, or a browser on a same-origin GET-like request
        return
    # A proxy in front may rewrite Host; a page cannot set X-Forwarded-Host without a CORS
    # preflight, which this service never grants.
    hosts = [h for h in (connection.headers.get("host"),
                         connection.headers.get("x-forwarded-host")) if h]
    if not any(same_origin(origin, h.split(",")[0].strip()) for h in hosts):
        raise ForeignOrigin()


async def check_json_body(request: Request[Any, Any, Any]) -> None:
    body = await request.body()
    if not body.strip():
        raise BadRequest("the body is empty: send a JSON object")
    if _SUSPECT_ESCAPE.search(body):
        try:
            value = json.loads(body)
        except (ValueError, RecursionError):
            pass  # malformed: the decoder below says how
        else:
            check_json_value(value)
    try:
        value = await request.json()
    except RecursionError as exc:
        raise BadRequest(f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep") from exc
    except SerializationException as exc:
        raise BadRequest(f"malformed JSON: {exc.detail}") from exc
    check_json_value(value)


async def check_request(connection: ASGIConnection[Any, Any, Any, Any],
                        _: BaseRouteHandler) -> None:
    """The app's guard: see the module's docstring."""
    check_fields(connection.query_params.multi_items(), "query")
    if connection.scope.get("method") not in WRITES or not isinstance(connection, Request):
        return
    check_origin(connection)
    media = media_type(connection)
    if connection.scope["path"].startswith(API_PREFIX):
        # A DELETE names what it removes in its path and has no body to check; a browser sends
        # one across sites only after a CORS preflight, which this service never grants.
        if connection.scope.get("method") == "DELETE":
            return
        if not is_json(media):
            raise UnsupportedMediaType(
                f"writes take JSON; this one came as {media[:100] or 'no content type'}")
        await check_json_body(connection)
    elif media in FORMS:
        check_fields((await connection.form()).multi_items(), "form")
