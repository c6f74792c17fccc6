"""The OpenAPI document lists every error an operation can answer, as problem details."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

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
