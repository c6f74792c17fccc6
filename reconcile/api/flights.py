"""Single flight: concurrent requests for the same thing share one computation of it.

After a write every cached answer is stale at once, and a busy review desk asks for the same few
pages (the conflicts queue, the clusters under review) from many clients at the same moment.
Built independently, N concurrent misses of one page cost N builds, all on the same CPUs, and
each waits for all the others: the latency of a read just after a write grows with the number
of readers. Sharing one build makes it cost one build, whoever asks.

A flight is keyed by what is asked *and* the data generation it is built for, so a request
never joins a build of older data than it may see. The work runs as its own task: a caller
that goes away (a client that disconnects) does not cancel it for the others waiting on it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Flights(Generic[T]):
    """Runs `work()` once for concurrent `run(key, work)` calls with an equal key.

    Only calls that overlap share: once a flight lands (with a result or an error) the next
    call starts a new one. Every caller of a flight gets its result or its exception. Used
    from one event loop.
    """

    def __init__(self) -> None:
        self._flying: dict[Hashable, asyncio.Task[T]] = {}
        self.started = 0  # flights started, for tests and benchmarks
        self.joined = 0  # calls that waited on another caller's flight

    async def run(self, key: Hashable, work: Callable[[], Awaitable[T]]) -> T:
        flight = self._flying.get(key)
        if flight is None:
            flight = asyncio.ensure_future(work())
            self._flying[key] = flight
            self.started += 1
            flight.add_done_callback(lambda done: self._land(key, done))
        else:
            self.joined += 1
        # shield: cancelling this caller must not cancel the work the others wait on.
        return await asyncio.shield(flight)

    def __len__(self) -> int:
        return len(self._flying)

    def _land(self, key: Hashable, flight: asyncio.Task[T]) -> None:
        if self._flying.get(key) is flight:
            del self._flying[key]
        if not flight.cancelled():
            # Mark the error seen: its callers re-raise it, and if all of them went away
            # nobody should log "exception was never retrieved" about a request's error.
            flight.exception()
