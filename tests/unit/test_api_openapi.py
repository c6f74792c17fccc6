"""Which error responses an operation documents, without a server."""

from __future__ import annotations

import pytest

from reconcile.api.openapi import error_statuses


@pytest.mark.parametrize(("path", "method", "finds_one", "expected"), [
    ("/health", "GET", False, [503]),
    ("/api/clusters", "GET", False, [400, 422, 503]),
    ("/api/clusters/{cluster_id}", "GET", True, [400, 404, 422, 503]),
    ("/api/articles", "POST", False, [400, 401, 403, 413, 415, 422, 503]),
])
def test_error_statuses_follow_from_what_an_operation_is(path: str, method: str,
                                                         finds_one: bool,
                                                         expected: list[int]) -> None:
    assert error_statuses(path, method, finds_one=finds_one) == expected
