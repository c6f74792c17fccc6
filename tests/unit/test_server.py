"""The HTTP server's header deadline, on a real uvicorn and real sockets (a trivial app)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from reconcile.server import server_config
from reconcile.settings import Settings

HEADER_TIMEOUT = 0.5


async def hello(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", b"5")]})
    await send({"type": "http.response.body", "body": b"hello"})


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    settings = Settings(RECONCILE_HEADER_TIMEOUT_S=HEADER_TIMEOUT,
                        RECONCILE_KEEPALIVE_TIMEOUT_S=30)
    config = server_config(hello, "127.0.0.1", 0, settings)
    config.log_level = "warning"
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    thread.join(10)


def read_all(conn: socket.socket, limit: float = 5.0) -> tuple[bytes, float]:
    """Everything the server sends until it closes, and when it closed."""
    conn.settimeout(limit)
    chunks = []
    while chunk := conn.recv(4096):
        chunks.append(chunk)
    return b"".join(chunks), time.monotonic()


def test_a_connection_that_sends_nothing_is_answered_408_and_closed(port: int) -> None:
    # The server's clock starts at its accept, a moment before ours can, and an event
    # loop may run a timer a tick early: held "about" the deadline, not closed at once.
    with socket.create_connection(("127.0.0.1", port)) as conn:
        start = time.monotonic()
        answer, closed = read_all(conn)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert HEADER_TIMEOUT * 0.8 <= closed - start < HEADER_TIMEOUT + 2


def test_headers_trickling_in_are_cut_off_at_the_deadline(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as conn:
        start = time.monotonic()
        conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        for _ in range(3):  # a header every 0.3 s: never done, always a little more
            time.sleep(0.3)
            try:
                conn.sendall(b"X-Slow: 1\r\n")
            except OSError:
                break
        answer, closed = read_all(conn)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert closed - start < HEADER_TIMEOUT + 2


def test_prompt_requests_are_served_and_kept_alive_past_the_header_deadline(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.settimeout(5)
        for _ in range(2):  # the second request comes after the first one's deadline
            conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = b""
            while not answer.endswith(b"hello"):
                answer += conn.recv(4096)
            assert answer.startswith(b"HTTP/1.1 200 ") and answer.endswith(b"hello")
            time.sleep(HEADER_TIMEOUT + 0.2)
