"""One exception tree, read into RFC 9457 problem details in one place (api/problems.py), for
the API and the dashboard's error pages alike."""

from __future__ import annotations

from typing import Any


class ReconcileError(Exception):
    """Something went wrong in reconcile."""

    status_code = 500
    title = "Internal error"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        self.detail = detail or (self.__doc__ or self.title).strip()
        self.extra = extra
        super().__init__(self.detail)


class InvalidInput(ReconcileError):
    """The request is not valid."""

    status_code = 422
    title = "Invalid input"

    def __init__(self, detail: str | None = None, *, errors: list[dict[str, Any]] | None = None):
        super().__init__(detail, errors=errors or [])


class RejectedValue(InvalidInput):
    """The database cannot store or compare a value of this request."""


class OverLimit(InvalidInput):
    """The article asks for more work than the service's limits allow (a sentence with too
    many figures, too many claims); see the README's configuration."""

    title = "Over a limit"


class FetchFailed(InvalidInput):
    """The URL could not be fetched."""

    title = "Cannot fetch"

    def __init__(self, detail: str | None = None, *, field: str = "url") -> None:
        super().__init__(detail)
        self.extra["errors"] = [{"field": field, "message": self.detail}]


class NoArticleText(InvalidInput):
    """The page holds no article text to extract."""

    title = "No article text"

    def __init__(self, detail: str | None = None, *, field: str = "html") -> None:
        super().__init__(detail)
        self.extra["errors"] = [{"field": field, "message": self.detail}]


class BadRequest(ReconcileError):
    """The request cannot be read."""

    status_code = 400
    title = "Bad request"


class InvalidCursor(BadRequest):
    """invalid cursor: pass back the `next` of a page unchanged."""

    title = "Invalid cursor"


class UnsupportedMediaType(ReconcileError):
    """Writes take JSON: send them with 'Content-Type: application/json'."""

    status_code = 415
    title = "Unsupported media type"


class NotFound(ReconcileError):
    """No such resource."""

    status_code = 404
    title = "Not found"


class Unauthorized(ReconcileError):
    """A valid bearer token is required for this request."""

    status_code = 401
    title = "Unauthorized"


class Forbidden(ReconcileError):
    """This request is not allowed."""

    status_code = 403
    title = "Forbidden"


class ForeignOrigin(Forbidden):
    """Writes from another site's pages are refused; set RECONCILE_API_TOKEN to write from
    elsewhere."""


class Clash(ReconcileError):
    """The request conflicts with the stored state."""

    status_code = 409
    title = "Conflict"


class DatabaseError(ReconcileError):
    """The database is unreachable or failed; try again shortly."""

    status_code = 503
    title = "Database unavailable"


class RequestTimedOut(ReconcileError):
    """The request took longer than its time budget (RECONCILE_REQUEST_TIMEOUT_S); nothing of it
    was stored."""

    status_code = 503
    title = "Request timed out"


class ModelUnavailable(ReconcileError):
    """The embedding model is not available; try again shortly."""

    status_code = 503
    title = "Model unavailable"


class NotReady(ReconcileError):
    """The service is still starting."""

    status_code = 503
    title = "Not ready"
