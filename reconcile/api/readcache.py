"""Encoded GET responses, kept until the data they were built from changes.

Reads outnumber writes by far on a review desk (a dashboard polls, many reviewers open the same
queue), and the JSON of a page of conflicts costs milliseconds of Python to build: pydantic
models, consensus, encoding. A body is served again, byte for byte, for as long as nothing it
was built from has changed. What it was built from is its *scope*: one cluster of a story (a
cluster's page, a conflict's), one story (an article, a story's lists), or everything (lists
across stories). The data's versions come from the change feed (reconcile/store/changes.py):
for a cluster or a story, the generation of the last committed write that can have touched
it; for everything, the current generation. There is no expiry by time, so nothing stale is
ever served once the write is known, and no entry outlives it.

The generation is read *before* the body is built, and the body is kept only if its scope's
version has not moved past it by the time the body is done: a write that commits while the
body is being built (which may or may not be in the body) means it is never served again.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

from cachetools import LRUCache

# What a page was read from: a story, a (story, cluster id), or None: anywhere.
Scope = str | tuple[str, int] | None


@dataclass(frozen=True, slots=True)
class Page:
    body: bytes
    etag: str  # a strong validator: the same bytes get the same tag in every process

    @classmethod
    def of(cls, body: bytes) -> Page:
        return cls(body=body, etag='"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"')


@dataclass(frozen=True, slots=True)
class _Entry:
    page: Page
    scope: Scope
    version: int  # the scope's version it is valid for


class ReadCache:
    """A least-recently-used map of request keys to pages, bounded in bytes, each page valid
    while the version of its scope stays what it was built at.

    `version(scope)` says what the data's version is now for a scope (a story, a cluster of
    it, or None: everything), or None when it cannot be known (then nothing is served from the
    cache or kept in it).
    """

    def __init__(self, max_bytes: int, version: Callable[[Scope], int | None]) -> None:
        self.max_bytes = max_bytes
        self._version = version
        # cachetools is not thread-safe: every use of _entries holds _lock. Its size is bytes of
        # bodies; a body larger than all of them is never offered (put).
        self._lock = threading.Lock()
        self._entries: LRUCache[str, _Entry] = LRUCache(
            maxsize=max(max_bytes, 1), getsizeof=lambda e: len(e.page.body))
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def generation(self) -> int | None:
        """The current generation of all the data: read it before building a page."""
        return self._version(None) if self.enabled else None

    def get(self, key: str) -> Page | None:
        """The page kept for key, if nothing it was built from has changed since."""
        if not self.enabled:
            return None
        with self._lock:
            entry = self._entries.get(key)  # and the most recently used now
            if entry is not None and self._version(entry.scope) != entry.version:
                del self._entries[key]
                entry = None
            if entry is None:
                self.misses += 1
                return None
            self.hits += 1
            return entry.page

    def put(self, key: str, started: int | None, page: Page, scope: Scope = None) -> None:
        """Keep page for key: built from `scope` by a build that began at generation
        `started`, unless that scope has changed since then."""
        if started is None or len(page.body) > self.max_bytes:
            return
        with self._lock:
            version = self._version(scope)
            if version is None or version > started:
                return  # built from data that has changed since (or may have)
            self._entries[key] = _Entry(page, scope, version)  # evicts the least recently used

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    @property
    def size_bytes(self) -> int:
        with self._lock:
            return int(self._entries.currsize)
