"""Stories: the list, one story with its audit trail, merging; moving an article to another."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.params import HeaderParameter, JSONBody, PathParameter, QueryParameter

from reconcile.api.cached import respond
from reconcile.api.deps import require_token
from reconcile.api.openapi import problem_response
from reconcile.api.params import Cursor, Id
from reconcile.api.readcache import ReadCache
from reconcile.ingest import Ingestor
from reconcile.models import ArticleOut, ArticlePatch, StoryMerge, StoryOut, StoryPage
from reconcile.store import stories as story_store
from reconcile.store.db import Database

MAX_LIMIT = 1000
StoryId = Annotated[str, PathParameter(min_length=1, max_length=200, pattern=r"^[\w .:/-]+$")]


class StoryController(Controller):
    path = "/api/stories"
    tags = ("stories",)

    @get("/", operation_id="listStories")
    async def list_(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[Database],
        cache: NamedDependency[ReadCache],
        q: Annotated[str | None, QueryParameter(max_length=200)] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 50,
        cursor: Cursor = None,
    ) -> Response[StoryPage]:
        def build() -> StoryPage:
            with db.transaction() as conn:
                items, nxt = story_store.list_stories(conn, q=q, limit=limit, cursor=cursor)
            return StoryPage(items=items, next=nxt)

        return await respond(request, cache, build)

    @get("/{story_id:str}", operation_id="getStory")
    async def get_one(self, request: Request[Any, Any, Any], story_id: StoryId,
                      db: NamedDependency[Database], cache: NamedDependency[ReadCache]
                      ) -> Response[StoryOut]:
        def build() -> StoryOut:
            with db.transaction() as conn:
                return story_store.get_story(conn, story_id)

        return await respond(request, cache, build, lambda story: story.id)

    @post("/{story_id:str}/merge", operation_id="mergeStory", guards=[require_token],
          sync_to_thread=True, status_code=200, responses={409: problem_response(409)},
          summary="Merge the story into another: its articles move there and are reconciled",
          description="A story merged into itself is a 409, as is one whose articles change "
                      "while it is being merged.")
    def merge(
        self,
        story_id: StoryId,
        data: JSONBody[StoryMerge],
        ingestor: NamedDependency[Ingestor],
        db: NamedDependency[Database],
        reviewer: Annotated[str | None, HeaderParameter(name="X-Reviewer")] = None,
    ) -> StoryOut:
        ingestor.merge(story_id, data.into, actor=reviewer or "api")
        with db.transaction() as conn:
            return story_store.get_story(conn, data.into)


@patch("/api/articles/{article_id:int}", operation_id="moveArticle", guards=[require_token],
       sync_to_thread=True, tags=["articles", "stories"], responses={409: problem_response(409)},
       summary="Move the article to another story: its claims are reconciled there")
def move_article(
    article_id: Id,
    data: JSONBody[ArticlePatch],
    ingestor: NamedDependency[Ingestor],
    reviewer: Annotated[str | None, HeaderParameter(name="X-Reviewer")] = None,
) -> ArticleOut:
    return ingestor.move(article_id, data.story, actor=reviewer or "api")
