"""Which error responses an operation documents, and how its requests are documented, without
a server."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from reconcile.api.openapi import NUL_FREE, error_statuses, refine_requests
from reconcile.api.params import CURSOR_PATTERN, MAX_ID
from reconcile.models import ArticleIn, ArticlePost, ConflictPatch
from reconcile.store.repo import encode_cursor


@pytest.mark.parametrize(("path", "method", "finds_one", "expected"), [
    ("/health", "GET", False, [503]),
    ("/api/clusters", "GET", False, [400, 422, 503]),
    ("/api/clusters/{cluster_id}", "GET", True, [400, 404, 422, 503]),
    ("/api/articles", "POST", False, [400, 401, 403, 413, 415, 422, 503]),
])
def test_error_statuses_follow_from_what_an_operation_is(path: str, method: str,
                                                         finds_one: bool,
                                                         expected: list[int]) -> None:
    assert error_statuses(path, method, finds_one=finds_one) == expected


# --- request schemas as the service takes them ------------------------------------------------


def body_doc(component: dict[str, Any], parameter: dict[str, Any] | None = None
             ) -> dict[str, Any]:
    """A document with one operation: `component` as its body, `parameter` as its query."""
    return {"paths": {"/api/x": {"post": {
        "parameters": [{"name": "q", "in": "query", "schema": parameter or {"type": "integer"}}],
        "requestBody": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Body"}}}},
        "responses": {"200": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Out"}}}}}}}},
        "components": {"schemas": {"Body": component,
                                   "Out": {"type": "object",
                                           "properties": {"s": {"type": "string"}}}}}}


def test_a_free_request_string_is_documented_without_nul() -> None:
    doc = refine_requests(body_doc(
        {"type": "object", "properties": {
            "note": {"oneOf": [{"type": "string"}, {"type": "null"}], "maxLength": 5},
            "tags": {"type": "array", "items": {"type": "string"}}}},
        parameter={"oneOf": [{"type": "string"}, {"type": "null"}]}))
    body = doc["components"]["schemas"]["Body"]["properties"]
    assert body["note"]["oneOf"][0]["pattern"] == NUL_FREE
    assert body["tags"]["items"]["pattern"] == NUL_FREE
    assert doc["paths"]["/api/x"]["post"]["parameters"][0]["schema"]["oneOf"][0] == {
        "type": "string", "pattern": NUL_FREE}
    assert re.fullmatch(NUL_FREE, "any text at all, é 🙂") and not re.fullmatch(NUL_FREE, "a\0b")


@pytest.mark.parametrize("schema", [
    {"type": "string", "enum": ["a", "b"]},
    {"type": "string", "format": "date-time"},
    {"oneOf": [{"type": "string"}, {"type": "null"}], "pattern": "^[a-z]+$"},
])
def test_a_string_with_a_grammar_of_its_own_keeps_it(schema: dict[str, Any]) -> None:
    doc = refine_requests(body_doc({"type": "object", "properties": {}}, parameter=schema))
    refined = doc["paths"]["/api/x"]["post"]["parameters"][0]["schema"]
    assert "\\u0000" not in json.dumps(refined)


def test_response_schemas_are_left_as_they_are() -> None:
    doc = refine_requests(body_doc({"type": "object", "properties": {}}))
    assert doc["components"]["schemas"]["Out"]["properties"]["s"] == {"type": "string"}


def test_a_pydantic_url_is_documented_as_an_http_uri_the_service_takes() -> None:
    doc = refine_requests(body_doc({"type": "object", "properties": {
        "url": {"oneOf": [{"type": "string", "format": "url"}, {"type": "null"}]}}}))
    url = doc["components"]["schemas"]["Body"]["properties"]["url"]["oneOf"][0]
    assert url["format"] == "uri" and url["minLength"] == 1 and url["maxLength"] == 2083
    for text in ["http://a", "https://harbour.example:8080/troops/2024-10.html",
                 "http://x1.y-2.example/"]:
        assert re.fullmatch(url["pattern"], text)
        ArticleIn(outlet="o", text="t", url=text)  # type: ignore[arg-type]
    for text in ["", "ftp://a", "http://", "http://1.2.3.4", "http://a/\x00"]:
        assert not re.fullmatch(url["pattern"], text), text


def test_the_largest_path_id_is_exact_as_a_json_number() -> None:
    assert MAX_ID == 2**53 - 1
    assert int(float(MAX_ID)) == MAX_ID and int(float(MAX_ID + 1)) == MAX_ID + 1
    assert json.loads(json.dumps(float(MAX_ID))) == MAX_ID


@pytest.mark.parametrize("parts", [(1,), (MAX_ID,), (0.4217, 2**62), (10**6,)])
def test_every_cursor_the_api_writes_fits_the_documented_pattern(parts: tuple[Any, ...]
                                                                  ) -> None:
    assert re.fullmatch(CURSOR_PATTERN, encode_cursor(*parts))


@pytest.mark.parametrize("value", [0, "0", "1700000000", 1.5, True, "May 2024"])
def test_a_publication_time_is_iso_text_not_a_number(value: Any) -> None:
    with pytest.raises(ValidationError):
        ArticlePost(published_at=value)
    with pytest.raises(ValidationError):
        ArticleIn(outlet="o", text="t", published_at=value)


def test_a_publication_time_as_iso_text_or_a_datetime_is_taken() -> None:
    post = ArticlePost(published_at="2024-05-01T12:00:00Z")  # type: ignore[arg-type]
    assert post.published_at == datetime(2024, 5, 1, 12, tzinfo=UTC)
    assert ArticleIn(outlet="o", text="t", published_at=post.published_at).published_at


@pytest.mark.parametrize("value", [False, True, "5", "5.0"])
def test_an_accepted_value_is_a_number_not_a_bool_or_text(value: Any) -> None:
    with pytest.raises(ValidationError):
        ConflictPatch(accepted_value=value)
    assert ConflictPatch(accepted_value=5).accepted_value == 5.0
