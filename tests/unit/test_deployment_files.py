"""docker-compose.yml and the Dockerfile cannot run here (no Docker engine): check the wiring."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT


def _compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_pgvector_with_healthcheck_and_named_volume() -> None:
    compose = _compose()
    db = compose["services"]["db"]
    assert db["image"] == "pgvector/pgvector:pg16"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume, _, mount = db["volumes"][0].partition(":")
    assert volume in compose["volumes"] and mount == "/var/lib/postgresql/data"


def test_compose_gives_postgres_a_buffer_pool_for_the_hnsw_index() -> None:
    db = _compose()["services"]["db"]
    command = db["command"]
    assert command[0] == "postgres"  # the image's entrypoint passes it on to the server
    setting = dict(zip(command[1::2], command[2::2], strict=True))["-c"]
    name, _, value = setting.partition("=")
    assert name == "shared_buffers"
    assert re.fullmatch(r"\$\{PG_SHARED_BUFFERS:-\d+[GM]B\}", value)
    assert db["shm_size"]


def test_compose_app_waits_for_healthy_db_and_is_wired_by_environment() -> None:
    compose = _compose()
    app = compose["services"]["app"]
    db = compose["services"]["db"]
    assert app["build"] == "."
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    url = app["environment"]["DATABASE_URL"]
    m = re.fullmatch(r"postgresql://(\w+):(\w+)@db:5432/(\w+)", url)
    assert m is not None
    user, password, name = m.groups()
    env = db["environment"]
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_DB"]) == (
        user, password, name)
    assert "RECONCILE_API_TOKEN" in app["environment"]


def test_dockerfile_builds_the_service_and_serves_on_the_published_port() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'torch==2.13.0' in dockerfile
    assert dockerfile.index("torch==2.13.0") < dockerfile.index("pip install --no-cache-dir -e .")
    assert "COPY schemas" in dockerfile and "COPY reconcile" in dockerfile
    cmd = re.search(r"^CMD (.+)$", dockerfile, re.M)
    assert cmd is not None and '"serve"' in cmd.group(1) and '"8000"' in cmd.group(1)
    published = _compose()["services"]["app"]["ports"][0]
    assert published.endswith(":8000")
