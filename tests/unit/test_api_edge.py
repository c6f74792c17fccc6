"""The request checks of reconcile/api/edge.py and the cursor checks of the store, without a
server: which text can be stored, how a bad field is named, what counts as this site."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from reconcile.api.edge import (
    MAX_JSON_DEPTH,
    check_fields,
    check_json_value,
    is_json,
    same_origin,
    unstorable,
)
from reconcile.errors import BadRequest, InvalidCursor, InvalidInput
from reconcile.store.repo import (
    MAX_ID,
    a_severity,
    an_id,
    an_offset,
    decode_cursor,
    encode_cursor,
)


@pytest.mark.parametrize("text", ["", "plain", "émigré 😀", "tab\tand\nnewline", "\ufffd",
                                  "\U0010ffff"])
def test_text_postgresql_can_store_passes(text: str) -> None:
    assert unstorable(text) is None


@pytest.mark.parametrize(("text", "names"), [
    ("a\x00b", "U+0000"), ("\ud800", "U+D800"), ("x\udfffy", "U+DFFF"), ("\udc00\ud800", "U+DC00"),
])
def test_nul_and_lone_surrogates_are_unstorable(text: str, names: str) -> None:
    why = unstorable(text)
    assert why is not None and names in why


def test_a_bad_json_string_is_named_by_its_path() -> None:
    body = {"outlet": "ok", "text": "a\x00", "meta": {"tags": ["fine", "\ud800"]}}
    with pytest.raises(InvalidInput) as caught:
        check_json_value(body)
    fields = [e["field"] for e in caught.value.extra["errors"]]
    assert fields == ["text", "meta.tags[1]"]
    assert "text" in caught.value.detail and "U+0000" in caught.value.detail


def test_a_bad_field_name_is_reported_at_its_parent() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_json_value({"nested": {"na\x00me": 1}})
    (error,) = caught.value.extra["errors"]
    assert error["field"] == "nested" and "name" in error["message"]


def test_a_bad_top_level_string_is_the_body() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_json_value("\x00")
    assert caught.value.extra["errors"][0]["field"] == "body"


def test_clean_json_passes() -> None:
    check_json_value({"outlet": "A", "text": "12,000 troops 😀", "n": [1, 2.5, None, True]})


def test_json_deeper_than_the_limit_is_a_bad_request() -> None:
    value: Any = "x"
    for _ in range(MAX_JSON_DEPTH):
        value = [value]
    check_json_value(value)
    with pytest.raises(BadRequest):
        check_json_value([value])
    with pytest.raises(BadRequest):
        check_json_value({"a": [value]})


def test_query_fields_are_named_and_a_bad_name_is_the_query() -> None:
    check_fields([("story", "nk"), ("limit", "5")], "query")
    with pytest.raises(InvalidInput) as caught:
        check_fields([("story", "\x00"), ("q\x00", "x"), ("outlet", "ok")], "query")
    assert [e["field"] for e in caught.value.extra["errors"]] == ["story", "query"]


@pytest.mark.parametrize(("media", "expected"), [
    ("application/json", True), ("application/problem+json", True),
    ("application/merge-patch+json", True), ("text/plain", False), ("", False),
    ("application/x-www-form-urlencoded", False), ("multipart/form-data", False),
    ("text/json", False), ("application/jsonx", False),
])
def test_what_counts_as_json(media: str, expected: bool) -> None:
    assert is_json(media) is expected


@pytest.mark.parametrize(("origin", "host", "expected"), [
    ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
    ("http://Example.org", "example.org", True),
    ("http://example.org", "example.org:80", True),
    ("https://example.org", "example.org", True),
    ("https://example.org:443", "example.org", True),
    ("http://127.0.0.1:8001", "127.0.0.1:8000", False),
    ("https://example.org", "example.org:80", False),
    ("http://evil.example", "127.0.0.1:8000", False),
    ("http://example.org.evil.example", "example.org", False),
    ("null", "127.0.0.1:8000", False),
    ("file://", "127.0.0.1:8000", False),
    ("http://example.org:port", "example.org", False),
    ("http://127.0.0.1:8000", "127.0.0.1:notaport", False),
])
def test_same_origin(origin: str, host: str, expected: bool) -> None:
    assert same_origin(origin, host) is expected


def forge(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def test_a_cursor_the_api_wrote_reads_back() -> None:
    assert decode_cursor(encode_cursor(42), an_id) == [42]
    assert decode_cursor(encode_cursor(0.75, 9), a_severity, an_id) == [0.75, 9]
    assert decode_cursor(encode_cursor(100), an_offset) == [100]
    assert decode_cursor(encode_cursor(MAX_ID), an_id) == [MAX_ID]


@pytest.mark.parametrize("cursor", [
    forge(["abc"]), forge([-5]), forge([0]), forge([True]), forge([1.5]), forge([2**63]),
    forge([None]), forge([]), forge([1, 2]), forge("1"), forge({"id": 1}), forge([[1]]),
    "garbage!!", "%%%", "", "a", "eyJ", forge([1]) + "*", "x" * 500,
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
])
def test_a_forged_id_cursor_is_invalid(cursor: str) -> None:
    with pytest.raises(InvalidCursor) as caught:
        decode_cursor(cursor, an_id)
    assert caught.value.status_code == 400
    assert caught.value.extra["errors"][0]["field"] == "cursor"


@pytest.mark.parametrize("cursor", [
    forge([0.5, "abc"]), forge([2, 1]), forge([-0.1, 1]), forge(["0.5", 1]), forge([0.5, 0]),
    forge([True, 1]), base64.urlsafe_b64encode(b"[NaN, 1]").decode(),
    base64.urlsafe_b64encode(b"[Infinity, 1]").decode(), forge([0.5]),
])
def test_a_forged_severity_cursor_is_invalid(cursor: str) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor, a_severity, an_id)


@pytest.mark.parametrize("cursor", [forge([-5]), forge([0]), forge([2**64]), forge(["10"]),
                                    forge([1.0])])
def test_a_forged_offset_cursor_is_invalid(cursor: str) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor, an_offset)
