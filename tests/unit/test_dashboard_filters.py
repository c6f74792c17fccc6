"""The queue's filters and the dashboard's URLs, without a server."""

from __future__ import annotations

from typing import Any

import pytest

from reconcile.dashboard import paths
from reconcile.dashboard.filters import (
    MAX_PAGE,
    PAGE_SIZE,
    QueueFilter,
    StoryFilter,
    like_pattern,
)
from reconcile.errors import InvalidInput


@pytest.mark.parametrize(("args", "expected"), [
    ({}, QueueFilter()),
    ({"story": "  ", "kind": "", "q": " "}, QueueFilter()),
    ({"story": " nk ", "status": "open"}, QueueFilter(story="nk", status="open")),
    ({"kind": "attribution", "outlet": "The Meridian Post"},
     QueueFilter(kind="attribution", outlet="The Meridian Post")),
    ({"q": "  troops  ", "page": 3}, QueueFilter(q="troops", page=3)),
    ({"page": None}, QueueFilter()),
])
def test_parse(args: dict[str, Any], expected: QueueFilter) -> None:
    assert QueueFilter.parse(**args) == expected


@pytest.mark.parametrize(("args", "field"), [
    ({"kind": "other"}, "kind"), ({"status": "maybe"}, "status"), ({"q": "x" * 201}, "q"),
    ({"page": 0}, "page"), ({"page": MAX_PAGE + 1}, "page"),
    ({"page": 99999999999999999999}, "page"),
])
def test_parse_rejects_naming_the_field(args: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        QueueFilter.parse(**args)
    assert caught.value.extra["errors"][0]["field"] == field


@pytest.mark.parametrize(("text", "pattern"), [
    ("troops", "%troops%"), ("50%", "%50\\%%"), ("a_b", "%a\\_b%"), ("c:\\x", "%c:\\\\x%"),
])
def test_like_pattern_matches_literally(text: str, pattern: str) -> None:
    assert like_pattern(text) == pattern


def test_sql_params() -> None:
    params = QueueFilter(story="nk", q="troops", page=2).sql_params()
    assert params == {"story": "nk", "kind": None, "status": None, "outlet": None,
                      "pattern": "%troops%", "limit": PAGE_SIZE, "offset": PAGE_SIZE}
    assert QueueFilter().sql_params(limit=10)["pattern"] is None


def test_query_strings_for_links() -> None:
    f = QueueFilter(story="nk", kind="numeric", page=3)
    assert QueueFilter().query() == ""
    assert f.query(page=3) == "?story=nk&kind=numeric&page=3"
    assert f.query(status="open") == "?story=nk&kind=numeric&status=open"  # back to page 1
    assert f.query(kind=None) == "?story=nk"
    assert QueueFilter(outlet="A & B").query(page=1) == "?outlet=A+%26+B"


def test_active() -> None:
    assert not QueueFilter(page=4).active
    assert QueueFilter(q="x").active


@pytest.mark.parametrize(("url", "expected"), [
    ("/", QueueFilter()),
    ("/?status=open&q=troops&page=2", QueueFilter(status="open", q="troops", page=2)),
    ("/?status=bogus", QueueFilter()),
    ("/?page=abc&story=nk", QueueFilter(story="nk")),
    ("", QueueFilter()),
])
def test_from_url(url: str, expected: QueueFilter) -> None:
    assert QueueFilter.from_url(url) == expected


# --- paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "json"), [
    ("/", "/api/review/queue"),
    ("/?status=open", "/api/review/queue?status=open"),
    ("/conflicts/3", "/api/review/conflicts/3"),
    ("/outlet?name=A+B", "/api/review/outlet?name=A+B"),
])
def test_every_page_has_a_json_twin(page: str, json: str) -> None:
    assert paths.as_json(page) == json


def test_free_text_names_go_in_the_query_string() -> None:
    assert paths.outlet("A/B <x>") == "/outlet?name=A%2FB+%3Cx%3E"
    assert paths.source("south korean data") == "/source?key=south+korean+data"
    assert paths.articles(outlet="O", story="") == "/articles?outlet=O"
    assert paths.queue(story="nk", q="") == "/?story=nk"


@pytest.mark.parametrize(("target", "expected"), [
    ("/conflicts/3", "/conflicts/3"),
    ("/?status=open", "/?status=open"),
    (None, "/"),
    ("", "/"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("/ok\nSet-Cookie: x", "/"),
])
def test_safe_next_only_allows_local_paths(target: str | None, expected: str) -> None:
    assert paths.safe_next(target) == expected


def test_a_story_search_is_blank_or_literal_and_pages_start_at_one() -> None:
    assert StoryFilter.parse(q="  ", page=None) == StoryFilter()
    f = StoryFilter.parse(q=" 50%_off ", page=3)
    assert f.sql_params() == {"pattern": "%50\\%\\_off%", "limit": PAGE_SIZE,
                              "offset": 2 * PAGE_SIZE}
    assert f.query() == "?q=50%25_off&page=3"
    assert f.query(q="quake") == "?q=quake"
    assert StoryFilter().query() == ""


@pytest.mark.parametrize(("args", "field"), [
    ({"q": "x" * 201}, "q"), ({"page": 0}, "page"), ({"page": MAX_PAGE + 1}, "page")])
def test_a_story_search_refuses_naming_the_field(args: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        StoryFilter.parse(**args)
    assert caught.value.extra["errors"][0]["field"] == field
