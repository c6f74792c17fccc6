from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.params import Parameter

from reconcile.api.deps import require_token
from reconcile.ingest import Ingestor
from reconcile.models import ArticleIn, ArticleOut
from reconcile.store import repo
from reconcile.store.db import Database


class ArticleController(Controller):
    path = "/api/articles"
    tags = ["articles"]

    @post("/", operation_id="createArticle", guards=[require_token], sync_to_thread=True,
          summary="Ingest an article: 201 with its claims, or 200 with the stored duplicate")
    def create(self, data: ArticleIn, ingestor: Ingestor) -> Response[ArticleOut]:
        article = ingestor.ingest(data)
        return Response(article, status_code=200 if article.duplicate else 201)

    @get("/{article_id:int}", operation_id="getArticle", sync_to_thread=True)
    def get_one(self, article_id: int = Parameter(ge=1), *, db: Database) -> ArticleOut:
        with db.transaction() as conn:
            return repo.get_article(conn, article_id)
