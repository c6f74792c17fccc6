"""The API's ways out to other tools: lists as CSV (`?format=csv`) and ClaimReview JSON-LD.

Not kept in the read cache: an export is fetched now and then, not polled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, urlencode

import anyio.to_thread
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from reconcile.api.formats import claim_reviews, json_ld
from reconcile.api.params import Id
from reconcile.api.stories import StoryId
from reconcile.errors import NotFound
from reconcile.store import articles, repo
from reconcile.store.db import Database

Format = Annotated[Literal["json", "csv"], QueryParameter(description=(
    "json (the default), or csv: one header row and one row per claim (story, conflict, kind, "
    "status, outlet, value, unit, source, sentence, url, ...), as text/csv; the next page's "
    "URL in a Link header (rel=next)"))]
CSV = "text/csv"  # Litestar adds the charset (utf-8) to a text/* type
JSON_LD = "application/ld+json"


async def csv_response(request: Request[Any, Any, Any], name: str,
                       build: Callable[[], tuple[str, str | None]]) -> Response[Any]:
    """The CSV build() makes (in a worker thread: it queries the database), as a download. A
    byte order mark first, so spreadsheets read it as UTF-8."""
    text, nxt = await anyio.to_thread.run_sync(build)
    headers = {"Content-Disposition": f'attachment; filename="{name}.csv"',
               "Cache-Control": "no-cache"}
    if nxt:
        query = [(k, v) for k, v in parse_qsl(request.url.query or "") if k != "cursor"]
        headers["Link"] = f'<{request.url.path}?{urlencode([*query, ("cursor", nxt)])}>; rel="next"'
    return Response(("\ufeff" + text).encode(), media_type=CSV, headers=headers)


def _review_url(request: Request[Any, Any, Any], conflict_id: int) -> str:
    return f"{str(request.base_url).rstrip('/')}/conflicts/{conflict_id}"


@get("/api/conflicts/{conflict_id:int}/claimreview", operation_id="getConflictClaimReview",
     tags=["conflicts"], media_type=JSON_LD, sync_to_thread=True,
     summary="A reviewed conflict as ClaimReview (schema.org JSON-LD): one review per side")
def conflict_claimreview(request: Request[Any, Any, Any], conflict_id: Id,
                         db: NamedDependency[Database]) -> dict[str, Any]:
    with db.transaction() as conn:
        conflict = repo.conflict_out(conn, repo.get_conflict(conn, conflict_id),
                                     with_events=True)
        refs = articles.article_refs(conn, (c.article_id for c in conflict.claims))
    if conflict.status == "open":
        raise NotFound(f"conflict {conflict_id} has no ClaimReview: it is not reviewed yet (a "
                       "ClaimReview needs a decision: confirmed, dismissed or resolved)")
    return json_ld(claim_reviews(conflict, refs, url=_review_url(request, conflict_id)))


@get("/api/stories/{story_id:str}/claimreview", operation_id="getStoryClaimReview",
     tags=["stories"], media_type=JSON_LD, sync_to_thread=True,
     summary="The ClaimReviews of every reviewed conflict of a story (schema.org JSON-LD)")
def story_claimreview(request: Request[Any, Any, Any], story_id: StoryId,
                      db: NamedDependency[Database]) -> dict[str, Any]:
    reviews: list[dict[str, Any]] = []
    with db.transaction() as conn:
        ids = articles.reviewed_conflicts(conn, story_id)
        if not ids and not articles.story_exists(conn, story_id):
            raise NotFound(f"no story {story_id!r}")
        for conflict_id in ids:
            conflict = repo.conflict_out(conn, repo.get_conflict(conn, conflict_id),
                                         with_events=True)
            refs = articles.article_refs(conn, (c.article_id for c in conflict.claims))
            reviews += claim_reviews(conflict, refs, url=_review_url(request, conflict_id))
    return json_ld(reviews)
