"""What reviewers do: sign in and out, decide one conflict, decide several at once.

Every decision goes through repo.review_conflict, the function behind the API's PATCH, with
the signed-in reviewer as the actor; so each one leaves the same audit event either way.
A form posted by the page's script (X-Fragment: 1) gets back the fragments to swap in; a
plain form post is redirected back (303), so the pages also work without JavaScript.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import QueryParameter, URLEncodedBody
from litestar.response import Redirect
from pydantic import BaseModel, ConfigDict, field_validator

from reconcile.api.params import Id
from reconcile.dashboard import paths, read
from reconcile.dashboard.auth import (
    current_reviewer,
    end_session,
    ensure_csrf,
    record_session,
    require_csrf,
    require_reviewer,
    reviewer_name,
    session_of,
    signed_in_session,
    token_matches,
)
from reconcile.dashboard.filters import QueueFilter
from reconcile.dashboard.responses import page, wants_fragment
from reconcile.dashboard.review import BULK_ACTIONS, STATUS_OF, ReviewForm, changes_for
from reconcile.errors import InvalidInput
from reconcile.store import repo, reviews
from reconcile.store.db import Database
from reconcile.truth.estimates import Truth

Req = Request[Any, Any, Any]
MAX_BULK = 500
# Decisions need a signed-in reviewer, then the session's CSRF token.
REVIEWER = [require_reviewer, require_csrf]


class BulkForm(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    action: str
    ids: list[int] = []
    csrf: str = ""
    return_to: str = ""

    @field_validator("ids", mode="before")
    @classmethod
    def _one_is_a_list(cls, value: Any) -> Any:
        # A form with one box ticked sends ids=3, not a list.
        return [value] if isinstance(value, str | int) else value


class SignInForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = ""
    token: str = ""
    next: str = ""
    csrf: str = ""


def apply_review(db: Database, conflict_id: int, form: ReviewForm, reviewer: str) -> None:
    with db.transaction(write=True) as conn:
        row = repo.get_conflict(conn, conflict_id, for_update=True)
        repo.review_conflict(conn, conflict_id, actor=reviewer,
                             changes=changes_for(form, row["kind"], reviewer))


def apply_bulk(db: Database, form: BulkForm, reviewer: str) -> list[int]:
    """Decide every ticked conflict in one transaction: all of them change, or none."""
    if form.action not in BULK_ACTIONS:
        raise InvalidInput(f"{form.action!r} cannot be applied in bulk", errors=[
            {"field": "action", "message": "one of " + ", ".join(sorted(BULK_ACTIONS))}])
    ids = list(dict.fromkeys(form.ids))
    if not ids:
        raise InvalidInput("select at least one conflict", errors=[
            {"field": "ids", "message": "tick the conflicts to act on"}])
    if len(ids) > MAX_BULK:
        raise InvalidInput("too many conflicts at once", errors=[
            {"field": "ids", "message": f"at most {MAX_BULK}"}])
    with db.transaction(write=True) as conn:
        reviews.review_many(conn, [(i, {"status": STATUS_OF[form.action]}) for i in ids],
                          reviewer)
    return ids


def done(action: str, count: int = 1) -> str:
    """'Resolved conflict.' / 'Dismissed 3 conflicts.' for the page's status line."""
    verbs = {"confirm": "Confirmed", "dismiss": "Dismissed", "resolve": "Resolved",
             "reopen": "Reopened", "assign": "Assigned", "note": "Saved the note on"}
    what = "conflict" if count == 1 else f"{count} conflicts"
    return f"{verbs.get(action, 'Updated')} {what}."


class ActionController(Controller):
    path = "/"
    include_in_schema = False
    @post("/conflicts/{conflict_id:int}/review", guards=REVIEWER, sync_to_thread=True,
          status_code=200)
    def review(self, request: Req, conflict_id: Id,
               data: URLEncodedBody[ReviewForm], db: NamedDependency[Database],
               truth: NamedDependency[Truth]) -> Response[Any]:
        apply_review(db, conflict_id, data, current_reviewer(request) or "")
        if wants_fragment(request):
            return page(request, "_conflict_update.html", s=read.conflict(db, truth, conflict_id),
                        flash=done(data.action))
        return Redirect(paths.safe_next(data.return_to, paths.conflict(conflict_id)),
                        status_code=303)

    @post(paths.BULK, guards=REVIEWER, sync_to_thread=True, status_code=200)
    def bulk(self, request: Req, data: URLEncodedBody[BulkForm], db: NamedDependency[Database],
             truth: NamedDependency[Truth]) -> Response[Any]:
        ids = apply_bulk(db, data, current_reviewer(request) or "")
        back = paths.safe_next(data.return_to)
        if wants_fragment(request):
            return page(request, "_queue_update.html", rows=read.conflict_rows(db, truth, ids),
                        s=read.queue(db, truth, QueueFilter.from_url(back)),
                        flash=done(data.action, len(ids)))
        return Redirect(back, status_code=303)


class SignInController(Controller):
    path = "/"
    include_in_schema = False

    @get(paths.SIGN_IN, sync_to_thread=False)
    def form(self, request: Req,
             next_page: Annotated[str | None, QueryParameter(name="next")] = None
             ) -> Response[Any]:
        request.set_session(ensure_csrf(session_of(request)))
        return page(request, "signin.html", next=paths.safe_next(next_page),
                    token_required=bool(request.app.state.get("api_token")), error=None,
                    name="")

    @post(paths.SIGN_IN, guards=[require_csrf], sync_to_thread=True, status_code=200)
    def sign_in(self, request: Req, data: URLEncodedBody[SignInForm],
                db: NamedDependency[Database]) -> Response[Any]:
        expected = request.app.state.get("api_token")
        try:
            name = reviewer_name(data.name)
        except InvalidInput as exc:
            return page(request, "signin.html", status_code=422, next=data.next,
                        token_required=bool(expected), error=exc.detail, name=data.name)
        if not token_matches(data.token, expected):
            return page(request, "signin.html", status_code=401, next=data.next,
                        token_required=True, error="That token is not the service's token.",
                        name=name)
        session = signed_in_session(name)
        record_session(db, session)
        end_session(db, session_of(request))  # signing in again replaces the session
        request.set_session(session)
        return Redirect(paths.safe_next(data.next), status_code=303)

    @post(paths.SIGN_OUT, guards=[require_csrf], sync_to_thread=True, status_code=200)
    def sign_out(self, request: Req, db: NamedDependency[Database]) -> Redirect:
        end_session(db, session_of(request))
        request.clear_session()
        return Redirect(paths.QUEUE, status_code=303)
