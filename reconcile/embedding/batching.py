"""Micro-batching: concurrent callers share one call of a batch function.

Each `submit(items)` queues its items and waits. A worker thread takes everything queued
when it is free (up to `max_items`, whole submissions only) and makes one call of the batch
function, then hands each caller its slice of the results. Alone, a caller waits for nothing
but its own call; under load, the requests that arrive while a call runs ride together on the
next one. With one worker (the default) the batch function runs on that thread only, so it
needs no lock of its own; with `workers=N`, up to N calls run at once and it must be safe
for that.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")


class Closed(RuntimeError):
    """the batcher is closed"""


class MicroBatcher(Generic[T, R]):
    """Runs `fn` over the items of concurrent submissions together; `fn` returns one result per
    item, in order."""

    def __init__(self, fn: Callable[[list[T]], Sequence[R]], max_items: int = 256,
                 name: str = "micro-batcher", workers: int = 1) -> None:
        if max_items < 1:
            raise ValueError("max_items must be at least 1")
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self._fn = fn
        self.max_items = max_items
        self._queue: deque[tuple[list[T], Future[list[R]]]] = deque()
        self._cond = threading.Condition()
        self._closed = False
        self.calls = 0  # batch calls made, for tests and benchmarks
        self._workers = [threading.Thread(target=self._run, name=f"{name}-{n}", daemon=True)
                         for n in range(workers)]
        for worker in self._workers:
            worker.start()

    def submit(self, items: Sequence[T]) -> list[R]:
        """The results of `fn` for these items; raises what `fn` raised for their batch."""
        if not items:
            return []
        future: Future[list[R]] = Future()
        with self._cond:
            if self._closed:
                raise Closed(Closed.__doc__)
            self._queue.append((list(items), future))
            self._cond.notify()
        return future.result()

    def close(self) -> None:
        """Finish what is queued, then stop the workers. Later submissions raise Closed."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        for worker in self._workers:
            if worker is not threading.current_thread():
                worker.join()

    def _take(self) -> list[tuple[list[T], Future[list[R]]]] | None:
        with self._cond:
            while not self._queue:
                if self._closed:
                    return None
                self._cond.wait()
            batch = [self._queue.popleft()]
            size = len(batch[0][0])
            while self._queue and size + len(self._queue[0][0]) <= self.max_items:
                items, future = self._queue.popleft()
                batch.append((items, future))
                size += len(items)
            self.calls += 1
            return batch

    def _run(self) -> None:
        while (batch := self._take()) is not None:
            flat = [item for items, _ in batch for item in items]
            try:
                results = list(self._fn(flat))
                if len(results) != len(flat):
                    raise RuntimeError(f"batch function gave {len(results)} results for "
                                       f"{len(flat)} items")
            except Exception as exc:  # every caller of the batch gets the error
                for _, future in batch:
                    future.set_exception(exc)
                continue
            start = 0
            for items, future in batch:
                future.set_result(results[start:start + len(items)])
                start += len(items)
