"""The queue's filters: query-string arguments in, SQL parameters and links out.

A plain value object so the rules (blank means no filter, the search is a literal substring,
page numbers start at 1) are tested without a server.
"""

from __future__ import annotations

from typing import Any, get_args
from urllib.parse import parse_qs, urlencode, urlsplit

from pydantic import BaseModel, ConfigDict

from reconcile.domain import ConflictKind
from reconcile.errors import InvalidInput
from reconcile.models import ConflictStatus

PAGE_SIZE = 100
STATUSES: tuple[str, ...] = get_args(ConflictStatus)
KINDS: tuple[str, ...] = get_args(ConflictKind)
MAX_SEARCH = 200
MAX_PAGE = 1_000_000  # its offset must fit a bigint; nobody pages a hundred million conflicts


def like_pattern(text: str) -> str:
    """'50%_off' -> '%50\\%\\_off%': the reviewer's words matched literally, anywhere."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def query_string(fields: dict[str, Any], override: dict[str, Any]) -> str:
    """`fields` with `override` as a query string ('' when empty), blank fields and page 1 left
    out; changing a field goes back to page 1 unless a page is given."""
    fields = dict(fields)
    if override and "page" not in override:
        fields["page"] = 1
    fields.update(override)
    pairs = [(k, v) for k, v in fields.items()
             if v not in (None, "") and not (k == "page" and v == 1)]
    return "?" + urlencode(pairs) if pairs else ""


class QueueFilter(BaseModel):
    model_config = ConfigDict(frozen=True)

    story: str | None = None
    kind: str | None = None
    status: str | None = None
    outlet: str | None = None
    q: str | None = None
    page: int = 1

    @classmethod
    def parse(cls, *, story: str | None = None, kind: str | None = None,
              status: str | None = None, outlet: str | None = None, q: str | None = None,
              page: int | None = None) -> QueueFilter:
        """Blank fields are no filter; an unknown kind or status is an error naming it."""
        def clean(value: str | None) -> str | None:
            value = (value or "").strip()
            return value or None

        kind, status, q = clean(kind), clean(status), clean(q)
        if kind is not None and kind not in KINDS:
            raise InvalidInput(f"unknown kind {kind!r}", errors=[
                {"field": "kind", "message": "one of " + ", ".join(KINDS)}])
        if status is not None and status not in STATUSES:
            raise InvalidInput(f"unknown status {status!r}", errors=[
                {"field": "status", "message": "one of " + ", ".join(STATUSES)}])
        if q is not None and len(q) > MAX_SEARCH:
            raise InvalidInput("search text is too long", errors=[
                {"field": "q", "message": f"at most {MAX_SEARCH} characters"}])
        if page is not None and not 1 <= page <= MAX_PAGE:
            raise InvalidInput("no such page", errors=[
                {"field": "page", "message": f"from 1 to {MAX_PAGE}"}])
        return cls(story=clean(story), kind=kind, status=status, outlet=clean(outlet), q=q,
                   page=page or 1)

    @classmethod
    def from_url(cls, url: str) -> QueueFilter:
        """The filter a queue URL shows ('/?status=open&q=troops'); junk in it is ignored."""
        args = {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}
        page = args.get("page", "1")
        try:
            return cls.parse(story=args.get("story"), kind=args.get("kind"),
                             status=args.get("status"), outlet=args.get("outlet"),
                             q=args.get("q"), page=int(page) if page.isdigit() else 1)
        except InvalidInput:
            return cls()

    def sql_params(self, limit: int = PAGE_SIZE) -> dict[str, Any]:
        """Parameters of the dashboard_queue and dashboard_status_counts queries."""
        return {
            "story": self.story, "kind": self.kind, "status": self.status,
            "outlet": self.outlet, "pattern": like_pattern(self.q) if self.q else None,
            "limit": limit, "offset": (self.page - 1) * limit,
        }

    def query(self, **override: Any) -> str:
        """This filter as a query string ('' when empty), with some fields replaced.

        Changing a filter goes back to page 1 unless a page is given.
        """
        return query_string(self.model_dump(), override)

    @property
    def active(self) -> bool:
        return any((self.story, self.kind, self.status, self.outlet, self.q))


class StoryFilter(BaseModel):
    """The Stories page's search and page, by the queue's rules (blank is no search, the
    search is literal, pages start at 1)."""

    model_config = ConfigDict(frozen=True)

    q: str | None = None
    page: int = 1

    @classmethod
    def parse(cls, *, q: str | None = None, page: int | None = None) -> StoryFilter:
        q = (q or "").strip() or None
        if q is not None and len(q) > MAX_SEARCH:
            raise InvalidInput("search text is too long", errors=[
                {"field": "q", "message": f"at most {MAX_SEARCH} characters"}])
        if page is not None and not 1 <= page <= MAX_PAGE:
            raise InvalidInput("no such page", errors=[
                {"field": "page", "message": f"from 1 to {MAX_PAGE}"}])
        return cls(q=q, page=page or 1)

    def sql_params(self, limit: int = PAGE_SIZE) -> dict[str, Any]:
        """Parameters of the dashboard_story_list and dashboard_story_count queries."""
        return {"pattern": like_pattern(self.q) if self.q else None, "limit": limit,
                "offset": (self.page - 1) * limit}

    def query(self, **override: Any) -> str:
        """As QueueFilter.query: a new search goes back to page 1."""
        return query_string(self.model_dump(), override)
