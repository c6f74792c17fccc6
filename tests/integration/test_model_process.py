"""The model's own process inside the service: the real model gives the vectors the
in-process one gives, and a model process that dies mid-ingest costs that request a 503
problem and nothing else: nothing half-stored, and the next article goes in."""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg
import pytest
from litestar.testing import TestClient

from reconcile.app import create_app
from reconcile.embedding.embed import Embedder
from reconcile.embedding.modelprocess import ModelProcess, default_lanes
from reconcile.errors import ReconcileError
from reconcile.models import ArticleIn
from reconcile.settings import Settings
from reconcile.startup import Service, open_service
from tests.integration.test_api import ARTICLE, assert_problem
from tests.unit import fake_model

SENTENCES = [
    "North Korea has sent 11,000 troops to Russia since October 2024, officials said.",
    "About 3,000 North Korean soldiers were killed, according to Ukrainian sources.",
    "The weather was mild.",
]


def test_the_default_service_runs_the_real_model_in_its_own_process(
    settings: Settings, database_url: str, embedder: Embedder,
) -> None:
    service = open_service(settings.model_copy(update={"model_threads": 1}), url=database_url)
    try:
        model = service.embedder
        assert isinstance(model, ModelProcess)
        assert model.pid is not None and model.pid != os.getpid()
        assert model.precision == embedder.precision and model.threads == 1
        assert model.lanes == default_lanes()  # a pass per core, side by side
        there, here = model.encode(SENTENCES), embedder.encode(SENTENCES)
        assert float((there * here).sum(axis=1).min()) > 0.9999
        stored = service.ingestor.ingest(ArticleIn(**ARTICLE))
        assert [c.text for c in stored.claims] == [
            "North Korea has sent 11,000 troops to Russia since October 2024, according to "
            "South Korean data."]
    finally:
        service.close()
    assert model.pid is None


@pytest.fixture
def fake_service(settings: Settings, database_url: str) -> Iterator[Service]:
    model = ModelProcess(factory=fake_model.load)
    service = open_service(settings, embedder=model, url=database_url)
    yield service
    service.close()
    model.close()


def test_a_model_process_killed_mid_ingest_is_a_503_and_stores_nothing(
    fake_service: Service,
) -> None:
    app = create_app(fake_service.settings, fake_service.db, fake_service.ingestor)
    with TestClient(app=app) as client:
        assert client.post("/api/articles", json=ARTICLE).status_code == 201
        model = fake_service.embedder
        assert isinstance(model, ModelProcess) and model.pid is not None
        fake_model.kill(model.pid)
        # Another wording: a sentence embedded lately would come from the cache, not the model.
        second = {**ARTICLE, "outlet": "Other Outlet", "url": "https://other.example/1",
                  "text": ARTICLE["text"].replace("11,000", "12,000")}
        problem = assert_problem(client.post("/api/articles", json=second), 503)
        assert "model process stopped" in problem["detail"]
        with psycopg.connect(fake_service.db.url) as conn:
            assert conn.execute("SELECT count(*) FROM articles").fetchone() == (1,)
        again = client.post("/api/articles", json=second)
        assert again.status_code == 201, again.text
        assert model.restarts == 1
        with psycopg.connect(fake_service.db.url) as conn:
            assert conn.execute("SELECT count(*) FROM articles").fetchone() == (2,)
            claims = conn.execute("SELECT count(*) FROM claims").fetchone()
        assert claims == (2,)


def test_health_brings_a_dead_model_process_back(fake_service: Service) -> None:
    app = create_app(fake_service.settings, fake_service.db, fake_service.ingestor)
    model = fake_service.embedder
    assert isinstance(model, ModelProcess) and model.pid is not None
    with TestClient(app=app) as client:
        fake_model.kill(model.pid)
        r = client.get("/health")
        assert r.status_code == 200, r.text
        assert model.restarts == 1
        assert client.post("/api/articles", json=ARTICLE).status_code == 201


def test_health_is_a_503_problem_while_the_model_cannot_be_started(
    fake_service: Service, monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = create_app(fake_service.settings, fake_service.db, fake_service.ingestor)
    model = fake_service.embedder
    assert isinstance(model, ModelProcess) and model.pid is not None
    with TestClient(app=app) as client:
        monkeypatch.setattr(model, "_args", (fake_model.fail_to_load, "/gone", 64, "auto", 1))
        fake_model.kill(model.pid)
        problem = assert_problem(client.get("/health"), 503)
        assert "no model at /gone" in problem["detail"]
        monkeypatch.undo()
        assert client.get("/health").status_code == 200


def test_a_service_that_cannot_reach_its_database_stops_the_model_it_started(
    settings: Settings, monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[ModelProcess] = []

    def fake_load_model(settings: Settings, wait: bool = True) -> ModelProcess:
        started.append(ModelProcess(factory=fake_model.load, wait=wait))
        return started[0]

    monkeypatch.setattr("reconcile.startup.load_model", fake_load_model)
    with pytest.raises(ReconcileError):
        open_service(settings, url="postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=2")
    assert len(started) == 1 and started[0].pid is None
