"""Parameters the controllers share, bounded so that no value reaches SQL that it cannot hold,
and documented as the service takes them."""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter, QueryParameter

from reconcile.store.repo import MAX_CURSOR

MAX_ID = 2**53 - 1
"""The largest id a path takes. Ids count up from 1 (bigserial), so none comes near it; and it
is the largest integer a JSON number (a double) holds exactly, so the OpenAPI document states
the bound as it is rather than as 9.223372036854776e+18, a bound past what the service takes."""

Id = Annotated[int, PathParameter(ge=1, le=MAX_ID)]
"""A stored row's id in a path: a positive integer of at most MAX_ID."""

CURSOR_PATTERN = f"^[A-Za-z0-9_-]{{0,{MAX_CURSOR}}}$"
"""Empty is no cursor: the first page."""

Cursor = Annotated[str | None, QueryParameter(
    description="The `next` of the page before, as it was returned: opaque, unpadded base64url. "
                "One the API did not write is a 400 (invalid cursor).",
    # Documented, not checked here: any cursor the API did not write, of this shape or not,
    # is the 400 of repo.decode_cursor.
    schema_extra={"pattern": CURSOR_PATTERN, "maxLength": MAX_CURSOR})]
"""The cursor of a listing: where its next page starts."""
