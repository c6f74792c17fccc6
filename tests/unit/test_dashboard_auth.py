"""Sign-in rules, session secrets and CSRF tokens, without a server."""

from __future__ import annotations

import pytest

from reconcile.dashboard.auth import (
    CSRF_FIELD,
    SESSION_ID,
    csrf_matches,
    ensure_csrf,
    reviewer_name,
    session_config,
    session_secret,
    signed_in_session,
    token_matches,
)
from reconcile.dashboard.responses import CSP, SECURITY_HEADERS
from reconcile.errors import InvalidInput


@pytest.mark.parametrize(("raw", "name"), [
    ("dana", "dana"), ("  Dana   Lee ", "Dana Lee"), ("Zoë O'Brien", "Zoë O'Brien"),
    ("<script>x</script>", "<script>x</script>"),  # escaped where shown, not refused
])
def test_reviewer_names(raw: str, name: str) -> None:
    assert reviewer_name(raw) == name


@pytest.mark.parametrize("raw", ["", "   ", "x" * 81, "dana\x00", "da\u200bna"])
def test_unusable_reviewer_names(raw: str) -> None:
    with pytest.raises(InvalidInput):
        reviewer_name(raw)


def test_token_matches() -> None:
    assert token_matches("", None) and token_matches("anything", None)
    assert token_matches("s3cret", "s3cret")
    assert not token_matches("wrong", "s3cret") and not token_matches("", "s3cret")


def test_session_secret_is_derived_from_the_token_or_random() -> None:
    assert session_secret("t") == session_secret("t") != session_secret("u")
    assert len(session_secret("t")) == 32
    assert session_secret(None) != session_secret(None)
    assert len(session_secret(None)) == 32


def test_session_cookie_is_http_only_and_same_site() -> None:
    config = session_config("t")
    assert config.httponly and config.samesite == "lax" and config.key == "reconcile_session"


def test_session_cookie_is_secure_only_when_configured() -> None:
    assert not session_config("t").secure
    assert session_config("t", secure=True).secure


def test_every_sign_in_gets_a_fresh_session_id_to_record() -> None:
    first, second = signed_in_session("dana"), signed_in_session("dana")
    assert first[SESSION_ID] != second[SESSION_ID] and len(first[SESSION_ID]) >= 40


def test_every_sign_in_gets_a_fresh_csrf_token() -> None:
    first, second = signed_in_session("dana"), signed_in_session("dana")
    assert first["reviewer"] == "dana" and first[CSRF_FIELD] != second[CSRF_FIELD]
    assert len(first[CSRF_FIELD]) >= 40


def test_ensure_csrf_keeps_an_existing_token() -> None:
    session = {"reviewer": "dana", CSRF_FIELD: "abc"}
    assert ensure_csrf(session) == session
    fresh = ensure_csrf({})
    assert fresh[CSRF_FIELD]


def test_csrf_matches() -> None:
    session = {CSRF_FIELD: "abc"}
    assert csrf_matches(session, "abc")
    assert not csrf_matches(session, "abd")
    assert not csrf_matches(session, None) and not csrf_matches(session, "")
    assert not csrf_matches({}, "abc")


def test_the_csp_allows_nothing_inline_and_nothing_from_elsewhere() -> None:
    directives = dict(d.split(" ", 1) for d in CSP.split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in CSP
    assert SECURITY_HEADERS["Content-Security-Policy"] == CSP
    assert SECURITY_HEADERS["X-Content-Type-Options"] == "nosniff"
