from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, QueryParameter

from reconcile.api.deps import require_token
from reconcile.api.params import Cursor, Id
from reconcile.models import FeedIn, FeedOut, FeedPage
from reconcile.store import feeds
from reconcile.store.db import Database
from reconcile.web.feeds import check_feed
from reconcile.web.fetch import Fetcher

MAX_LIMIT = 1000


class FeedController(Controller):
    """Feeds the service polls. Not in the read cache: its rows change with every poll, which
    the change feed does not announce."""

    path = "/api/feeds"
    tags = ("feeds",)

    @post("/", operation_id="createFeed", guards=[require_token], sync_to_thread=True,
          summary="Register a feed (fetched once first: it must be RSS or Atom): 201, or 200 "
                  "with the one registered before under its URL")
    def create(self, data: JSONBody[FeedIn], db: NamedDependency[Database],
               fetcher: NamedDependency[Fetcher]) -> Response[FeedOut]:
        url = str(data.url)
        check_feed(fetcher, url)
        with db.transaction() as conn:
            row, new = feeds.insert_feed(conn, url=url, story=data.story, outlet=data.outlet,
                                         interval_s=data.interval_s)
        return Response(FeedOut(**row), status_code=201 if new else 200)

    @get("/", operation_id="listFeeds", sync_to_thread=True,
         summary="The feeds, first registered first, each with its last poll, status and "
                 "counts; `next` is the cursor of the next page")
    def list_(self, db: NamedDependency[Database],
              limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 100,
              cursor: Cursor = None) -> FeedPage:
        with db.transaction() as conn:
            rows, nxt = feeds.list_feeds(conn, limit=limit, cursor=cursor)
        return FeedPage(items=[FeedOut(**r) for r in rows], next=nxt)

    @delete("/{feed_id:int}", operation_id="deleteFeed", guards=[require_token],
            sync_to_thread=True, summary="Stop polling a feed (its articles stay)")
    def remove(self, feed_id: Id, db: NamedDependency[Database]) -> None:
        with db.transaction() as conn:
            feeds.delete_feed(conn, feed_id)
