"""Cache keys and If-None-Match, without a server."""

from __future__ import annotations

from typing import Any

from litestar import Request

from reconcile.api.cached import _matches, encode, key_of
from reconcile.models import Health


def request(path: str, query: str = "") -> Request[Any, Any, Any]:
    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
             "query_string": query.encode(), "headers": [], "scheme": "http",
             "server": ("testserver", 80), "root_path": "", "app": None}
    return Request(scope)  # type: ignore[arg-type]


def test_the_order_of_query_parameters_does_not_change_the_key() -> None:
    assert key_of(request("/api/conflicts", "kind=numeric&limit=5")) == \
        key_of(request("/api/conflicts", "limit=5&kind=numeric"))


def test_different_queries_and_paths_get_different_keys() -> None:
    keys = {key_of(request("/api/conflicts")), key_of(request("/api/conflicts", "limit=5")),
            key_of(request("/api/conflicts", "limit=6")), key_of(request("/api/clusters"))}
    assert len(keys) == 4


def test_a_repeated_parameter_stays_in_the_key() -> None:
    assert key_of(request("/x", "a=1&a=2")) != key_of(request("/x", "a=1"))


def test_the_order_of_a_repeated_parameter_stays_in_the_key() -> None:
    # Litestar takes the last of repeated values: these two ask for different stories.
    assert key_of(request("/api/clusters", "story=nk&story=quake")) != \
        key_of(request("/api/clusters", "story=quake&story=nk"))
    assert key_of(request("/api/clusters", "story=nk&limit=5&story=quake")) == \
        key_of(request("/api/clusters", "limit=5&story=nk&story=quake"))


def test_if_none_match_accepts_lists_weak_tags_and_star() -> None:
    assert _matches('"abc"', '"abc"')
    assert _matches('"x", W/"abc"', '"abc"')
    assert _matches("*", '"abc"')
    assert not _matches('"abd"', '"abc"')
    assert not _matches(None, '"abc"') and not _matches("", '"abc"')


def test_models_are_encoded_as_compact_json() -> None:
    assert encode(Health(status="ok", database=True, model=True)) == \
        b'{"status":"ok","database":true,"model":true}'
