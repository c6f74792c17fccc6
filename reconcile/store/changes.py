"""Which version of the data this process has seen: a counter bumped on every committed write,
and for each story the generation of the last write that touched it.

Migration 003 makes every writing transaction send a notification on `reconcile_changes` at
commit, whoever wrote (this process, another server process, `reconcile ingest`, plain SQL).
A thread of this process LISTENs on its own connection and bumps the counter for each one; the
read cache (reconcile/api/readcache.py) keeps a response only for the generation it was built in.

While the listener is not connected the generation is None: nothing can be known about other
writers then, so nothing is cached (it reconnects by itself and bumps on reconnecting, since
writes may have happened meanwhile).

Migration 004 makes each notification name the stories its rows belong to (a JSON array);
an empty payload, or one that cannot be read, means any story may have changed. Migration 005
makes a write to a cluster's rows name the clusters as well ({"stories": [...], "clusters":
[...]}): then the stories' lists and article pages are stale, and of their cluster pages only
those clusters'. A plain array still means every page of those stories.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

import psycopg
from psycopg.conninfo import make_conninfo

log = logging.getLogger(__name__)

CHANNEL = "reconcile_changes"
# Stories and clusters remembered one by one at most; past it, a change counts as a change to
# anything (which forgets them all): a bound on memory, at the price of one full invalidation.
MAX_STORIES = 100_000
MAX_CLUSTERS = 200_000  # about 20 MB of dict
# A listener whose server vanished without closing the connection would wait for the kernel's
# default keepalive (two hours) to notice, serving the cache all that time: ask sooner.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
              "keepalives_count": 3}


class ChangeFeed:
    def __init__(self, url: str, *, retry_s: float = 1.0, poll_s: float = 0.5) -> None:
        self.url = url
        self.retry_s = retry_s
        self.poll_s = poll_s  # how soon close() is noticed
        self._lock = threading.Lock()
        self._generation = 0
        self._unscoped = 0  # the generation of the last change that may have touched any story
        self._stories: dict[str, int] = {}  # story -> the generation of its last change
        # story -> the generation of its last change that may show on any of its cluster pages
        self._story_pages: dict[str, int] = {}
        self._clusters: dict[int, int] = {}  # cluster -> the generation of its last change
        self._live = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def live(self) -> bool:
        with self._lock:
            return self._live

    def version(self, story: str | None = None, cluster: int | None = None) -> int | None:
        """The generation of the last change that can have touched what is read from `story`
        alone, or from one `cluster` of it (None: from anywhere, i.e. the current generation);
        None while other writers cannot be heard."""
        with self._lock:
            if not self._live:
                return None
            if story is None:
                return self._generation
            if cluster is None:
                return max(self._unscoped, self._stories.get(story, 0))
            return max(self._unscoped, self._story_pages.get(story, 0),
                       self._clusters.get(cluster, 0))

    def bump(self, stories: Iterable[str] | None = None,
             clusters: Iterable[int] | None = None) -> None:
        """Something changed, in these stories only (None: anywhere): what was built from
        them before is stale; of their cluster pages, only those of `clusters` when the
        change names them (None: all of them)."""
        with self._lock:
            self._generation += 1
            if stories is not None:
                stories = list(stories)
                clusters = None if clusters is None else list(clusters)
                if (len(self._stories) + len(stories) > MAX_STORIES
                        or len(self._clusters) + len(clusters or ()) > MAX_CLUSTERS):
                    stories = None
            if stories is None:
                self._unscoped = self._generation
                # every story's and cluster's last change is this one now
                self._stories.clear()
                self._story_pages.clear()
                self._clusters.clear()
                return
            for story in stories:
                self._stories[story] = self._generation
                if clusters is None:
                    self._story_pages[story] = self._generation
            for cluster in clusters or ():
                self._clusters[cluster] = self._generation

    def start(self, wait_s: float = 5.0) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="reconcile-changes", daemon=True)
        self._thread.start()
        # Serve with a cache from the first request when the database is reachable.
        deadline = time.monotonic() + wait_s
        while not self.live and self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.poll_s + 5)
            self._thread = None
        self._set_live(False)

    def _set_live(self, live: bool) -> None:
        with self._lock:
            self._live = live
            self._generation += 1
            self._unscoped = self._generation
            self._stories.clear()
            self._story_pages.clear()
            self._clusters.clear()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(make_conninfo(self.url, **KEEPALIVES),
                                     autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._set_live(True)
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=self.poll_s):
                            change = change_of(note.payload)
                            self.bump(change.stories, change.clusters)
            except psycopg.Error as exc:
                if not self._stop.is_set():
                    log.warning("change listener lost its connection; caching is off until it "
                                "reconnects", extra={"action": "listen", "error": str(exc)})
            finally:
                self._set_live(False)
            self._stop.wait(self.retry_s)


@dataclass(frozen=True)
class Change:
    """What a notification says changed: these stories (None: any), and of their clusters
    these (None: any)."""

    stories: list[str] | None
    clusters: list[int] | None = None


def change_of(payload: str) -> Change:
    """A notification read strictly: anything unexpected means anything may have changed."""
    try:
        body = json.loads(payload) if payload else None
    except ValueError:
        return Change(None)
    if isinstance(body, dict) and set(body) == {"stories", "clusters"}:
        stories, clusters = body["stories"], body["clusters"]
        if (_strings(stories) and isinstance(clusters, list)
                and all(type(c) is int for c in clusters)):
            return Change(stories, clusters)
        return Change(None)
    return Change(body if _strings(body) else None)


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(s, str) for s in value)
