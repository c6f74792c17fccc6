"""Which version of the data this process has seen: a counter bumped on every committed write.

Migration 003 makes every writing transaction send a notification on `reconcile_changes` at
commit, whoever wrote (this process, another server process, `reconcile ingest`, plain SQL).
A thread of this process LISTENs on its own connection and bumps the counter for each one; the
read cache (reconcile/readcache.py) keeps a response only for the generation it was built in.

While the listener is not connected the generation is None: nothing can be known about other
writers then, so nothing is cached (it reconnects by itself and bumps on reconnecting, since
writes may have happened meanwhile).
"""

from __future__ import annotations

import logging
import threading
import time

import psycopg

log = logging.getLogger(__name__)

CHANNEL = "reconcile_changes"


class ChangeFeed:
    def __init__(self, url: str, *, retry_s: float = 1.0, poll_s: float = 0.5) -> None:
        self.url = url
        self.retry_s = retry_s
        self.poll_s = poll_s  # how soon close() is noticed
        self._lock = threading.Lock()
        self._generation = 0
        self._live = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def generation(self) -> int | None:
        """The current generation; None while other writers cannot be heard."""
        with self._lock:
            return self._generation if self._live else None

    @property
    def live(self) -> bool:
        with self._lock:
            return self._live

    def bump(self) -> None:
        """Something changed: what was built before is stale."""
        with self._lock:
            self._generation += 1

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

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._set_live(True)
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=self.poll_s):
                            self.bump()
            except psycopg.Error as exc:
                if not self._stop.is_set():
                    log.warning("change listener lost its connection; caching is off until it "
                                "reconnects", extra={"action": "listen", "error": str(exc)})
            finally:
                self._set_live(False)
            self._stop.wait(self.retry_s)
