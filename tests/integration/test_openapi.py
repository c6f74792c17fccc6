"""The OpenAPI document lists every error an operation can answer, as problem details, and
documents each request as the service takes it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar.testing import TestClient

from reconcile.models import STORY_PATTERN

Client = TestClient  # type: ignore[type-arg]
PROBLEM = "application/problem+json"


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    r = client.get("/schema/openapi.json")
    assert r.status_code == 200
    doc: dict[str, Any] = r.json()
    return doc


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method.upper(), op) for path, item in doc["paths"].items()
            for method, op in item.items()]


def test_every_error_response_is_a_problem_with_its_schema(document: dict[str, Any]) -> None:
    problem = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "errors"} <= set(problem["properties"])
    for path, method, op in operations(document):
        errors = {s: r for s, r in op["responses"].items() if int(s) >= 400}
        assert "503" in errors, (method, path)
        for status, response in errors.items():
            assert list(response["content"]) == [PROBLEM], (method, path, status)
            assert response["content"][PROBLEM]["schema"] == {
                "$ref": "#/components/schemas/Problem"}
            assert response["description"]


def test_api_operations_list_their_client_errors(document: dict[str, Any]) -> None:
    ops = {(method, path): set(op["responses"]) for path, method, op in operations(document)}
    assert {"400", "404", "422", "503"} <= ops[("GET", "/api/conflicts/{conflict_id}")]
    assert "404" not in ops[("GET", "/api/conflicts")]
    assert {"400", "401", "403", "413", "415", "422", "503"} <= ops[("POST", "/api/articles")]
    assert {"401", "403", "404", "413", "415", "422"} <= ops[
        ("PATCH", "/api/conflicts/{conflict_id}")]
    assert ops[("GET", "/health")] == {"200", "503"}


def test_a_merge_and_a_move_document_their_409(document: dict[str, Any]) -> None:
    for path, method in (("/api/stories/{story_id}/merge", "post"),
                         ("/api/articles/{article_id}", "patch")):
        conflict = document["paths"][path][method]["responses"]["409"]
        assert list(conflict["content"]) == [PROBLEM], path
        assert "merged into itself" in conflict["description"]


def test_the_lists_that_answer_csv_document_it(document: dict[str, Any]) -> None:
    for path in ("/api/conflicts", "/api/clusters"):
        content = document["paths"][path]["get"]["responses"]["200"]["content"]
        assert "text/csv" in content and "application/json" in content, path


def test_a_duplicate_article_answer_is_documented(document: dict[str, Any]) -> None:
    responses = document["paths"]["/api/articles"]["post"]["responses"]
    for status in ("200", "201"):
        assert responses[status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ArticleOut"}


def test_no_error_response_keeps_litestars_own_shape(document: dict[str, Any]) -> None:
    for path, method, op in operations(document):
        for status, response in op["responses"].items():
            if int(status) >= 400:
                assert "application/json" not in response.get("content", {}), (method, path)


def test_options_names_every_method_the_document_lists(client: Client,
                                                      document: dict[str, Any]) -> None:
    for path in ("/api/conflicts/1", "/api/articles", "/api/clusters"):
        documented = document["paths"][path.replace("/1", "/{conflict_id}")]
        allow = client.options(path).headers["allow"]
        assert set(allow.split(", ")) == {m.upper() for m in documented} | {"OPTIONS"}


# --- requests as the service takes them -------------------------------------------------------


def schemas_of_requests(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(where, schema) of every parameter and every body property an operation takes."""
    found = []
    components = doc["components"]["schemas"]
    for path, method, op in operations(doc):
        for p in op.get("parameters", []):
            found.append((f"{method} {path} {p['name']}", p["schema"]))
        for media in op.get("requestBody", {}).get("content", {}).values():
            model = components[media["schema"]["$ref"].rpartition("/")[2]]
            found += [(f"{method} {path} body.{name}", schema)
                      for name, schema in model["properties"].items()]
    return found


def strings_in(schema: dict[str, Any], grammar: bool = False
               ) -> list[tuple[dict[str, Any], bool]]:
    """Each string schema in `schema`, and whether it or a schema around it has a grammar."""
    grammar = grammar or any(k in schema for k in ("pattern", "enum", "const", "format"))
    own = [(schema, grammar)] if "string" in str(schema.get("type")) else []
    return own + [found for sub in schema.get("oneOf", []) + schema.get("anyOf", [])
                  for found in strings_in(sub, grammar)]


def test_no_request_string_may_hold_a_nul_by_the_document(document: dict[str, Any]) -> None:
    for where, schema in schemas_of_requests(document):
        for string, grammar in strings_in(schema):
            assert grammar, (where, schema)
            if string.get("pattern") and "enum" not in string:
                assert not re.fullmatch(string["pattern"], "a\x00b"), where


def test_path_ids_are_bounded_by_an_exact_json_integer(document: dict[str, Any]) -> None:
    ids = [(where, s) for where, s in schemas_of_requests(document)
           if where.endswith("_id") and s.get("type") == "integer"]
    assert len(ids) >= 6
    for where, schema in ids:
        assert schema["maximum"] == 2**53 - 1 and float(2**53 - 1) == 2**53 - 1, where


def test_every_cursor_documents_its_shape_and_its_400(document: dict[str, Any]) -> None:
    cursors = [(path, p["schema"]) for path, method, op in operations(document)
               for p in op.get("parameters", []) if p["name"] == "cursor"]
    mine = {"/api/clusters", "/api/conflicts", "/api/sources", "/api/stories", "/api/feeds"}
    assert mine <= {p for p, _ in cursors}
    for path, schema in [(p, s) for p, s in cursors if p in mine]:
        assert schema["pattern"] == "^[A-Za-z0-9_-]{0,200}$", path
        assert schema["maxLength"] == 200
        assert "400" in document["paths"][path]["get"]["responses"]


@pytest.mark.parametrize("model", ["ArticlePost", "ConflictPatch"])
def test_request_bodies_refuse_unknown_fields_by_the_document(document: dict[str, Any],
                                                             model: str) -> None:
    assert document["components"]["schemas"][model]["additionalProperties"] is False


def test_typed_body_fields_are_documented_as_their_type(document: dict[str, Any]) -> None:
    components = document["components"]["schemas"]
    post = components["ArticlePost"]["properties"]
    assert post["published_at"]["oneOf"][0] == {"type": "string", "format": "date-time"}
    url = post["url"]["oneOf"][0]
    assert (url["format"], url["minLength"]) == ("uri", 1)
    assert url["pattern"].startswith("^https?://")
    assert post["story"]["pattern"] == STORY_PATTERN
    assert components["ConflictPatch"]["minProperties"] == 1  # an empty decision is a 422
    assert components["ConflictPatch"]["properties"]["accepted_value"]["oneOf"] == [
        {"type": "number"}, {"type": "null"}]


def test_the_queue_filters_are_documented_as_the_queue_takes_them(
        document: dict[str, Any]) -> None:
    params = {p["name"]: p["schema"]
              for p in document["paths"]["/api/review/queue"]["get"]["parameters"]}
    assert params["kind"]["enum"] == ["numeric", "attribution", ""]
    assert params["status"]["enum"] == ["open", "confirmed", "dismissed", "resolved", ""]
    assert params["q"]["maxLength"] == 200
