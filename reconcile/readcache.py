"""Encoded GET responses, kept until the data they were built from changes.

Reads outnumber writes by far on a review desk (a dashboard polls, many reviewers open the same
queue), and the JSON of a page of conflicts costs milliseconds of Python to build: pydantic
models, consensus, encoding. A body built while the data was at generation g is served again,
byte for byte, for as long as the generation stays g; any committed write anywhere moves it on
(reconcile/store/changes.py), and with it every entry goes stale at once. There is no expiry
by time, so nothing stale is ever served once the write is known, and no entry outlives it.

The generation is read *before* the body is built: a write that commits while the body is
being built moves the generation on, so that body (which may or may not include the write) is
filed under the old generation and never served.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Page:
    body: bytes
    etag: str  # a strong validator: the same bytes get the same tag in every process

    @classmethod
    def of(cls, body: bytes) -> Page:
        return cls(body=body, etag='"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"')


class ReadCache:
    """A least-recently-used map of request keys to pages, bounded in bytes, for one
    generation of the data at a time.

    `generation` says what the data's generation is now, or None when it cannot be known
    (then nothing is served from the cache or kept in it).
    """

    def __init__(self, max_bytes: int, generation: Callable[[], int | None]) -> None:
        self.max_bytes = max_bytes
        self._generation = generation
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, Page] = OrderedDict()
        self._of: int | None = None  # the generation the stored pages were built in
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def generation(self) -> int | None:
        return self._generation() if self.enabled else None

    def get(self, key: str, generation: int | None) -> Page | None:
        if generation is None:
            return None
        with self._lock:
            page = self._pages.get(key) if generation == self._of else None
            if page is None:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return page

    def put(self, key: str, generation: int | None, page: Page) -> None:
        """Keep page for key, if it was built at generation and that is still the current one."""
        if generation is None or len(page.body) > self.max_bytes:
            return
        with self._lock:
            if generation != self._generation():
                return  # built from data that has changed since
            if generation != self._of:
                self._pages.clear()
                self._bytes, self._of = 0, generation
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._pages[key] = page
            self._bytes += len(page.body)
            while self._bytes > self.max_bytes:
                _, evicted = self._pages.popitem(last=False)
                self._bytes -= len(evicted.body)

    def __len__(self) -> int:
        with self._lock:
            return len(self._pages)

    @property
    def size_bytes(self) -> int:
        with self._lock:
            return self._bytes
