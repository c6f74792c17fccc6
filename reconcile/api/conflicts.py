from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, patch
from litestar.di import NamedDependency
from litestar.params import FromQuery, HeaderParameter, JSONBody, QueryParameter

from reconcile.api.cached import respond
from reconcile.api.deps import require_token
from reconcile.api.exports import Format, csv_response
from reconcile.api.formats import conflict_rows, to_csv
from reconcile.api.params import Cursor, Id
from reconcile.api.readcache import ReadCache
from reconcile.domain import ConflictKind
from reconcile.errors import InvalidInput
from reconcile.models import ConflictOut, ConflictPage, ConflictPatch, ConflictStatus
from reconcile.store import articles, repo
from reconcile.store.db import Database

MAX_LIMIT = 1000


class ConflictController(Controller):
    path = "/api/conflicts"
    tags = ("conflicts",)

    @get("/", operation_id="listConflicts")
    async def list_(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[Database],
        cache: NamedDependency[ReadCache],
        story: FromQuery[str | None] = None,
        status: FromQuery[ConflictStatus | None] = None,
        kind: FromQuery[ConflictKind | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 50,
        cursor: Cursor = None,
        format: Format = "json",
    ) -> Response[ConflictPage]:
        def build() -> ConflictPage:
            with db.transaction() as conn:
                items, nxt = repo.list_conflicts(conn, story=story, status=status, kind=kind,
                                                 limit=limit, cursor=cursor)
            return ConflictPage(items=items, next=nxt)

        if format == "csv":
            def table() -> tuple[str, str | None]:
                page = build()
                with db.transaction() as conn:
                    refs = articles.article_refs(
                        conn, (c.article_id for x in page.items for c in x.claims))
                return to_csv(conflict_rows(page.items, refs)), page.next

            return await csv_response(request, "conflicts", table)

        # A list of one story is read from that story alone.
        return await respond(request, cache, build, (lambda _: story) if story else None)

    @get("/{conflict_id:int}", operation_id="getConflict")
    async def get_one(self, request: Request[Any, Any, Any], conflict_id: Id,
                      db: NamedDependency[Database], cache: NamedDependency[ReadCache]
                      ) -> Response[ConflictOut]:
        def build() -> ConflictOut:
            with db.transaction() as conn:
                return repo.conflict_out(conn, repo.get_conflict(conn, conflict_id),
                                         with_events=True)

        # Read from its cluster alone: the conflict, its claims, its review events.
        return await respond(request, cache, build,
                             lambda conflict: (conflict.story, conflict.cluster_id))

    @patch("/{conflict_id:int}", operation_id="reviewConflict", guards=[require_token],
           sync_to_thread=True, summary="Record a review decision (status, note, assignee)")
    def review(
        self,
        conflict_id: Id,
        data: JSONBody[ConflictPatch],
        db: NamedDependency[Database],
        reviewer: Annotated[str | None, HeaderParameter(name="X-Reviewer")] = None,
    ) -> ConflictOut:
        changes = data.model_dump(exclude_unset=True)
        if not changes:
            raise InvalidInput("nothing to change", errors=[
                {"field": "body", "message": "give at least one of status, note, assignee, "
                                             "accepted_value"}])
        if "status" in changes and changes["status"] is None:
            raise InvalidInput("status cannot be null", errors=[
                {"field": "status", "message": "one of open, confirmed, dismissed, resolved"}])
        with db.transaction(write=True) as conn:
            repo.review_conflict(conn, conflict_id, actor=reviewer or "api", changes=changes)
            return repo.conflict_out(conn, repo.get_conflict(conn, conflict_id), with_events=True)
