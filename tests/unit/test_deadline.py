"""reconcile/deadline.py: the time budget of the request being served, held in a context
variable that tasks and threads started within the request inherit."""

from __future__ import annotations

import contextvars
import threading
import time

import pytest

from reconcile import deadline
from reconcile.errors import RequestTimedOut


def test_outside_a_request_there_is_no_budget_to_spend():
    fresh = contextvars.Context()
    fresh.run(deadline.check)  # no deadline set: never raises


def test_budget_not_yet_spent_passes_the_check():
    token = deadline.start(60)
    try:
        deadline.check()
    finally:
        deadline.reset(token)


def test_spent_budget_raises_request_timed_out():
    token = deadline.start(-1)
    try:
        with pytest.raises(RequestTimedOut):
            deadline.check()
    finally:
        deadline.reset(token)


def test_budget_runs_out_as_time_passes():
    token = deadline.start(0.05)
    try:
        deadline.check()
        time.sleep(0.1)
        with pytest.raises(RequestTimedOut):
            deadline.check()
    finally:
        deadline.reset(token)


def test_reset_restores_no_budget():
    token = deadline.start(-1)
    deadline.reset(token)
    deadline.check()


def test_nested_budget_is_undone_by_its_own_reset():
    outer = deadline.start(60)
    try:
        inner = deadline.start(-1)
        with pytest.raises(RequestTimedOut):
            deadline.check()
        deadline.reset(inner)
        deadline.check()  # the outer, unspent budget again
    finally:
        deadline.reset(outer)


def test_budget_set_in_one_context_does_not_leak_into_another():
    def spend() -> None:
        deadline.start(-1)
        with pytest.raises(RequestTimedOut):
            deadline.check()

    contextvars.Context().run(spend)
    deadline.check()  # this context never had a budget


def test_thread_started_with_the_requests_context_sees_its_budget():
    seen: list[BaseException | None] = []

    def work() -> None:
        try:
            deadline.check()
        except RequestTimedOut as e:
            seen.append(e)
        else:
            seen.append(None)

    def request() -> None:
        deadline.start(-1)
        ctx = contextvars.copy_context()
        t = threading.Thread(target=ctx.run, args=(work,))
        t.start()
        t.join()

    contextvars.Context().run(request)
    assert len(seen) == 1 and isinstance(seen[0], RequestTimedOut)


def test_plain_thread_does_not_inherit_the_budget():
    seen: list[bool] = []

    def work() -> None:
        try:
            deadline.check()
        except RequestTimedOut:
            seen.append(False)
        else:
            seen.append(True)

    def request() -> None:
        deadline.start(-1)
        t = threading.Thread(target=work)
        t.start()
        t.join()

    contextvars.Context().run(request)
    assert seen == [True]


def test_request_timed_out_is_a_503():
    assert RequestTimedOut.status_code == 503
