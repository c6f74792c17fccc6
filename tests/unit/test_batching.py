"""MicroBatcher: concurrent submissions share one call, each gets its own results."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from reconcile.embedding.batching import Closed, MicroBatcher


def test_a_lone_submission_gets_the_results_of_its_items_in_order() -> None:
    batcher = MicroBatcher(lambda items: [x * 2 for x in items])
    try:
        assert batcher.submit([1, 2, 3]) == [2, 4, 6]
        assert batcher.submit([]) == []
        assert batcher.calls == 1
    finally:
        batcher.close()


def test_submissions_that_arrive_during_a_call_share_the_next_one() -> None:
    started, release = threading.Event(), threading.Event()
    seen: list[list[int]] = []

    def fn(items: list[int]) -> list[int]:
        seen.append(list(items))
        if len(seen) == 1:
            started.set()
            release.wait(5)
        return [x + 100 for x in items]

    batcher = MicroBatcher(fn)
    try:
        with ThreadPoolExecutor(6) as pool:
            first = pool.submit(batcher.submit, [0])
            assert started.wait(5)
            later = [pool.submit(batcher.submit, [i, i * 10]) for i in range(1, 6)]
            while len(batcher._queue) < 5:  # all queued behind the running call
                threading.Event().wait(0.01)
            release.set()
            assert first.result() == [100]
            assert [f.result() for f in later] == [[100 + i, 100 + i * 10] for i in range(1, 6)]
        assert len(seen) == 2  # the five waiting submissions rode on one call
        assert sorted(seen[1]) == sorted(x for i in range(1, 6) for x in (i, i * 10))
    finally:
        batcher.close()


def test_a_call_takes_whole_submissions_up_to_max_items() -> None:
    started, release = threading.Event(), threading.Event()
    sizes: list[int] = []

    def fn(items: list[int]) -> list[int]:
        sizes.append(len(items))
        if len(sizes) == 1:
            started.set()
            release.wait(5)
        return items

    batcher = MicroBatcher(fn, max_items=5)
    try:
        with ThreadPoolExecutor(5) as pool:
            pool.submit(batcher.submit, [0])
            assert started.wait(5)
            futures = [pool.submit(batcher.submit, [1, 2, 3]) for _ in range(3)]
            futures.append(pool.submit(batcher.submit, list(range(9))))  # alone: too big
            while len(batcher._queue) < 4:
                threading.Event().wait(0.01)
            release.set()
            for f in futures:
                f.result()
        assert sizes[0] == 1 and sorted(sizes[1:]) == [3, 3, 3, 9]
    finally:
        batcher.close()


def test_an_error_reaches_every_caller_of_the_batch_and_the_next_batch_runs() -> None:
    calls = 0

    def fn(items: list[int]) -> list[int]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ValueError("model failed")
        return items

    batcher = MicroBatcher(fn)
    try:
        with pytest.raises(ValueError, match="model failed"):
            batcher.submit([1])
        assert batcher.submit([2]) == [2]
    finally:
        batcher.close()


def test_a_function_giving_the_wrong_number_of_results_is_an_error() -> None:
    batcher = MicroBatcher(lambda items: items[:-1])
    try:
        with pytest.raises(RuntimeError, match="2 results for 3 items"):
            batcher.submit([1, 2, 3])
    finally:
        batcher.close()


def test_after_close_submissions_are_refused() -> None:
    batcher = MicroBatcher(lambda items: items)
    batcher.close()
    with pytest.raises(Closed):
        batcher.submit([1])
    with pytest.raises(ValueError):
        MicroBatcher(lambda items: items, max_items=0)


def test_with_two_workers_a_second_call_runs_while_the_first_is_still_running() -> None:
    both = threading.Barrier(2, timeout=5)  # broken (an error) unless two calls run at once

    def fn(items: list[int]) -> list[int]:
        both.wait()
        return [x + 1 for x in items]

    batcher = MicroBatcher(fn, workers=2)
    try:
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(batcher.submit, [1])
            while batcher.calls < 1:  # until a worker has taken it: [2] must not ride along
                threading.Event().wait(0.001)
            second = pool.submit(batcher.submit, [2])
            assert (first.result(10), second.result(10)) == ([2], [3])
        assert batcher.calls == 2
    finally:
        batcher.close()


def test_close_stops_every_worker() -> None:
    batcher = MicroBatcher(lambda items: items, workers=3)
    assert batcher.submit(["a"]) == ["a"]
    batcher.close()
    assert not any(worker.is_alive() for worker in batcher._workers)
    with pytest.raises(Closed):
        batcher.submit(["b"])


def test_there_must_be_a_worker() -> None:
    with pytest.raises(ValueError, match="workers must be at least 1"):
        MicroBatcher(lambda items: items, workers=0)
