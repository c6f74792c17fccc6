"""The write guard's token check, on raw header bytes (a test client re-encodes them)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from reconcile.api.deps import bearer_token, require_token
from reconcile.errors import Unauthorized


def connection(token: str | None, *headers: tuple[bytes, bytes]) -> Any:
    return SimpleNamespace(scope={"headers": list(headers)},
                           app=SimpleNamespace(state={"api_token": token}))


@pytest.mark.parametrize(("header", "expected"), [
    (b"Bearer abc", b"abc"), (b"bearer  abc ", b"abc"), (b"Basic abc", b""), (b"Bearer", b""),
    (b"Bearer \xc3\xa9", b"\xc3\xa9"), (b"Bearer \xe9", b"\xe9"),
])
def test_bearer_token_is_the_raw_bytes_after_the_scheme(header: bytes, expected: bytes) -> None:
    assert bearer_token(connection("t", (b"authorization", header))) == expected


def test_no_authorization_header_is_no_token() -> None:
    assert bearer_token(connection("t", (b"x-other", b"Bearer abc"))) == b""


@pytest.mark.parametrize("header", [b"Bearer \xe9", b"Bearer \xc3\xa9", b"Bearer \xff\x00",
                                    b"Bearer s3cret-\xe9", b""])
def test_a_wrong_token_in_any_bytes_is_unauthorized(header: bytes) -> None:
    with pytest.raises(Unauthorized):
        require_token(connection("s3cret-é", (b"authorization", header)), None)  # type: ignore[arg-type]


def test_a_non_ascii_token_sent_as_utf8_passes() -> None:
    require_token(connection("s3cret-é", (b"authorization", "Bearer s3cret-é".encode())),
                  None)  # type: ignore[arg-type]


def test_without_a_token_configured_anything_passes() -> None:
    require_token(connection(None), None)  # type: ignore[arg-type]
