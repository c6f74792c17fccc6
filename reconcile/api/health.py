from __future__ import annotations

from litestar import get
from litestar.datastructures import State
from litestar.di import NamedDependency

from reconcile.errors import NotReady, ReconcileError
from reconcile.models import Health
from reconcile.store.db import Database


@get("/health", operation_id="health", sync_to_thread=True, tags=["health"])
def health(db: NamedDependency[Database], state: State) -> Health:
    """200 once the model is loaded and the database answers; 503 otherwise."""
    ingestor = state.get("ingestor")
    if ingestor is None or not db.ping():
        raise NotReady("the model or the database is not ready")
    try:
        ingestor.embedder.check()  # a model process that died is started again here
    except ReconcileError as exc:
        raise NotReady(f"the model is not ready: {exc.detail}") from exc
    return Health(status="ok", database=True, model=True)
