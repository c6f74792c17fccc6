"""The read cache: a page lives while nothing it was read from changes, within a byte budget."""

from __future__ import annotations

import threading

import pytest

from reconcile.api.readcache import Page, ReadCache


class Versions:
    """A stand-in for the change feed: the generation, and each story's last change (None:
    other writers cannot be heard)."""

    def __init__(self) -> None:
        self.now = 1
        self.live = True
        self.stories: dict[str, int] = {}
        self.unscoped = 0

    def write(self, *stories: str) -> None:
        """A committed write, to these stories (none named: to anything)."""
        self.now += 1
        if not stories:
            self.unscoped = self.now
        for story in stories:
            self.stories[story] = self.now

    def __call__(self, scope: str | None) -> int | None:
        if not self.live:
            return None
        if scope is None:
            return self.now
        return max(self.unscoped, self.stories.get(scope, 0))


def page(text: str) -> Page:
    return Page.of(text.encode())


def test_a_page_is_served_again_while_nothing_changes() -> None:
    cache = ReadCache(1000, Versions())
    cache.put("/a", cache.generation(), page("one"))
    assert cache.get("/a") == page("one")
    assert cache.hits == 1 and cache.misses == 0


def test_any_write_makes_every_page_read_from_everywhere_stale() -> None:
    versions = Versions()
    cache = ReadCache(1000, versions)
    started = cache.generation()
    cache.put("/api/conflicts", started, page("one"))
    cache.put("/api/clusters", started, page("two"))
    versions.write("another story")
    assert cache.get("/api/conflicts") is None and cache.get("/api/clusters") is None
    assert len(cache) == 0 and cache.size_bytes == 0
    cache.put("/api/conflicts", cache.generation(), page("three"))
    assert cache.get("/api/conflicts") == page("three")


def test_a_page_of_one_story_outlives_writes_to_other_stories() -> None:
    versions = Versions()
    cache = ReadCache(1000, versions)
    cache.put("/api/clusters/1", cache.generation(), page("cluster of nk"), scope="nk")
    versions.write("quake")
    versions.write("flood", "budget")
    assert cache.get("/api/clusters/1") == page("cluster of nk")


def test_a_write_to_its_story_makes_a_scoped_page_stale() -> None:
    versions = Versions()
    cache = ReadCache(1000, versions)
    cache.put("/api/clusters/1", cache.generation(), page("cluster of nk"), scope="nk")
    versions.write("quake", "nk")
    assert cache.get("/api/clusters/1") is None and len(cache) == 0


def test_a_write_to_anything_makes_scoped_pages_stale_too() -> None:
    versions = Versions()
    cache = ReadCache(1000, versions)
    cache.put("/api/clusters/1", cache.generation(), page("cluster of nk"), scope="nk")
    versions.write()  # e.g. new outlet weights, a TRUNCATE, a review
    assert cache.get("/api/clusters/1") is None


def test_a_page_built_across_a_write_to_its_scope_is_not_kept() -> None:
    versions = Versions()
    cache = ReadCache(1000, versions)
    started = cache.generation()
    versions.write("nk")  # committed while the page was being built: it may or may not be in it
    cache.put("/api/clusters/1", started, page("maybe stale"), scope="nk")
    cache.put("/api/conflicts", started, page("maybe stale"))
    assert len(cache) == 0


def test_a_page_built_across_a_write_elsewhere_is_kept_for_its_story() -> None:
    versions = Versions()
    cache = ReadCache(1000, versions)
    started = cache.generation()
    versions.write("quake")
    cache.put("/api/clusters/1", started, page("cluster of nk"), scope="nk")
    assert cache.get("/api/clusters/1") == page("cluster of nk")


def test_nothing_is_cached_or_served_while_writers_cannot_be_heard() -> None:
    versions = Versions()
    cache = ReadCache(1000, versions)
    cache.put("/a", cache.generation(), page("one"), scope="nk")
    versions.live = False
    assert cache.generation() is None
    assert cache.get("/a") is None and len(cache) == 0
    cache.put("/b", None, page("two"))
    cache.put("/c", 1, page("three"))
    assert len(cache) == 0


def test_a_zero_budget_turns_the_cache_off() -> None:
    cache = ReadCache(0, Versions())
    assert not cache.enabled and cache.generation() is None
    cache.put("/a", 1, page("one"))
    assert len(cache) == 0 and cache.get("/a") is None


def test_the_least_recently_used_pages_go_first_when_over_budget() -> None:
    cache = ReadCache(10, Versions())
    cache.put("/a", 1, page("aaaa"))
    cache.put("/b", 1, page("bbbb"), scope="nk")
    assert cache.get("/a") is not None  # /a is now the most recently used
    cache.put("/c", 1, page("cccc"))
    assert cache.get("/b") is None
    assert cache.get("/a") is not None and cache.get("/c") is not None
    assert cache.size_bytes == 8


def test_a_page_larger_than_the_budget_is_not_kept() -> None:
    cache = ReadCache(10, Versions())
    cache.put("/small", 1, page("ok"))
    cache.put("/big", 1, page("x" * 11))
    assert cache.get("/big") is None and cache.get("/small") is not None


def test_replacing_a_page_keeps_the_byte_count_right() -> None:
    cache = ReadCache(100, Versions())
    cache.put("/a", 1, page("12345"))
    cache.put("/a", 1, page("123"), scope="nk")
    assert cache.size_bytes == 3 and len(cache) == 1


def test_a_stale_page_dropped_on_reading_frees_its_bytes() -> None:
    versions = Versions()
    cache = ReadCache(100, versions)
    cache.put("/a", 1, page("12345"), scope="nk")
    cache.put("/b", 1, page("123"), scope="quake")
    versions.write("nk")
    assert cache.get("/a") is None
    assert cache.size_bytes == 3 and len(cache) == 1


def test_etags_depend_on_the_bytes_only() -> None:
    assert page("same").etag == page("same").etag
    assert page("same").etag != page("other").etag
    assert page("x").etag.startswith('"') and page("x").etag.endswith('"')


def test_concurrent_use_keeps_the_budget() -> None:
    versions = Versions()
    cache = ReadCache(500, versions)

    def work(n: int) -> None:
        for i in range(300):
            cache.put(f"/{n}/{i % 40}", versions.now, page("x" * (i % 30)),
                      scope=None if i % 3 else f"story {i % 5}")
            cache.get(f"/{n}/{(i * 7) % 40}")
            if n == 0 and i % 50 == 0:
                versions.write(f"story {i % 5}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.size_bytes <= 500
    assert cache.size_bytes == sum(len(e.page.body) for e in cache._entries.values())


@pytest.mark.parametrize("budget", [1, 64])
def test_an_empty_body_fits_any_budget(budget: int) -> None:
    cache = ReadCache(budget, Versions())
    cache.put("/empty", 1, page(""))
    assert cache.get("/empty") == page("")
