from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromQuery, JSONBody, QueryParameter

from reconcile.api.cached import respond
from reconcile.api.deps import require_token
from reconcile.api.params import Cursor, Id
from reconcile.api.readcache import ReadCache
from reconcile.ingest import Ingestor
from reconcile.models import ArticleOut, ArticlePage, ArticlePost
from reconcile.store import articles, repo
from reconcile.store.db import Database
from reconcile.web.fetch import Fetcher
from reconcile.web.submit import to_article

MAX_LIMIT = 1000


class ArticleController(Controller):
    path = "/api/articles"
    tags = ("articles",)

    @post("/", operation_id="createArticle", guards=[require_token], sync_to_thread=True,
          summary="Ingest an article (text, a page's HTML, or a URL to fetch): 201 with its "
                  "claims, or 200 with the stored duplicate",
          responses={200: ResponseSpec(ArticleOut, generate_examples=False, description=(
              "The article was already stored (same url, or same outlet and text, in the "
              "story): the stored one, with duplicate: true"))})
    def create(self, data: JSONBody[ArticlePost], ingestor: NamedDependency[Ingestor],
               fetcher: NamedDependency[Fetcher]) -> Response[ArticleOut]:
        article = ingestor.ingest(to_article(data, fetcher))
        return Response(article, status_code=200 if article.duplicate else 201)

    @get("/", operation_id="listArticles", summary="Articles, most recently stored first")
    async def list_(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[Database],
        cache: NamedDependency[ReadCache],
        story: FromQuery[str | None] = None,
        outlet: FromQuery[str | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 50,
        cursor: Cursor = None,
    ) -> Response[ArticlePage]:
        def build() -> ArticlePage:
            with db.transaction() as conn:
                items, nxt = articles.list_articles(conn, story=story, outlet=outlet,
                                                    limit=limit, cursor=cursor)
            return ArticlePage(items=items, next=nxt)

        # A list of one story is read from that story alone.
        return await respond(request, cache, build, (lambda _: story) if story else None)

    @get("/{article_id:int}", operation_id="getArticle")
    async def get_one(self, request: Request[Any, Any, Any],
                      article_id: Id,
                      db: NamedDependency[Database], cache: NamedDependency[ReadCache]
                      ) -> Response[ArticleOut]:
        def build() -> ArticleOut:
            with db.transaction() as conn:
                return repo.get_article(conn, article_id)

        return await respond(request, cache, build, lambda article: article.story)
