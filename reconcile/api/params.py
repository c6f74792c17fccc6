"""Parameters the controllers share, bounded so that no value reaches SQL that it cannot hold."""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter

from reconcile.store.repo import MAX_ID

Id = Annotated[int, PathParameter(ge=1, le=MAX_ID)]
"""A stored row's id in a path: a positive bigint."""
