"""Search claims by meaning across every story: "has anyone else reported this?"."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from reconcile.api.cached import respond
from reconcile.api.readcache import ReadCache
from reconcile.errors import InvalidInput
from reconcile.ingest import Ingestor
from reconcile.models import SimilarClaims
from reconcile.store import repo
from reconcile.store.db import Database

MAX_TEXT = 2000


@get("/api/claims/similar", operation_id="similarClaims", tags=["claims"])
async def similar_claims(
    request: Request[Any, Any, Any],
    db: NamedDependency[Database],
    ingestor: NamedDependency[Ingestor],
    cache: NamedDependency[ReadCache],
    text: Annotated[str, QueryParameter(min_length=1, max_length=MAX_TEXT,
                                        description="A sentence to look for.")],
    limit: Annotated[int, QueryParameter(ge=1, le=100)] = 10,
    min_similarity: Annotated[float, QueryParameter(ge=-1.0, le=1.0)] = 0.0,
) -> Response[SimilarClaims]:
    """The stored claims whose sentences mean most nearly what `text` says, in any story, most
    similar first (cosine of the same embeddings clustering uses; approximate, over the HNSW
    index)."""
    if not text.strip():
        raise InvalidInput("text is blank", errors=[
            {"field": "text", "message": "give a sentence to look for"}])

    def build() -> SimilarClaims:
        (vector,) = ingestor.embedder.encode([text.strip()])
        with db.transaction() as conn:
            found = repo.similar_claims(conn, vector, limit)
        return SimilarClaims(items=[c for c in found if c.similarity >= min_similarity])

    return await respond(request, cache, build)
