"""reconcile/api/params.py: the bounds of ids and cursors the controllers take."""

from __future__ import annotations

import re
from typing import get_args

from reconcile.api.params import CURSOR_PATTERN, MAX_ID, Cursor, Id
from reconcile.store.repo import MAX_CURSOR


def test_max_id_is_the_largest_integer_a_json_number_holds_exactly():
    assert MAX_ID == 2**53 - 1
    assert float(MAX_ID) == MAX_ID
    assert float(MAX_ID + 2) != MAX_ID + 2  # past it, doubles skip integers


def test_max_id_fits_a_postgres_bigint():
    assert MAX_ID < 2**63 - 1


def test_id_path_parameter_is_bounded_from_one_to_max_id():
    (kind, param) = get_args(Id)
    assert kind is int
    assert param.ge == 1
    assert param.le == MAX_ID


def test_cursor_pattern_takes_unpadded_base64url():
    pattern = re.compile(CURSOR_PATTERN)
    assert pattern.match("")
    assert pattern.match("eyJpZCI6IDV9")
    assert pattern.match("a-b_c")
    assert pattern.match("x" * MAX_CURSOR)


def test_cursor_pattern_rejects_padding_other_alphabets_and_long_text():
    pattern = re.compile(CURSOR_PATTERN)
    for bad in ("abc=", "a+b", "a/b", "a b", "é", "x" * (MAX_CURSOR + 1), "abc\n"):
        assert not pattern.fullmatch(bad), bad


def test_cursor_query_parameter_documents_its_pattern_and_length():
    (_, param) = get_args(Cursor)
    assert param.schema_extra == {"pattern": CURSOR_PATTERN, "maxLength": MAX_CURSOR}
    assert "400" in param.description
