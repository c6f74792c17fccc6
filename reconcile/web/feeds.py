"""News feeds (RSS, Atom) polled for new articles, each page fetched and ingested once.

Several server processes may poll one database: a feed is leased to one of them at a time by
a row claimed in PostgreSQL (store/feeds.sql, claim_due_feeds: FOR UPDATE SKIP LOCKED, then a
lease that outlives the statement), so no lock lives in a process's memory and a poller that
dies mid-poll holds its feeds only until the lease ends. A hand-written loop rather than a job
queue (procrastinate): one periodic statement and two tables do it, with no second schema, no
worker process to run and no dependency to keep, and the feed rows are what GET /api/feeds
shows anyway.

Each poll is a conditional GET (ETag, Last-Modified); an entry is known by its id (else its
link); an entry seen before is skipped unless its page failed, which is retried with a growing
wait while the feed lists it, up to MAX_ATTEMPTS. A feed that fails waits longer each time.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import feedparser

from reconcile.errors import FetchFailed, ReconcileError
from reconcile.ingest import Ingestor
from reconcile.models import ArticleIn, ArticlePost
from reconcile.store import feeds
from reconcile.store.db import Database
from reconcile.web.fetch import FEED_TYPES, HTML_TYPES, Fetcher
from reconcile.web.page import extract_page
from reconcile.web.submit import article_in, to_article, with_page

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_S = 300.0  # an entry's page: 5 min, 10, 20, ... after each failure
MAX_BACKOFF_S = 86_400.0
LEASE_S = 600.0  # longer than any poll: a feed of 100 entries at the fetch timeout each
BATCH = 10


@dataclass(frozen=True)
class Entry:
    key: str
    url: str


def parse_feed(body: bytes, where: str) -> list[Entry]:
    """The entries of an RSS or Atom document, in its order; FetchFailed when it is not one."""
    parsed = feedparser.parse(body)
    if not parsed.get("version"):
        raise FetchFailed(f"{where} is not an RSS or Atom feed")
    out: dict[str, Entry] = {}
    for item in parsed.entries:
        link = item.get("link")
        if not link:
            continue
        key = str(item.get("id") or link)
        out.setdefault(key, Entry(key, str(link)))
    return list(out.values())


def check_feed(fetcher: Fetcher, url: str) -> list[Entry]:
    """What registering a feed asks first: it can be fetched and is a feed."""
    return parse_feed(fetcher.get(url, FEED_TYPES).body, url)


def entry_article(fetcher: Fetcher, entry: Entry, *, story: str | None = None,
                  outlet: str | None = None) -> ArticleIn:
    """An entry's article, its page fetched as a posted URL's is; ReconcileError, or ValueError
    for a link that is no URL, when it cannot be."""
    given = {"url": entry.url, **{k: v for k, v in (("story", story), ("outlet", outlet)) if v}}
    return to_article(ArticlePost.model_validate(given), fetcher)


def page_or_feed(fetcher: Fetcher, url: str) -> ArticleIn | list[Entry]:
    """What a URL holds, fetched once: a page's article (as POST /api/articles {"url"} makes
    it), or a feed's entries, told apart by the type the server gives."""
    fetched = fetcher.get(url, HTML_TYPES | FEED_TYPES)
    if fetched.content_type in FEED_TYPES:
        return parse_feed(fetched.body, url)
    return article_in(with_page({"url": url}, extract_page(fetched.body, fetched.url,
                                                           field="url")))


@dataclass
class Poller:
    db: Database
    ingestor: Ingestor
    fetcher: Fetcher
    every_s: float = 30.0
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> threading.Thread:
        self._stop = threading.Event()
        thread = threading.Thread(target=self._run, name="feed-poller", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                self.poll_due()
            except ReconcileError as exc:  # the database away: try again next round
                log.warning("feed poll failed", extra={"action": "feeds", "detail": exc.detail})

    def poll_due(self) -> int:
        """Poll every feed that is due and held by no other process; how many were polled."""
        polled = 0
        while True:
            # Committed at once: the lease must be seen by the other processes while this polls.
            with self.db.transaction() as conn:
                due = feeds.claim_due(conn, limit=BATCH, lease_s=LEASE_S)
            for feed in due:
                self.poll(feed)
            polled += len(due)
            if len(due) < BATCH or self._stop.is_set():
                return polled

    def poll(self, feed: dict[str, Any]) -> None:
        new_items = ingested = 0
        try:
            fetched = self.fetcher.get(feed["url"], FEED_TYPES, etag=feed["etag"],
                                       last_modified=feed["last_modified"])
            if fetched.not_modified:
                self._finish(feed, "unchanged", 0, 0)
                return
            entries = parse_feed(fetched.body, feed["url"])
            with self.db.transaction() as conn:
                known = feeds.items(conn, feed["id"], [e.key for e in entries])
            for entry in entries:
                before = known.get(entry.key)
                if before is not None and (before["status"] != "failed" or not before["due"]
                                           or before["attempts"] >= MAX_ATTEMPTS):
                    continue
                new_items += before is None
                ingested += self._ingest(feed, entry, before)
        except ReconcileError as exc:
            failures = feed["failures"] + 1
            wait = min(feed["interval_s"] * 2 ** failures, MAX_BACKOFF_S)
            log.warning("feed failed", extra={"action": "feeds", "feed": feed["id"],
                                              "detail": exc.detail})
            self._finish(feed, "failed", new_items, ingested, error=exc.detail,
                         failures=failures, wait_s=wait)
            return
        self._finish(feed, "ok", new_items, ingested, etag=fetched.etag,
                     last_modified=fetched.last_modified)

    def _ingest(self, feed: dict[str, Any], entry: Entry, before: dict[str, Any] | None
                ) -> int:
        """Fetch and ingest one entry's page and record what came of it; 1 if stored."""
        status, article_id, error, retry = "ingested", None, None, 0.0
        try:
            article = self.ingestor.ingest(entry_article(
                self.fetcher, entry, story=feed["story"], outlet=feed["outlet"]))
            article_id = article.id
            status = "duplicate" if article.duplicate else "ingested"
        except (ReconcileError, ValueError) as exc:  # ValueError: a link that is no URL
            attempts = before["attempts"] + 1 if before else 1
            status, error = "failed", getattr(exc, "detail", str(exc))
            retry = RETRY_S * 2 ** (attempts - 1)
            log.info("feed entry failed", extra={"action": "feeds", "feed": feed["id"],
                                                 "url": entry.url, "detail": error})
        with self.db.transaction() as conn:
            feeds.record_item(conn, feed["id"], key=entry.key, url=entry.url, status=status,
                              article_id=article_id, last_error=error, retry_s=retry)
        return int(status == "ingested")

    def _finish(self, feed: dict[str, Any], status: str, new_items: int, ingested: int, *,
                error: str | None = None, failures: int = 0, wait_s: float | None = None,
                etag: str | None = None, last_modified: str | None = None) -> None:
        with self.db.transaction() as conn:
            feeds.finish_poll(
                conn, feed["id"], status=status, last_error=error, failures=failures,
                wait_s=feed["interval_s"] if wait_s is None else wait_s,
                etag=etag or feed["etag"], last_modified=last_modified or feed["last_modified"],
                new_items=new_items, ingested=ingested)
