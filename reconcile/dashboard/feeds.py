"""The Feeds page: the feeds the service polls, a form to register one, a button to stop one.

Both writes go through the functions behind POST and DELETE /api/feeds (a feed is fetched
once and must be RSS or Atom before it is stored) and, as every dashboard write, need a
signed-in reviewer (the service's token when one is set) and the session's CSRF token.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template
from pydantic import BaseModel, ConfigDict, ValidationError

from reconcile.api.params import Cursor, Id
from reconcile.dashboard.actions import REVIEWER
from reconcile.dashboard.responses import page
from reconcile.errors import InvalidInput
from reconcile.models import FeedIn, FeedOut
from reconcile.store import feeds
from reconcile.store.db import Database
from reconcile.web.feeds import check_feed
from reconcile.web.fetch import Fetcher

FEEDS = "/feeds"
PER_PAGE = 100

Req = Request[Any, Any, Any]


class FeedForm(BaseModel):
    """The add form as posted: blank fields are left out."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    url: str = ""
    story: str = ""
    outlet: str = ""
    interval_s: str = ""
    csrf: str = ""

    def feed(self) -> FeedIn:
        given = {k: v for k, v in self.model_dump(exclude={"csrf"}).items() if v}
        try:
            return FeedIn.model_validate(given)
        except ValidationError as exc:
            errors = [{"field": ".".join(str(p) for p in e["loc"]) or "form",
                       "message": e["msg"]} for e in exc.errors()]
            raise InvalidInput("; ".join(f"{e['field']}: {e['message']}" for e in errors),
                               errors=errors) from exc


def add_feed(db: Database, fetcher: Fetcher, data: FeedIn) -> None:
    url = str(data.url)
    check_feed(fetcher, url)
    with db.transaction() as conn:
        feeds.insert_feed(conn, url=url, story=data.story, outlet=data.outlet,
                          interval_s=data.interval_s)


class FeedPagesController(Controller):
    path = FEEDS
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def list_(self, request: Req, db: NamedDependency[Database], cursor: Cursor = None
              ) -> Template:
        with db.transaction() as conn:
            rows, nxt = feeds.list_feeds(conn, limit=PER_PAGE, cursor=cursor)
        return page(request, "feeds.html", feeds=[FeedOut(**r) for r in rows],
                    next_url=f"{FEEDS}?cursor={nxt}" if nxt else None)

    @post("/", guards=REVIEWER, sync_to_thread=True, status_code=200)
    def add(self, data: URLEncodedBody[FeedForm], db: NamedDependency[Database],
            fetcher: NamedDependency[Fetcher]) -> Redirect:
        add_feed(db, fetcher, data.feed())
        return Redirect(FEEDS, status_code=303)

    @post("/{feed_id:int}/delete", guards=REVIEWER, sync_to_thread=True, status_code=200)
    def remove(self, feed_id: Id, db: NamedDependency[Database]) -> Redirect:
        with db.transaction() as conn:
            feeds.delete_feed(conn, feed_id)
        return Redirect(FEEDS, status_code=303)
