"""The time budget of the request being served, visible to its threads.

The API's middleware (api/deadline.py) sets it for each request; a transaction that writes
checks it just before committing (store/db.py), so work that ran past the budget, whose client
has already been answered, rolls back. Outside a request there is no budget.
"""

from __future__ import annotations

import time
from contextvars import ContextVar, Token

from reconcile.errors import RequestTimedOut

# time.monotonic(), which the request's threads share with the event loop
_deadline: ContextVar[float | None] = ContextVar("reconcile_request_deadline", default=None)


def start(seconds: float) -> Token[float | None]:
    """Give the current context `seconds` from now; tasks and threads started in it inherit it."""
    return _deadline.set(time.monotonic() + seconds)


def reset(token: Token[float | None]) -> None:
    _deadline.reset(token)


def check() -> None:
    """Raise RequestTimedOut once the current request's budget is spent."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise RequestTimedOut()
