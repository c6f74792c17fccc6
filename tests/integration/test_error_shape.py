"""One error shape everywhere: every bad request to the API is the same RFC 9457 problem+json,
and a dashboard page answers the problem its JSON twin does as the HTML error page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from litestar.testing import TestClient

from reconcile.app import create_app
from reconcile.startup import Service
from tests.integration.test_dashboard_actions import FRAGMENT
from tests.integration.test_dashboard_pages import page, text_of

Client = TestClient  # type: ignore[type-arg]
PROBLEM_FIELDS = {"type", "title", "status", "detail", "errors"}
DRIVER_WORDS = ("psycopg", "PostgreSQL", "SQL", "SELECT", "Traceback")
JSON = {"content-type": "application/json"}


def assert_problem_shape(response: Any, status: int) -> dict[str, Any]:
    """Exactly the problem fields, typed as RFC 9457 has them, and nothing from the driver."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert set(body) == PROBLEM_FIELDS, body
    assert body["type"] == "about:blank" and body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(set(e) == {"field", "message"} and all(isinstance(v, str) for v in e.values())
               for e in body["errors"]), body
    assert not any(word in response.text for word in DRIVER_WORDS), response.text
    return body


# (method, url, request keywords, status, title, a field the problem must name or None)
API_CASES = [
    ("GET", "/api/articles/999999", {}, 404, "Not found", None),
    ("GET", "/api/conflicts?limit=0", {}, 422, "Invalid input", "limit"),
    ("GET", "/api/conflicts?status=maybe", {}, 422, "Invalid input", "status"),
    ("GET", "/api/clusters?limit=abc", {}, 422, "Invalid input", "limit"),
    ("GET", "/api/clusters?cursor=garbage", {}, 400, "Invalid cursor", "cursor"),
    ("GET", "/api/claims/similar", {}, 400, "Bad request", None),
    ("GET", "/api/review/queue?page=0", {}, 422, "Invalid input", "page"),
    ("GET", "/api/review/queue?status=maybe", {}, 422, "Invalid input", "status"),
    ("GET", "/api/review/conflicts/4242", {}, 404, "Not found", None),
    ("GET", "/api/nothing-here", {}, 404, "Not found", None),
    ("GET", "/nothing-here", {}, 404, "Not found", None),
    ("DELETE", "/api/articles/1", {}, 405, "Method not allowed", None),
    ("POST", "/api/articles", {"json": {}}, 422, "Invalid input", "text"),
    ("POST", "/api/articles", {"content": b"{nope", "headers": JSON}, 400, "Bad request", None),
    ("POST", "/api/articles", {"content": b"x", "headers": {"content-type": "text/plain"}},
     415, "Unsupported media type", None),
    ("PATCH", "/api/conflicts/4242", {"json": {"status": "maybe"}}, 422, "Invalid input",
     "status"),
]


@pytest.mark.parametrize(("method", "url", "kwargs", "status", "title", "field"), API_CASES,
                         ids=[f"{c[0]} {c[1]} {c[3]}" for c in API_CASES])
def test_every_bad_api_request_is_a_problem_of_the_same_shape(
        client: Client, method: str, url: str, kwargs: dict[str, Any], status: int, title: str,
        field: str | None) -> None:
    body = assert_problem_shape(client.request(method, url, **kwargs), status)
    assert body["title"] == title
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body


# A dashboard page and its JSON twin under /api/review, asked the same bad thing.
TWINS = [
    ("/conflicts/4242", "/api/review/conflicts/4242"),
    ("/clusters/4242", "/api/review/clusters/4242"),
    ("/articles/4242", "/api/review/articles/4242"),
    ("/outlet?name=Nobody", "/api/review/outlet?name=Nobody"),
    ("/outlet", "/api/review/outlet"),
    ("/source", "/api/review/source"),
    ("/?status=maybe", "/api/review/queue?status=maybe"),
    ("/?kind=other", "/api/review/queue?kind=other"),
]


@pytest.mark.parametrize(("page_url", "json_url"), TWINS, ids=[t[0] for t in TWINS])
def test_a_page_is_the_html_error_page_naming_the_problem_its_twin_answers(
        client: Client, page_url: str, json_url: str) -> None:
    answer = client.get(json_url)
    problem = assert_problem_shape(answer, answer.status_code)
    assert 400 <= problem["status"] < 500
    # Litestar's own details name the path asked for: the page's, there.
    detail = problem["detail"].replace(urlsplit(json_url).path, urlsplit(page_url).path)
    text = text_of(page(client, page_url, status=problem["status"]))
    assert f"{problem['status']} · {problem['title']}" in text and detail in text
    for error in problem["errors"]:
        assert error["field"] in text and error["message"] in text
    fragment = client.get(page_url, headers=FRAGMENT)
    assert fragment.status_code == problem["status"]
    assert fragment.headers["content-type"].startswith("text/html")
    assert f"{problem['title']}: {detail}" in text_of(fragment.text)


@pytest.mark.parametrize(("page_url", "json_url"), [
    ("/?page=0", "/api/review/queue?page=0"),
    ("/stories?page=abc", "/api/review/stories?page=abc"),
])
def test_a_page_link_litestar_refuses_is_a_bad_request_saying_what_its_twin_says(
        client: Client, page_url: str, json_url: str) -> None:
    # The page's links only offer valid pages, so a value Litestar refuses there is a broken
    # request (400), where the API names it invalid input (422); what was wrong reads the same.
    (twin_error,) = assert_problem_shape(client.get(json_url), 422)["errors"]
    text = text_of(page(client, page_url, status=400))
    assert "400 · Bad request" in text and twin_error["message"] in text


def test_an_oversized_body_is_the_same_413_on_the_api_and_on_a_page(service: Service) -> None:
    settings = service.settings.model_copy(update={"max_body_bytes": 1000})
    with TestClient(app=create_app(settings, service.db, service.ingestor)) as c:
        problem = assert_problem_shape(c.post("/api/articles", json={"text": "x " * 5000}), 413)
        r = c.post("/signin", data={"name": "x" * 5000})
        assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
        assert f"413 · {problem['title']}" in text_of(r.text)
