"""Bad input at the edge, as an attacker or a careless client sends it: every case a 4xx
problem, nothing stored, no driver text; and no write from another site's page."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from reconcile.app import create_app
from reconcile.startup import Service
from tests.browser.harness import Crafted, craft_story
from tests.integration.test_api import ARTICLE, assert_problem
from tests.integration.test_dashboard_actions import FRAGMENT, csrf_of, signed_in

Client = TestClient  # type: ignore[type-arg]
JSON = {"content-type": "application/json"}
DRIVER_WORDS = ("psycopg", "PostgreSQL", "SQL", "SELECT", "0x00", "Traceback")


@pytest.fixture
def crafted(service: Service) -> Crafted:
    return craft_story(service.db)


@pytest.fixture
def token_client(service: Service) -> Iterator[Client]:
    settings = type(service.settings)(RECONCILE_API_TOKEN="s3cret-é",
                                      RECONCILE_DATA_DIR=service.settings.data_dir)
    with TestClient(app=create_app(settings, service.db, service.ingestor)) as c:
        yield c


def stored_articles(service: Service) -> int:
    with service.db.transaction() as conn:
        return int(conn.execute("SELECT count(*) AS n FROM articles").fetchone()["n"])


def problem_naming(response: Any, field: str, status: int = 422) -> dict[str, Any]:
    body = assert_problem(response, status)
    assert field in [e["field"] for e in body["errors"]], body
    assert not any(word in response.text for word in DRIVER_WORDS), response.text
    return body


def raw_json(body: dict[str, Any], field: str, escaped: str) -> bytes:
    """`body` as JSON with `field` set to a string holding a raw escape ('\\u0000')."""
    placeholder = "@@PLACEHOLDER@@"
    return json.dumps({**body, field: f"a{placeholder}b"}).replace(placeholder, escaped).encode()


# --- text PostgreSQL cannot store -------------------------------------------------------------


@pytest.mark.parametrize("field", ["outlet", "text", "title", "story", "url"])
@pytest.mark.parametrize("escaped", ["\\u0000", "\\ud800", "\\uDFFF"])
def test_an_article_field_postgresql_cannot_store_is_a_422_naming_it(
    client: Client, service: Service, field: str, escaped: str
) -> None:
    r = client.post("/api/articles", content=raw_json(ARTICLE, field, escaped), headers=JSON)
    problem_naming(r, field)
    assert stored_articles(service) == 0


def test_an_unknown_field_with_a_nul_is_named_too(client: Client) -> None:
    body = {**ARTICLE, "extra": {"deep": ["ok", "x\u0000"]}}
    problem_naming(client.post("/api/articles", json=body), "extra.deep[1]")


def test_a_surrogate_pair_is_a_character_like_any_other(client: Client) -> None:
    text = ARTICLE["text"] + " Officials smiled \\ud83d\\ude00 at 41 ferries."
    r = client.post("/api/articles", content=raw_json(ARTICLE, "text", text), headers=JSON)
    assert r.status_code == 201, r.text
    assert "\U0001f600" in r.json()["text"]


@pytest.mark.parametrize("field", ["note", "assignee"])
def test_a_review_decision_with_a_nul_is_a_422_and_changes_nothing(
    client: Client, crafted: Crafted, field: str
) -> None:
    before = client.get(f"/api/conflicts/{crafted.numeric}").json()
    r = client.patch(f"/api/conflicts/{crafted.numeric}",
                     json={"status": "dismissed", field: "held\x00back"})
    problem_naming(r, field)
    assert client.get(f"/api/conflicts/{crafted.numeric}").json() == before


@pytest.mark.parametrize("url", [
    "/api/conflicts?story=%00", "/api/conflicts?story=nk%00x", "/api/clusters?story=%00",
    "/api/claims/similar?text=troops%00", "/api/sources?kind=%00",
    "/api/review/queue?story=%00", "/api/review/queue?q=%00", "/api/review/queue?outlet=%00",
    "/api/review/articles?story=%00", "/api/review/outlet?name=%00",
    "/api/review/source?key=%00", "/api/conflicts?cursor=%00",
])
def test_a_filter_with_a_nul_is_a_422_naming_it(client: Client, url: str) -> None:
    field = url.split("?")[1].split("=")[0]
    problem_naming(client.get(url), field)


def test_a_dashboard_filter_with_a_nul_is_a_422_page(client: Client) -> None:
    for url in ["/?story=%00", "/articles?outlet=%00", "/outlet?name=%00", "/source?key=%00"]:
        r = client.get(url)
        assert r.status_code == 422, (url, r.text)
        assert r.headers["content-type"].startswith("text/html")


def test_a_dashboard_note_with_a_nul_is_refused(client: Client, crafted: Crafted) -> None:
    csrf = signed_in(client)
    r = client.post(f"/conflicts/{crafted.numeric}/review", headers=FRAGMENT,
                    data={"csrf": csrf, "action": "note", "note": "x\x00y"})
    assert r.status_code == 422, r.text
    events = client.get(f"/api/conflicts/{crafted.numeric}").json()["events"]
    assert all("x\x00y" not in json.dumps(e) for e in events)


# --- cursors and integers ---------------------------------------------------------------------


def forge(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


FORGED = [forge(["abc"]), forge([-5]), forge([0]), forge([2**70]), forge([1.5]), forge([True]),
          forge([None]), forge([0.5, "abc"]), forge([7, 1]), forge({"id": 1}), forge("x"),
          "garbage", "@@@@", "x" * 1000]


@pytest.mark.parametrize("path", ["/api/clusters", "/api/conflicts", "/api/sources",
                                  "/api/articles"])
@pytest.mark.parametrize("cursor", FORGED)
def test_a_forged_cursor_is_a_400_invalid_cursor(client: Client, path: str,
                                                  cursor: str) -> None:
    r = client.get(path, params={"cursor": cursor})
    body = problem_naming(r, "cursor", 400)
    assert "invalid cursor" in body["detail"].lower()


def test_the_cursors_the_api_writes_still_page(client: Client, crafted: Crafted) -> None:
    for path in ["/api/clusters", "/api/conflicts", "/api/sources", "/api/articles"]:
        seen = []
        page = client.get(path, params={"limit": 1}).json()
        while True:
            seen.extend(page["items"])
            if not page["next"]:
                break
            page = client.get(path, params={"limit": 1, "cursor": page["next"]}).json()
        assert len(seen) >= 2, path
        assert len(seen) == len(client.get(path, params={"limit": 1000}).json()["items"])


HUGE = "99999999999999999999"


@pytest.mark.parametrize("url", [
    f"/api/review/queue?page={HUGE}", "/api/review/queue?page=0", f"/api/conflicts/{HUGE}",
    f"/api/clusters/{HUGE}", f"/api/articles/{HUGE}", "/api/articles/0", "/api/clusters/-1",
    f"/api/review/conflicts/{HUGE}", f"/api/review/clusters/{HUGE}",
    f"/api/review/articles/{HUGE}", f"/api/conflicts?limit={HUGE}", f"/api/sources?limit={HUGE}",
    f"/api/claims/similar?text=troops&limit={HUGE}",
    "/api/claims/similar?text=x&min_similarity=nan",
])
def test_an_integer_out_of_range_is_a_4xx(client: Client, url: str) -> None:
    r = client.get(url)
    assert 400 <= r.status_code < 500, (url, r.status_code, r.text)
    assert not any(word in r.text for word in DRIVER_WORDS), r.text


def test_an_out_of_range_page_of_the_dashboard_is_a_4xx(client: Client) -> None:
    for url in [f"/?page={HUGE}", f"/conflicts/{HUGE}", f"/clusters/{HUGE}",
                f"/articles/{HUGE}"]:
        assert 400 <= client.get(url).status_code < 500, url


def test_a_patch_of_an_id_out_of_range_is_a_4xx(client: Client) -> None:
    r = client.patch(f"/api/conflicts/{HUGE}", json={"status": "dismissed"})
    assert 400 <= r.status_code < 500, r.text


# --- tokens -----------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Bearer é".encode(), "Bearer é".encode("latin-1"),
                                    b"Bearer \xff\xfe", b"Bearer", b"Basic s3cret-\xc3\xa9",
                                    "Bearer \u2603".encode(), b"Bearer s3cret"])
def test_a_wrong_or_non_ascii_token_is_a_401(token_client: Client, header: bytes) -> None:
    r = token_client.patch("/api/conflicts/1", json={"status": "dismissed"},
                           headers={"Authorization": header})
    assert_problem(r, 401)


def test_a_non_ascii_token_sent_as_utf8_is_accepted(token_client: Client) -> None:
    r = token_client.patch("/api/conflicts/424242", json={"status": "dismissed"},
                           headers={"Authorization": "Bearer s3cret-é".encode()})
    assert_problem(r, 404)  # past the token, to a conflict that does not exist


# --- bodies -----------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"", b"   ", b"\n", b"{", b"{not json", b'{"outlet": }',
                                  b"[" * 100_000, b"{\"a\":" * 50_000, b"nul\x00l",
                                  b'{"text": "\xff"}', b'{"text": "a\x00b"}',
                                  b"[" * 40 + b"1" + b"]" * 40])
@pytest.mark.parametrize(("method", "path"), [("POST", "/api/articles"),
                                              ("PATCH", "/api/conflicts/1")])
def test_an_empty_malformed_or_too_deep_body_is_a_400(
    client: Client, service: Service, body: bytes, method: str, path: str
) -> None:
    r = client.request(method, path, content=body, headers=JSON)
    assert_problem(r, 400)
    assert stored_articles(service) == 0


def test_a_body_of_the_wrong_shape_is_still_a_422(client: Client) -> None:
    assert_problem(client.post("/api/articles", json={}), 422)
    assert_problem(client.post("/api/articles", json=[ARTICLE]), 422)


# --- content types, origins, CORS -------------------------------------------------------------


@pytest.mark.parametrize("content_type", [None, "text/plain", "text/plain; charset=utf-8",
                                          "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "text/json"])
def test_a_write_that_is_not_json_is_a_415_and_stores_nothing(
    client: Client, service: Service, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    r = client.post("/api/articles", content=json.dumps(ARTICLE).encode(), headers=headers)
    assert_problem(r, 415)
    r = client.patch("/api/conflicts/1", content=b'{"status": "dismissed"}', headers=headers)
    assert_problem(r, 415)
    assert stored_articles(service) == 0


def test_json_with_a_charset_is_json(client: Client) -> None:
    r = client.post("/api/articles", content=json.dumps(ARTICLE).encode(),
                    headers={"content-type": "application/json; charset=utf-8"})
    assert r.status_code == 201, r.text


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://testserver.local:8080",
                                    "https://testserver.local.evil.example"])
def test_without_a_token_a_write_from_another_site_is_a_403(
    client: Client, service: Service, origin: str
) -> None:
    r = client.post("/api/articles", json=ARTICLE, headers={"Origin": origin})
    assert_problem(r, 403)
    assert stored_articles(service) == 0


def test_a_write_from_the_service_own_pages_is_accepted(client: Client) -> None:
    r = client.post("/api/articles", json=ARTICLE, headers={"Origin": "http://testserver.local"})
    assert r.status_code == 201, r.text


def test_a_write_through_a_proxy_naming_this_site_is_accepted(client: Client) -> None:
    r = client.post("/api/articles", json=ARTICLE,
                    headers={"Origin": "https://reconcile.example",
                             "X-Forwarded-Host": "reconcile.example"})
    assert r.status_code == 201, r.text


def test_with_a_token_the_token_decides_not_the_origin(token_client: Client) -> None:
    r = token_client.patch("/api/conflicts/424242", json={"status": "dismissed"},
                           headers={"Origin": "http://elsewhere.example",
                                    "Authorization": "Bearer s3cret-é".encode()})
    assert_problem(r, 404)


def test_reads_from_another_site_are_open_but_get_no_cors_headers(client: Client) -> None:
    r = client.get("/api/conflicts", headers={"Origin": "http://evil.example"})
    assert r.status_code == 200
    assert not any(h.lower().startswith("access-control-") for h in r.headers)


def test_a_cors_preflight_is_not_granted(client: Client) -> None:
    r = client.options("/api/articles", headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert "access-control-allow-origin" not in r.headers


def test_a_dashboard_form_from_another_site_is_a_403_page(client: Client,
                                                          crafted: Crafted) -> None:
    csrf = signed_in(client)
    r = client.post(f"/conflicts/{crafted.numeric}/review",
                    data={"csrf": csrf, "action": "dismiss"},
                    headers={"Origin": "http://evil.example"}, follow_redirects=False)
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("text/html")
    assert client.get(f"/api/conflicts/{crafted.numeric}").json()["status"] == "open"


def test_the_dashboard_forms_keep_working_from_their_own_pages(client: Client,
                                                               crafted: Crafted) -> None:
    csrf = csrf_of(client, "/signin")
    r = client.post("/signin", data={"name": "dana", "csrf": csrf, "next": "/"},
                    headers={"Origin": "http://testserver.local"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    csrf = csrf_of(client)
    r = client.post(f"/conflicts/{crafted.numeric}/review",
                    data={"csrf": csrf, "action": "dismiss"},
                    headers={"Origin": "http://testserver.local", **FRAGMENT})
    assert r.status_code == 200, r.text
    assert client.get(f"/api/conflicts/{crafted.numeric}").json()["status"] == "dismissed"


# --- what the OpenAPI document promises, the service keeps ------------------------------------


def test_the_largest_documented_id_is_looked_up_and_the_next_is_a_4xx(client: Client) -> None:
    assert_problem(client.get(f"/api/conflicts/{2**53 - 1}"), 404)
    r = client.get(f"/api/conflicts/{2**53}")
    assert r.status_code in (400, 422), r.text


@pytest.mark.parametrize("value", [False, True, "5", [5], {"v": 5}])
def test_an_accepted_value_that_is_not_a_number_is_a_422(client: Client, crafted: Crafted,
                                                         value: Any) -> None:
    r = client.patch(f"/api/conflicts/{crafted.numeric}", json={"accepted_value": value})
    problem_naming(r, "accepted_value")


def test_an_accepted_value_may_be_an_integer(client: Client, crafted: Crafted) -> None:
    r = client.patch(f"/api/conflicts/{crafted.numeric}", json={"accepted_value": 11000})
    assert r.status_code == 200, r.text
    assert r.json()["accepted_value"] == 11000


@pytest.mark.parametrize("value", [0, 1700000000, "0", "1700000000", True, "yesterday"])
def test_a_publication_time_that_is_not_iso_text_is_a_422(client: Client, service: Service,
                                                          value: Any) -> None:
    problem_naming(client.post("/api/articles", json={**ARTICLE, "published_at": value}),
                   "published_at")
    assert stored_articles(service) == 0


@pytest.mark.parametrize("url", ["", "ftp://harbour.example/x", "harbour.example/troops"])
def test_a_url_that_is_not_http_is_a_422(client: Client, service: Service, url: str) -> None:
    problem_naming(client.post("/api/articles", json={**ARTICLE, "url": url}), "url")
    assert stored_articles(service) == 0


def test_a_posted_story_outside_its_pattern_is_a_422(client: Client, service: Service) -> None:
    problem_naming(client.post("/api/articles", json={**ARTICLE, "story": "nk; drop"}), "story")
    assert stored_articles(service) == 0


@pytest.mark.parametrize("body", [{"status": "dismissed", "colour": "red"}, {"extra": 1}])
def test_an_unknown_review_field_is_a_422(client: Client, crafted: Crafted,
                                          body: dict[str, Any]) -> None:
    assert_problem(client.patch(f"/api/conflicts/{crafted.numeric}", json=body), 422)


@pytest.mark.parametrize(("name", "value"), [("kind", "numerical"), ("status", "closed")])
def test_a_queue_filter_outside_its_enum_is_a_422(client: Client, name: str,
                                                   value: str) -> None:
    problem_naming(client.get("/api/review/queue", params={name: value}), name)


def test_a_blank_queue_filter_is_no_filter(client: Client, crafted: Crafted) -> None:
    everything = client.get("/api/review/queue").json()
    assert client.get("/api/review/queue?kind=&status=").json() == everything
