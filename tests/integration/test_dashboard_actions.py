"""Signing in, CSRF, and review decisions from the pages: each stored with its audit event."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from reconcile.app import create_app
from reconcile.startup import Service
from tests.browser.harness import Crafted, craft_story

Client = TestClient  # type: ignore[type-arg]
FRAGMENT = {"X-Fragment": "1"}


@pytest.fixture
def crafted(service: Service) -> Crafted:
    return craft_story(service.db)


@pytest.fixture
def token_client(service: Service) -> Iterator[Client]:
    """The app with RECONCILE_API_TOKEN set, as a non-loopback deployment runs it."""
    settings = type(service.settings)(RECONCILE_API_TOKEN="s3cret",
                                      RECONCILE_DATA_DIR=service.settings.data_dir)
    with TestClient(app=create_app(settings, service.db, service.ingestor)) as c:
        yield c


def csrf_of(client: Any, url: str = "/") -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]*)">', client.get(url).text)
    assert found
    return found.group(1)


def sign_in(client: Any, name: str = "dana", token: str = "", next_url: str = "/") -> Any:
    csrf = csrf_of(client, "/signin")
    return client.post("/signin", data={"name": name, "token": token, "next": next_url,
                                         "csrf": csrf}, follow_redirects=False)


def signed_in(client: Any, name: str = "dana", token: str = "") -> str:
    r = sign_in(client, name, token)
    assert r.status_code == 303, r.text
    return csrf_of(client)


def review(client: Any, conflict_id: int, csrf: str, fragment: bool = True,
           **fields: str) -> Any:
    return client.post(f"/conflicts/{conflict_id}/review", data={"csrf": csrf, **fields},
                       headers=FRAGMENT if fragment else {}, follow_redirects=False)


def conflict(client: Any, conflict_id: int) -> dict[str, Any]:
    data: dict[str, Any] = client.get(f"/api/conflicts/{conflict_id}").json()
    return data


# --- signing in -------------------------------------------------------------------------------


def test_sign_in_with_a_name_when_no_token_is_configured(client: Client) -> None:
    r = sign_in(client, "  Dana  Lee ", next_url="/conflicts/1")
    assert r.status_code == 303 and r.headers["location"] == "/conflicts/1"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("reconcile_session=") and "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    assert "Reviewing as <strong>Dana Lee</strong>" in client.get("/").text


def test_the_sign_in_form_asks_for_the_token_only_when_one_is_set(
    client: Client, token_client: Client
) -> None:
    assert 'name="token"' not in client.get("/signin").text
    assert 'name="token"' in token_client.get("/signin").text


def test_sign_in_needs_the_token_when_one_is_set(token_client: Client) -> None:
    r = sign_in(token_client, "dana", token="wrong")
    assert r.status_code == 401 and "not the service&#39;s token" in r.text
    assert sign_in(token_client, "dana", token="").status_code == 401
    r = sign_in(token_client, "dana", token="s3cret")
    assert r.status_code == 303
    assert "Reviewing as <strong>dana</strong>" in token_client.get("/").text


def test_sign_in_refuses_a_blank_name(client: Client) -> None:
    r = sign_in(client, "   ")
    assert r.status_code == 422 and "enter your name" in r.text


def test_sign_in_never_redirects_off_site(client: Client) -> None:
    r = sign_in(client, "dana", next_url="https://evil.example/")
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_sign_in_without_the_form_token_is_refused(client: Client) -> None:
    r = client.post("/signin", data={"name": "dana"}, follow_redirects=False)
    assert r.status_code == 403
    assert "Reviewing as" not in client.get("/").text


def test_sign_out(client: Client, crafted: Crafted) -> None:
    csrf = signed_in(client)
    r = client.post("/signout", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert "Sign in to review" in client.get("/").text
    assert review(client, crafted.numeric, csrf, action="confirm").status_code == 401


def test_a_cookie_replayed_after_sign_out_no_longer_acts(client: Client,
                                                        crafted: Crafted) -> None:
    csrf = signed_in(client)
    stolen = dict(client.cookies)
    assert client.post("/signout", data={"csrf": csrf},
                       follow_redirects=False).status_code == 303
    client.cookies.clear()
    client.cookies.update(stolen)
    r = review(client, crafted.numeric, csrf, action="confirm")
    assert r.status_code == 401
    assert conflict(client, crafted.numeric)["status"] == "open"
    page = client.get("/")
    assert "Sign in to review" in page.text
    assert "reconcile_session=null" in page.headers["set-cookie"]  # and the cookie is cleared


def test_signing_in_again_ends_the_previous_session(client: Client, crafted: Crafted) -> None:
    csrf = signed_in(client, "mallory")
    earlier = dict(client.cookies)
    signed_in(client, "dana")
    client.cookies.clear()
    client.cookies.update(earlier)
    assert review(client, crafted.numeric, csrf, action="confirm").status_code == 401


def test_a_session_outlives_nothing_but_its_record(client: Client, service: Service,
                                                  crafted: Crafted) -> None:
    csrf = signed_in(client)
    with service.db.transaction() as conn:  # as when it expires, or in another server process
        conn.execute("DELETE FROM reviewer_sessions")
    assert review(client, crafted.numeric, csrf, action="confirm").status_code == 401


def test_the_session_cookie_is_secure_only_when_configured(client: Client,
                                                          service: Service) -> None:
    assert "secure" not in client.get("/signin").headers["set-cookie"].lower()
    settings = type(service.settings)(RECONCILE_SECURE_COOKIES="true",
                                      RECONCILE_DATA_DIR=service.settings.data_dir)
    with TestClient(app=create_app(settings, service.db, service.ingestor)) as secure:
        cookie = secure.get("/signin").headers["set-cookie"]
    assert "reconcile_session=" in cookie and "secure" in cookie.lower().split("; ")


def test_every_sign_in_starts_a_new_csrf_token(client: Client) -> None:
    first = signed_in(client)
    assert signed_in(client, "lee") != first


# --- access to actions ------------------------------------------------------------------------


def test_actions_need_a_signed_in_reviewer(client: Client, crafted: Crafted) -> None:
    csrf = csrf_of(client, "/signin")  # a session, but nobody signed in
    r = review(client, crafted.numeric, csrf, fragment=False, action="confirm")
    assert r.status_code == 303 and r.headers["location"].startswith("/signin?next=")
    r = review(client, crafted.numeric, csrf, action="confirm")
    assert r.status_code == 401 and 'id="flash"' in r.text
    assert conflict(client, crafted.numeric)["status"] == "open"


@pytest.mark.parametrize("csrf", ["", "forged"])
def test_actions_need_the_sessions_csrf_token(client: Client, crafted: Crafted,
                                              csrf: str) -> None:
    signed_in(client)
    r = review(client, crafted.numeric, csrf, action="confirm")
    assert r.status_code == 403
    assert conflict(client, crafted.numeric)["events"] == []


def test_the_csrf_token_may_come_as_a_header(client: Client, crafted: Crafted) -> None:
    csrf = signed_in(client)
    r = client.post(f"/conflicts/{crafted.numeric}/review", data={"action": "confirm"},
                    headers={**FRAGMENT, "X-CSRF-Token": csrf})
    assert r.status_code == 200
    assert conflict(client, crafted.numeric)["status"] == "confirmed"


def test_a_csrf_token_from_another_session_is_refused(client: Client,
                                                      crafted: Crafted) -> None:
    stolen = signed_in(client, "mallory")
    client.cookies.clear()  # another browser
    signed_in(client, "dana")
    assert review(client, crafted.numeric, stolen, action="dismiss").status_code == 403


def test_the_api_keeps_working_without_cookies_or_csrf(token_client: Client,
                                                       crafted: Crafted) -> None:
    r = token_client.patch(f"/api/conflicts/{crafted.numeric}", json={"status": "confirmed"},
                           headers={"Authorization": "Bearer s3cret", "X-Reviewer": "bot"})
    assert r.status_code == 200 and r.json()["events"][0]["actor"] == "bot"
    assert "set-cookie" not in r.headers
    r = token_client.patch(f"/api/conflicts/{crafted.numeric}", json={"status": "open"})
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")


# --- decisions --------------------------------------------------------------------------------


def test_resolve_stores_value_note_and_an_audit_event(client: Client, crafted: Crafted) -> None:
    csrf = signed_in(client, "Dana Lee")
    r = review(client, crafted.numeric, csrf, action="resolve", value="11k",
               note="Ministry confirms 11,000.")
    assert r.status_code == 200, r.text
    assert 'id="review"' in r.text and 'id="status-badge"' in r.text
    assert "Resolved conflict." in r.text
    assert '<dd id="review-status"><span class="badge resolved">resolved</span></dd>' in r.text
    data = conflict(client, crafted.numeric)
    assert data["status"] == "resolved" and data["accepted_value"] == 11000
    assert data["note"] == "Ministry confirms 11,000."
    (event,) = data["events"]
    assert event["actor"] == "Dana Lee" and event["action"] == "resolved"
    assert event["before"] == {"status": "open", "note": None, "assignee": None,
                               "accepted_value": None}
    assert event["after"]["status"] == "resolved" and event["after"]["accepted_value"] == 11000
    page = client.get(f"/conflicts/{crafted.numeric}").text
    assert "accepted value: <span class=\"before\">—</span> → <span class=\"after\">11,000" in page


def test_an_accepted_value_becomes_the_consensus_everywhere(client: Client,
                                                            crafted: Crafted) -> None:
    csrf = signed_in(client, "Dana Lee")
    r = review(client, crafted.numeric, csrf, action="resolve", value="12,000",
               note="The wire had the ministry's final count.")
    assert r.status_code == 200, r.text
    # The fragment swaps the consensus, the chart and the sides in along with the review panel.
    for part in ['id="consensus"', 'id="chart"', 'id="sides"', 'id="review"']:
        assert part in r.text, part
    assert "accepted by a reviewer" in r.text and ">accepted 12,000<" in r.text
    row = client.get("/api/review/queue").json()["rows"]
    (numeric,) = [x for x in row if x["id"] == crafted.numeric]
    assert numeric["consensus"]["value"] == 12000 and numeric["consensus"]["ground_truth"]
    assert [p["consensus"] for p in numeric["positions"]] == [False, True]
    assert [p["difference"] for p in numeric["positions"]] == ["−1,000 (−8.3%)", None]
    (estimate,) = client.get(f"/api/clusters/{crafted.numeric_cluster}").json()["consensus"]
    assert estimate["value"] == 12000 and estimate["ground_truth"] is True
    # Reopened, the value is no longer ground truth: the outlets' vote is back.
    assert review(client, crafted.numeric, csrf, action="reopen").status_code == 200
    data = client.get(f"/api/review/conflicts/{crafted.numeric}").json()
    assert data["row"]["consensus"]["value"] == 11000
    assert not data["row"]["consensus"]["ground_truth"]
    assert data["row"]["consensus"]["position"] == 0


@pytest.mark.parametrize(("fields", "message"), [
    ({"value": "11000"}, "resolving needs a note"),
    ({"note": "why"}, "enter the accepted value"),
    ({"value": "lots", "note": "why"}, "not a number"),
])
def test_an_incomplete_resolve_changes_nothing(client: Client, crafted: Crafted,
                                               fields: dict[str, str], message: str) -> None:
    csrf = signed_in(client)
    r = review(client, crafted.numeric, csrf, action="resolve", **fields)
    assert r.status_code == 422 and message in r.text and 'class="flash error"' in r.text
    data = conflict(client, crafted.numeric)
    assert data["status"] == "open" and data["events"] == []


def test_resolving_an_attribution_credits_a_source(client: Client, crafted: Crafted) -> None:
    csrf = signed_in(client)
    r = review(client, crafted.attribution, csrf, action="resolve",
               source="Oleksandr Kondratenko", note="The video shows him saying it.")
    assert r.status_code == 200
    data = conflict(client, crafted.attribution)
    assert data["status"] == "resolved" and data["accepted_value"] is None
    assert data["note"] == "Credited to Oleksandr Kondratenko. The video shows him saying it."


def test_confirm_dismiss_reopen_and_assign_each_leave_an_event(client: Client,
                                                               crafted: Crafted) -> None:
    csrf = signed_in(client, "kim")
    for fields in [{"action": "confirm"}, {"action": "dismiss", "note": "same count"},
                   {"action": "reopen"}, {"action": "assign", "assignee": "me"},
                   {"action": "assign", "assignee": "lee"}, {"action": "assign"}]:
        assert review(client, crafted.numeric, csrf, **fields).status_code == 200
    events = conflict(client, crafted.numeric)["events"]
    assert [e["action"] for e in events] == ["confirmed", "dismissed", "open", "assign",
                                             "assign", "assign"]
    assert {e["actor"] for e in events} == {"kim"}
    assert [e["after"]["assignee"] for e in events[3:]] == ["kim", "lee", None]
    assert events[1]["after"]["note"] == "same count"


def test_a_plain_form_post_is_redirected_back(client: Client, crafted: Crafted) -> None:
    csrf = signed_in(client)
    r = review(client, crafted.numeric, csrf, fragment=False, action="confirm",
               return_to="/?kind=numeric")
    assert r.status_code == 303 and r.headers["location"] == "/?kind=numeric"
    for target in ["//evil.example/", "https://evil.example/", ""]:
        r = review(client, crafted.numeric, csrf, fragment=False, action="reopen",
                   return_to=target)
        assert r.headers["location"] == f"/conflicts/{crafted.numeric}"


def test_an_unknown_action_or_conflict_is_refused(client: Client, crafted: Crafted) -> None:
    csrf = signed_in(client)
    assert review(client, crafted.numeric, csrf, action="delete").status_code == 400
    assert review(client, 4242, csrf, action="confirm").status_code == 404


def test_the_audit_trail_shows_on_the_page_newest_first(client: Client,
                                                        crafted: Crafted) -> None:
    csrf = signed_in(client, "kim")
    review(client, crafted.numeric, csrf, action="confirm")
    review(client, crafted.numeric, csrf, action="assign", assignee="me")
    page = client.get(f"/conflicts/{crafted.numeric}").text
    trail = page.split('<ol class="audit"')[1].split("</ol>\n</aside>")[0]
    assert trail.index(">assign<") < trail.index(">confirmed<")
    assert "assigned to: <span class=\"before\">—</span> → <span class=\"after\">kim" in trail
    assert "assigned to kim" in page  # next to the status


# --- bulk -------------------------------------------------------------------------------------


def bulk(client: Any, csrf: str, action: str, ids: list[int], fragment: bool = True,
         return_to: str = "/") -> Any:
    return client.post("/review/bulk", data={"csrf": csrf, "action": action,
                                             "ids": [str(i) for i in ids],
                                             "return_to": return_to},
                       headers=FRAGMENT if fragment else {}, follow_redirects=False)


def test_bulk_dismiss_changes_every_selected_conflict(client: Client, crafted: Crafted) -> None:
    csrf = signed_in(client, "lee")
    r = bulk(client, csrf, "dismiss", [crafted.numeric, crafted.attribution],
             return_to="/?status=open")
    assert r.status_code == 200 and "Dismissed 2 conflicts." in r.text
    assert r.text.count('<tr id="conflict-row-') == 2
    assert 'id="status-tabs"' in r.text and "Dismissed <span class=\"count\">2</span>" in r.text
    for conflict_id in (crafted.numeric, crafted.attribution):
        data = conflict(client, conflict_id)
        assert data["status"] == "dismissed"
        assert [(e["actor"], e["action"]) for e in data["events"]] == [("lee", "dismissed")]


def test_bulk_with_one_id_and_a_plain_post(client: Client, crafted: Crafted) -> None:
    csrf = signed_in(client)
    r = bulk(client, csrf, "confirm", [crafted.numeric], fragment=False,
             return_to="/?kind=numeric")
    assert r.status_code == 303 and r.headers["location"] == "/?kind=numeric"
    assert conflict(client, crafted.numeric)["status"] == "confirmed"


def test_bulk_is_all_or_nothing(client: Client, crafted: Crafted) -> None:
    csrf = signed_in(client)
    assert bulk(client, csrf, "confirm", [crafted.numeric, 4242]).status_code == 404
    assert conflict(client, crafted.numeric)["status"] == "open"
    assert conflict(client, crafted.numeric)["events"] == []


@pytest.mark.parametrize(("action", "ids"), [("resolve", [1]), ("confirm", [])])
def test_bulk_refuses_what_it_cannot_do(client: Client, crafted: Crafted, action: str,
                                        ids: list[int]) -> None:
    csrf = signed_in(client)
    assert bulk(client, csrf, action, ids).status_code == 422


def test_bulk_needs_sign_in_and_csrf(client: Client, crafted: Crafted) -> None:
    assert bulk(client, "", "confirm", [crafted.numeric]).status_code == 401
    signed_in(client)
    assert bulk(client, "nope", "confirm", [crafted.numeric]).status_code == 403
    assert conflict(client, crafted.numeric)["status"] == "open"
