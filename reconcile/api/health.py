from __future__ import annotations

from litestar import get
from litestar.datastructures import State
from litestar.di import NamedDependency

from reconcile.errors import NotReady
from reconcile.models import Health
from reconcile.store.db import Database


@get("/health", operation_id="health", sync_to_thread=True, tags=["health"])
def health(db: NamedDependency[Database], state: State) -> Health:
    """200 once the model is loaded and the database answers; 503 otherwise."""
    model_ready = state.get("ingestor") is not None
    if not (model_ready and db.ping()):
        raise NotReady("the model or the database is not ready")
    return Health(status="ok", database=True, model=True)
