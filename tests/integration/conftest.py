from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from reconcile.app import create_app
from reconcile.embedding.embed import Embedder
from reconcile.settings import Settings
from reconcile.startup import Service, open_service
from reconcile.store.db import Database


@pytest.fixture
def service(settings: Settings, embedder: Embedder, database_url: str) -> Iterator[Service]:
    svc = open_service(settings, embedder=embedder, url=database_url)
    yield svc
    svc.close()


@pytest.fixture
def client(service: Service) -> Iterator[TestClient]:  # type: ignore[type-arg]
    app = create_app(service.settings, service.db, service.ingestor)
    with TestClient(app=app) as c:
        yield c


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """A pool on a fresh database, for tests of the store without a service."""
    database = Database(database_url, max_size=2)
    database.open()
    yield database
    database.close()
