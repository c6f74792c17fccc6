"""The per-request time budget: answered at the deadline, later output dropped, the budget
visible to the handler's threads."""

from __future__ import annotations

import asyncio
import contextvars
import json
import threading
import time
from typing import Any

import anyio.to_thread
import pytest

from reconcile import deadline
from reconcile.api.deadline import RequestDeadline
from reconcile.errors import RequestTimedOut

Message = dict[str, Any]


def scope(method: str = "GET", headers: list[tuple[bytes, bytes]] | None = None) -> Any:
    return {"type": "http", "method": method, "path": "/api/x", "headers": headers or []}


async def call(app: Any, scope: Any, body_chunks: list[bytes] | None = None
               ) -> tuple[list[Message], float]:
    """Run the app once: the client sends body_chunks, then nothing more. What the app sent,
    and how long it took."""
    sent: list[Message] = []
    chunks = list(body_chunks or [])

    async def receive() -> Message:
        if chunks:
            return {"type": "http.request", "body": chunks.pop(0), "more_body": True}
        await asyncio.sleep(3600)  # a client that never sends the rest
        raise AssertionError("unreachable")

    async def send(message: Message) -> None:
        sent.append(message)

    start = time.monotonic()
    await app(scope, receive, send)
    return sent, time.monotonic() - start


def answer(sent: list[Message]) -> tuple[int, dict[str, Any]]:
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], json.loads(body)


def respond_after(seconds: float, seen: list[bool] | None = None) -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        def work() -> None:  # as a sync handler does, in a thread that cannot be interrupted
            time.sleep(seconds)
            if seen is not None:
                try:
                    deadline.check()
                    seen.append(False)
                except RequestTimedOut:
                    seen.append(True)

        await anyio.to_thread.run_sync(work)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})
    return app


def test_a_request_within_its_budget_is_untouched() -> None:
    sent, _ = asyncio.run(call(RequestDeadline(respond_after(0.01), 5), scope()))
    assert answer(sent) == (200, {})


def test_a_slow_handler_is_answered_503_at_the_deadline_and_its_late_answer_dropped() -> None:
    seen: list[bool] = []

    async def run() -> tuple[list[Message], float]:
        result = await call(RequestDeadline(respond_after(0.6, seen), 0.2), scope())
        await asyncio.sleep(0.8)  # the abandoned handler finishes meanwhile
        return result

    sent, took = asyncio.run(run())
    status, body = answer(sent)
    assert status == 503 and body["title"] == "Request timed out"
    assert sent[0]["headers"][0] == (b"content-type", b"application/problem+json")
    assert took < 0.5
    assert len(sent) == 2  # the handler's own 200 never went out
    assert seen == [True]  # its thread saw the budget spent, so a write would roll back


def test_a_body_that_does_not_arrive_in_time_is_a_408() -> None:
    async def read_body(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass

    headers = [(b"content-length", b"100")]
    sent, took = asyncio.run(call(RequestDeadline(read_body, 0.2), scope("POST", headers),
                                  [b"x" * 10, b"y" * 10]))
    assert answer(sent)[0] == 408 and took < 1


def test_the_budget_holds_in_its_request_and_threads_started_from_it() -> None:
    deadline.check()
    token = deadline.start(0)
    try:
        with pytest.raises(RequestTimedOut):
            deadline.check()
        # a thread started from the request's context inherits its budget
        errors: list[BaseException] = []

        def in_thread() -> None:
            try:
                deadline.check()
            except RequestTimedOut as exc:
                errors.append(exc)

        ctx = contextvars.copy_context()
        t = threading.Thread(target=ctx.run, args=(in_thread,))
        t.start()
        t.join()
        assert errors
    finally:
        deadline.reset(token)
    deadline.check()
