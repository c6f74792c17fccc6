"""Flights: overlapping requests for one key share one computation; nothing else is shared."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable

import pytest

from reconcile.api.flights import Flights


class Work:
    """A computation that counts its runs and finishes when told to."""

    def __init__(self, result: str = "page", error: Exception | None = None) -> None:
        self.result = result
        self.error = error
        self.runs = 0
        self.release = asyncio.Event()

    def __call__(self) -> Awaitable[str]:
        return self._run()

    async def _run(self) -> str:
        self.runs += 1
        await self.release.wait()
        if self.error is not None:
            raise self.error
        return f"{self.result} {self.runs}"


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def run(test: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(test())


def test_concurrent_calls_with_one_key_share_one_run() -> None:
    async def test() -> None:
        flights: Flights[str] = Flights()
        work = Work()
        callers = [asyncio.ensure_future(flights.run("k", work)) for _ in range(32)]
        await settle()
        work.release.set()
        assert await asyncio.gather(*callers) == ["page 1"] * 32
        assert work.runs == 1
        assert (flights.started, flights.joined) == (1, 31)
        assert len(flights) == 0

    run(test)


def test_different_keys_run_separately() -> None:
    async def test() -> None:
        flights: Flights[str] = Flights()
        first, second = Work("first"), Work("second")
        a = asyncio.ensure_future(flights.run(("/api/conflicts", 7), first))
        b = asyncio.ensure_future(flights.run(("/api/conflicts", 8), second))
        await settle()
        assert len(flights) == 2
        first.release.set()
        second.release.set()
        assert await asyncio.gather(a, b) == ["first 1", "second 1"]

    run(test)


def test_a_call_after_a_flight_landed_starts_a_new_one() -> None:
    async def test() -> None:
        flights: Flights[str] = Flights()
        work = Work()
        work.release.set()
        assert await flights.run("k", work) == "page 1"
        assert await flights.run("k", work) == "page 2"
        assert flights.started == 2 and flights.joined == 0

    run(test)


def test_every_caller_of_a_failed_flight_gets_its_error_and_the_next_call_retries() -> None:
    async def test() -> None:
        flights: Flights[str] = Flights()
        failing = Work(error=ValueError("database went away"))
        callers = [asyncio.ensure_future(flights.run("k", failing)) for _ in range(3)]
        await settle()
        failing.release.set()
        results = await asyncio.gather(*callers, return_exceptions=True)
        assert [str(r) for r in results] == ["database went away"] * 3
        assert all(isinstance(r, ValueError) for r in results)
        healthy = Work()
        healthy.release.set()
        assert await flights.run("k", healthy) == "page 1"

    run(test)


def test_a_caller_that_goes_away_does_not_cancel_the_others_flight() -> None:
    async def test() -> None:
        flights: Flights[str] = Flights()
        work = Work()
        leaver = asyncio.ensure_future(flights.run("k", work))
        stayer = asyncio.ensure_future(flights.run("k", work))
        await settle()
        leaver.cancel()
        await settle()
        work.release.set()
        assert await stayer == "page 1"
        assert leaver.cancelled()
        assert work.runs == 1

    run(test)


def test_a_flight_whose_callers_all_left_still_lands_and_is_forgotten() -> None:
    async def test() -> None:
        flights: Flights[str] = Flights()
        work = Work()
        leaver = asyncio.ensure_future(flights.run("k", work))
        await settle()
        leaver.cancel()
        await settle()
        assert len(flights) == 1  # still running, for anyone who asks again meanwhile
        work.release.set()
        await settle()
        assert len(flights) == 0

    run(test)


def test_an_error_nobody_waits_for_is_not_reported_as_never_retrieved() -> None:
    reported: list[dict[str, object]] = []

    async def test() -> None:
        asyncio.get_running_loop().set_exception_handler(lambda _, ctx: reported.append(ctx))
        flights: Flights[str] = Flights()
        failing = Work(error=RuntimeError("boom"))
        leaver = asyncio.ensure_future(flights.run("k", failing))
        await settle()
        leaver.cancel()
        failing.release.set()
        await settle()
        gc.collect()  # an unretrieved task exception is reported when the task is collected
        await settle()

    run(test)
    assert reported == []


def test_a_cancelled_flight_cancels_its_callers_and_is_forgotten() -> None:
    async def test() -> None:
        flights: Flights[str] = Flights()

        async def forever() -> str:
            await asyncio.Event().wait()
            return "never"

        caller = asyncio.ensure_future(flights.run("k", forever))
        await settle()
        (flight,) = asyncio.all_tasks() - {asyncio.current_task(), caller}
        flight.cancel()
        with pytest.raises(asyncio.CancelledError):
            await caller
        await settle()
        assert len(flights) == 0

    run(test)
