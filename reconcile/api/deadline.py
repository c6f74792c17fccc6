"""A time budget for every request: an answer within RECONCILE_REQUEST_TIMEOUT_S, and no write
after it.

Handlers run in threads, which cannot be interrupted. So at the deadline RequestDeadline
answers in the handler's place (503, or 408 when the request body has not all arrived) and
drops whatever the handler sends later; and a transaction that writes checks the budget just
before it commits (reconcile/deadline.py, store/db.py), so work that runs past it rolls back.
A client told that its request timed out can send it again knowing nothing of it was stored.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import msgspec
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from reconcile import deadline

log = logging.getLogger(__name__)


def _problem(status: int, title: str, detail: str) -> tuple[Message, Message]:
    body = msgspec.json.encode({"type": "about:blank", "title": title, "status": status,
                                "detail": detail, "errors": []})
    start: Message = {"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]}
    return start, {"type": "http.response.body", "body": body, "more_body": False}


def _announces_body(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"transfer-encoding" or (name == b"content-length" and value.strip() != b"0"):
            return True
    return False


class RequestDeadline:
    """ASGI middleware giving each HTTP request `seconds` to be answered."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds
        self._overdue: set[asyncio.Task[Any]] = set()  # kept until they end, so not collected

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        started = answered = False
        body_in = not _announces_body(scope)

        async def receive_body() -> ReceiveMessage:
            nonlocal body_in
            message = await receive()
            if message["type"] == "http.request" and not message.get("more_body", False):
                body_in = True
            return message

        async def send_unless_answered(message: Message) -> None:
            nonlocal started
            if answered:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        # The task runs in a copy of this context, so the handler's threads see the deadline.
        token = deadline.start(self.seconds)
        try:
            task = asyncio.ensure_future(self.app(scope, receive_body, send_unless_answered))
        finally:
            deadline.reset(token)
        done, _ = await asyncio.wait({task}, timeout=self.seconds)
        if done or started:  # a response already under way is let finish
            await task
            return
        answered = True
        task.cancel()  # stops what awaits; a thread runs on, and its transaction rolls back
        self._overdue.add(task)
        task.add_done_callback(self._forget)
        if body_in:
            status, title = 503, "Request timed out"
            detail = (f"the request took longer than {self.seconds:g} s and was abandoned; "
                      "nothing of it was stored")
        else:
            status, title = 408, "Request timeout"
            detail = f"the request body did not arrive within {self.seconds:g} s"
        log.warning("request timed out", extra={"action": "timeout", "path": scope["path"],
                                                "status": status})
        for message in _problem(status, title, detail):
            await send(message)

    def _forget(self, task: asyncio.Task[Any]) -> None:
        self._overdue.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.info("abandoned request ended", extra={"action": "timeout",
                                                       "detail": repr(task.exception())})
