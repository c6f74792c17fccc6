"""The HTTP server under the app: uvicorn, with a deadline on every request's headers.

uvicorn closes idle keep-alive connections, but waits as long as it takes for a request's
headers once a connection is open or a request has begun: a few hundred clients that connect
and send nothing, or a byte now and then, would hold a file descriptor and a parser each for
as long as they like. HeaderDeadline closes them. What a request may cost once its headers are
in is bounded by the app (reconcile/deadline.py), not here.
"""

from __future__ import annotations

import asyncio
import functools
import signal
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from reconcile.settings import Settings

LATE_HEADERS = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                b"connection: close\r\ncontent-length: 35\r\n\r\n"
                b"the request headers came too slowly")


class HeaderDeadline(HttpToolsProtocol):
    """HTTP/1.1 (httptools) that closes a connection whose request line and headers are not all
    in within `header_timeout` seconds: counted from the connection's opening for its first
    request, and from the first byte of each later one (uvicorn's keep-alive timeout covers the
    wait between requests)."""

    def __init__(self, *args: Any, header_timeout: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = header_timeout
        self._deadline: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        if self._deadline is None:
            self._deadline = self.loop.call_later(self.header_timeout, self._headers_late)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _headers_late(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        # A pipelined request's response may still be going out: a 408 in its middle would
        # corrupt it, so then the connection is only closed.
        if self.cycle is None or self.cycle.response_complete:
            self.transport.write(LATE_HEADERS)
        self.transport.close()


def server_config(app: Any, host: str, port: int, settings: Settings) -> uvicorn.Config:
    """uvicorn's configuration with the time limits of the settings."""
    return uvicorn.Config(
        app, host=host, port=port, log_level="info",
        http=functools.partial(HeaderDeadline, header_timeout=settings.header_timeout_s),  # type: ignore[arg-type]
        timeout_keep_alive=settings.keepalive_timeout_s,
        # Requests still running when a stop is asked for get the time any request may take.
        timeout_graceful_shutdown=int(settings.request_timeout_s) + 1,
    )


class Stopped(SystemExit):
    """SIGTERM or SIGINT asked the process to stop; it did, cleanly, so it exits with 0."""


def _stop(signum: int, _: FrameType | None) -> None:
    raise Stopped(0)


def stop_on_signals() -> None:
    """Turn SIGTERM and SIGINT into an exception, so `finally` blocks and atexit hooks run.

    uvicorn handles both while it serves, shuts down gracefully, then raises the signal again
    with the handlers it found: with the default SIGTERM handler that ends the process on the
    spot, and whatever the process started (the embedded PostgreSQL, the model's process) is
    left running. With this handler installed first, that re-raised signal unwinds instead.
    """
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _stop)
