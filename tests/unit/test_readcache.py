"""The read cache: pages live for one generation of the data, within a byte budget."""

from __future__ import annotations

import threading

import pytest

from reconcile.readcache import Page, ReadCache


class Clock:
    """A stand-in for the change feed's generation (None: other writers cannot be heard)."""

    def __init__(self) -> None:
        self.now: int | None = 1

    def __call__(self) -> int | None:
        return self.now


def page(text: str) -> Page:
    return Page.of(text.encode())


def test_a_page_is_served_again_while_the_generation_holds() -> None:
    clock = Clock()
    cache = ReadCache(1000, clock)
    cache.put("/a", 1, page("one"))
    assert cache.get("/a", 1) == page("one")
    assert cache.hits == 1


def test_a_write_makes_every_page_stale() -> None:
    clock = Clock()
    cache = ReadCache(1000, clock)
    cache.put("/a", 1, page("one"))
    cache.put("/b", 1, page("two"))
    clock.now = 2
    assert cache.get("/a", 2) is None and cache.get("/b", 2) is None
    cache.put("/a", 2, page("three"))
    assert len(cache) == 1 and cache.get("/a", 2) == page("three")


def test_a_page_built_before_a_write_is_not_kept() -> None:
    clock = Clock()
    cache = ReadCache(1000, clock)
    generation = cache.generation()
    clock.now = 2  # a write committed while the page was being built
    cache.put("/a", generation, page("maybe stale"))
    assert cache.get("/a", 2) is None and len(cache) == 0


def test_nothing_is_cached_while_the_generation_is_unknown() -> None:
    clock = Clock()
    clock.now = None
    cache = ReadCache(1000, clock)
    assert cache.generation() is None
    cache.put("/a", None, page("one"))
    assert cache.get("/a", None) is None and len(cache) == 0


def test_a_zero_budget_turns_the_cache_off() -> None:
    cache = ReadCache(0, Clock())
    assert not cache.enabled and cache.generation() is None
    cache.put("/a", 1, page("one"))
    assert len(cache) == 0


def test_the_least_recently_used_pages_go_first_when_over_budget() -> None:
    cache = ReadCache(10, Clock())
    cache.put("/a", 1, page("aaaa"))
    cache.put("/b", 1, page("bbbb"))
    assert cache.get("/a", 1) is not None  # /a is now the most recently used
    cache.put("/c", 1, page("cccc"))
    assert cache.get("/b", 1) is None
    assert cache.get("/a", 1) is not None and cache.get("/c", 1) is not None
    assert cache.size_bytes == 8


def test_a_page_larger_than_the_budget_is_not_kept() -> None:
    cache = ReadCache(10, Clock())
    cache.put("/small", 1, page("ok"))
    cache.put("/big", 1, page("x" * 11))
    assert cache.get("/big", 1) is None and cache.get("/small", 1) is not None


def test_replacing_a_page_keeps_the_byte_count_right() -> None:
    cache = ReadCache(100, Clock())
    cache.put("/a", 1, page("12345"))
    cache.put("/a", 1, page("123"))
    assert cache.size_bytes == 3 and len(cache) == 1


def test_etags_depend_on_the_bytes_only() -> None:
    assert page("same").etag == page("same").etag
    assert page("same").etag != page("other").etag
    assert page("x").etag.startswith('"') and page("x").etag.endswith('"')


def test_concurrent_use_keeps_the_budget() -> None:
    cache = ReadCache(500, Clock())

    def work(n: int) -> None:
        for i in range(300):
            cache.put(f"/{n}/{i % 40}", 1, page("x" * (i % 30)))
            cache.get(f"/{n}/{(i * 7) % 40}", 1)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.size_bytes <= 500
    assert cache.size_bytes == sum(len(p.body) for p in cache._pages.values())


@pytest.mark.parametrize("budget", [1, 64])
def test_an_empty_body_fits_any_budget(budget: int) -> None:
    cache = ReadCache(budget, Clock())
    cache.put("/empty", 1, page(""))
    assert cache.get("/empty", 1) == page("")
