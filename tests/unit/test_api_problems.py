"""How reconcile/api/problems.py reads each kind of exception, without a server."""

from __future__ import annotations

import pytest
from litestar.exceptions import MethodNotAllowedException, ValidationException

from reconcile.api.problems import Problem, field_errors, problem_of
from reconcile.errors import InvalidCursor, NotFound

LIMIT_TOO_LOW = ValidationException(
    detail="Validation failed for GET /api/conflicts?limit=0",
    extra=[{"message": "Expected `int` >= 1", "key": "limit", "source": "query"}])


def test_our_error_keeps_its_status_title_detail_and_fields() -> None:
    cursor = InvalidCursor(errors=[{"field": "cursor", "message": "not ours"}])
    assert problem_of(cursor) == Problem(400, "Invalid cursor", cursor.detail,
                                         [{"field": "cursor", "message": "not ours"}])
    assert problem_of(NotFound("no article with id 7")).body() == {
        "type": "about:blank", "title": "Not found", "status": 404,
        "detail": "no article with id 7", "errors": []}


def test_a_field_litestar_refuses_is_invalid_input_naming_the_field() -> None:
    problem = problem_of(LIMIT_TOO_LOW)
    assert (problem.status, problem.title) == (422, "Invalid input")
    assert problem.errors == [{"field": "limit", "message": "Expected `int` >= 1"}]
    assert problem.detail == "limit: Expected `int` >= 1"


def test_a_page_reads_the_same_fields_but_answers_a_bad_request() -> None:
    api, page = problem_of(LIMIT_TOO_LOW), problem_of(LIMIT_TOO_LOW, page=True)
    assert (page.status, page.title) == (400, "Bad request")
    assert (page.detail, page.errors) == (api.detail, api.errors)


def test_a_validation_failure_without_fields_is_a_bad_request_with_litestars_detail() -> None:
    problem = problem_of(ValidationException(detail="Missing required query parameter 'q'"))
    assert problem == Problem(400, "Bad request", "Missing required query parameter 'q'")


@pytest.mark.parametrize(("extra", "field"), [
    ({"key": "text", "message": "m"}, "text"), ({"loc": "a.b", "message": "m"}, "a.b"),
    ({"source": "body", "message": "m"}, "body"), ({"message": "m"}, "body"),
])
def test_a_field_error_names_the_key_then_the_location_then_the_source(
        extra: dict[str, str], field: str) -> None:
    assert field_errors([extra, "not a dict"]) == [{"field": field, "message": "m"}]


def test_litestars_http_errors_get_a_title_and_keep_their_headers() -> None:
    problem = problem_of(MethodNotAllowedException(headers={"Allow": "GET"}))
    assert (problem.status, problem.title, problem.headers) == (
        405, "Method not allowed", {"Allow": "GET"})


def test_an_unexpected_error_is_a_500_that_names_only_its_type() -> None:
    problem = problem_of(RuntimeError("connection to server at 10.0.0.1 failed"))
    assert (problem.status, problem.title) == (500, "Internal error")
    assert problem.detail == "unexpected RuntimeError; see the server log"
